"""The board administrator (functioneel beheerder), and one person, one board for that role
too: the triggers of migration 0004 now count a board a person administers, and a new
trigger refuses an administration at a second board, whoever writes it."""

import django.db.models.deletion
from django.conf import settings
from django.db import migrations, models

_BOARDS_OF = """
    SELECT c.organisation_id AS board FROM communities_membership m
      JOIN communities_community c ON c.id = m.community_id WHERE m.user_id = {user}
    UNION SELECT s.organisation_id FROM communities_schoolleader l
      JOIN communities_school s ON s.id = l.school_id WHERE l.user_id = {user}
    UNION SELECT d.organisation_id FROM communities_boarddirector d WHERE d.user_id = {user}
"""
_ADMINISTRATORS = """
    UNION SELECT a.organisation_id FROM communities_boardadministrator a WHERE a.user_id = {user}
"""

# (table, the new row's board), as in 0004, and the new table.
ROLES = [
    (
        "communities_membership",
        "(SELECT organisation_id FROM communities_community WHERE id = NEW.community_id)",
    ),
    (
        "communities_schoolleader",
        "(SELECT organisation_id FROM communities_school WHERE id = NEW.school_id)",
    ),
    ("communities_boarddirector", "NEW.organisation_id"),
]
NEW_ROLE = ("communities_boardadministrator", "NEW.organisation_id")


def _boards_of(user: str, *, administrators: bool) -> str:
    sql = _BOARDS_OF + (_ADMINISTRATORS if administrators else "")
    return sql.format(user=user)


def _postgresql(*, forwards: bool) -> list[str]:
    # The triggers of 0004 call plc_one_board(): replacing it covers their tables.
    statements = [
        f"""
        CREATE OR REPLACE FUNCTION plc_one_board(p_user bigint, p_board bigint) RETURNS void AS $$
        BEGIN
          -- One role change per person at a time, so two at once can't both pass.
          PERFORM 1 FROM accounts_user WHERE id = p_user FOR UPDATE;
          IF EXISTS (SELECT 1 FROM ({_boards_of("p_user", administrators=forwards)}) b
                     WHERE b.board <> p_board)
          THEN
            RAISE EXCEPTION 'one person, one board: person % has a role at another board', p_user
              USING ERRCODE = '23514';
          END IF;
        END $$ LANGUAGE plpgsql;
        """
    ]
    table, board = NEW_ROLE
    if forwards:
        statements.append(
            f"""
            CREATE OR REPLACE FUNCTION {table}_one_board() RETURNS trigger AS $$
            BEGIN PERFORM plc_one_board(NEW.user_id, {board}); RETURN NEW; END
            $$ LANGUAGE plpgsql;
            CREATE TRIGGER {table}_one_board BEFORE INSERT OR UPDATE ON {table}
              FOR EACH ROW EXECUTE FUNCTION {table}_one_board();
            """
        )
    else:
        statements.insert(
            0,
            f"DROP TRIGGER IF EXISTS {table}_one_board ON {table};"
            f" DROP FUNCTION IF EXISTS {table}_one_board();",
        )
    return statements


def sqlite_triggers(*, create: bool, administrators: bool = True) -> list[str]:
    """Drop SQLite's one-board triggers and (`create`) make them again. SQLite's triggers
    carry the query themselves, so all of them are made again here; and a later migration
    that remakes one of the tables they read (SQLite does so to add a column with a default)
    drops them first and makes them again after (see 0006)."""
    statements = []
    for table, board in [*ROLES, NEW_ROLE]:
        for event in ("INSERT", "UPDATE"):
            name = f"{table}_one_board_{event.lower()}"
            statements.append(f"DROP TRIGGER IF EXISTS {name};")
            if not create or ((table, board) == NEW_ROLE and not administrators):
                continue
            boards_of = _boards_of("NEW.user_id", administrators=administrators)
            statements.append(
                f"""
                CREATE TRIGGER {name} BEFORE {event} ON {table}
                WHEN EXISTS (SELECT 1 FROM ({boards_of}) WHERE board <> {board})
                BEGIN SELECT RAISE(ABORT, 'one person, one board'); END;
                """
            )
    return statements


def _statements(vendor: str, *, forwards: bool) -> list[str]:
    if vendor == "postgresql":
        return _postgresql(forwards=forwards)
    if vendor == "sqlite":
        return sqlite_triggers(create=True, administrators=forwards)
    return []


def triggers_forwards(apps, schema_editor):
    for statement in _statements(schema_editor.connection.vendor, forwards=True):
        schema_editor.execute(statement, params=None)


def triggers_backwards(apps, schema_editor):
    for statement in _statements(schema_editor.connection.vendor, forwards=False):
        schema_editor.execute(statement, params=None)


class Migration(migrations.Migration):

    dependencies = [
        ('communities', '0004_one_board_per_person'),
        migrations.swappable_dependency(settings.AUTH_USER_MODEL),
    ]

    operations = [
        migrations.CreateModel(
            name='BoardAdministrator',
            fields=[
                ('id', models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name='ID')),
                ('organisation', models.ForeignKey(on_delete=django.db.models.deletion.CASCADE, related_name='administrators', to='communities.organisation', verbose_name='school board')),
                ('user', models.ForeignKey(on_delete=django.db.models.deletion.CASCADE, related_name='board_administrations', to=settings.AUTH_USER_MODEL, verbose_name='person')),
            ],
            options={
                'verbose_name': 'board administrator',
                'verbose_name_plural': 'board administrators',
                'constraints': [models.UniqueConstraint(fields=('organisation', 'user'), name='one_administration_per_board')],
            },
        ),
        migrations.RunPython(triggers_forwards, triggers_backwards),
    ]
