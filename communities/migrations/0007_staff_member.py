"""The staff record (*medewerker*): a person on a board's staff list, with function, schools,
invitation and leaving dates. Everyone who has a role at a board gets one here.

One person, one board counts the staff record too: the database function and triggers of
0005 are made again with it, and a new trigger refuses a staff record at a second board. A
later migration that makes one of these tables again on SQLite drops the triggers first and
makes them again after with `sqlite_triggers()` from here (as 0006 did with 0005's)."""

import django.db.models.deletion
import django.utils.timezone
from django.conf import settings
from django.db import migrations, models

_BOARDS_OF = """
    SELECT c.organisation_id AS board FROM communities_membership m
      JOIN communities_community c ON c.id = m.community_id WHERE m.user_id = {user}
    UNION SELECT s.organisation_id FROM communities_schoolleader l
      JOIN communities_school s ON s.id = l.school_id WHERE l.user_id = {user}
    UNION SELECT d.organisation_id FROM communities_boarddirector d WHERE d.user_id = {user}
    UNION SELECT a.organisation_id FROM communities_boardadministrator a WHERE a.user_id = {user}
"""
_STAFF = """
    UNION SELECT f.organisation_id FROM communities_staffmember f WHERE f.user_id = {user}
"""

# (table, the new row's board): the roles of 0004 and 0005, and the staff record.
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
    ("communities_boardadministrator", "NEW.organisation_id"),
]
NEW_ROLE = ("communities_staffmember", "NEW.organisation_id")


def _boards_of(user: str, *, staff: bool) -> str:
    return (_BOARDS_OF + (_STAFF if staff else "")).format(user=user)


def _postgresql(*, forwards: bool) -> list[str]:
    statements = [
        f"""
        CREATE OR REPLACE FUNCTION plc_one_board(p_user bigint, p_board bigint) RETURNS void AS $$
        BEGIN
          -- One role change per person at a time, so two at once can't both pass.
          PERFORM 1 FROM accounts_user WHERE id = p_user FOR UPDATE;
          IF EXISTS (SELECT 1 FROM ({_boards_of("p_user", staff=forwards)}) b
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


def sqlite_triggers(*, create: bool, staff: bool = True) -> list[str]:
    """Drop SQLite's one-board triggers and (`create`) make them again, counting the staff
    record when `staff`."""
    statements = []
    for table, board in [*ROLES, NEW_ROLE]:
        for event in ("INSERT", "UPDATE"):
            name = f"{table}_one_board_{event.lower()}"
            statements.append(f"DROP TRIGGER IF EXISTS {name};")
            if not create or ((table, board) == NEW_ROLE and not staff):
                continue
            statements.append(
                f"""
                CREATE TRIGGER {name} BEFORE {event} ON {table}
                WHEN EXISTS (SELECT 1 FROM ({_boards_of("NEW.user_id", staff=staff)})
                             WHERE board <> {board})
                BEGIN SELECT RAISE(ABORT, 'one person, one board'); END;
                """
            )
    return statements


def _statements(vendor: str, *, forwards: bool) -> list[str]:
    if vendor == "postgresql":
        return _postgresql(forwards=forwards)
    if vendor == "sqlite":
        return sqlite_triggers(create=True, staff=forwards)
    return []


def triggers_forwards(apps, schema_editor):
    for statement in _statements(schema_editor.connection.vendor, forwards=True):
        schema_editor.execute(statement, params=None)


def triggers_backwards(apps, schema_editor):
    for statement in _statements(schema_editor.connection.vendor, forwards=False):
        schema_editor.execute(statement, params=None)


def staff_from_roles(apps, schema_editor):
    """Everyone who has a role at a board is on its staff list; a school leader works at the
    school they lead."""
    StaffMember = apps.get_model("communities", "StaffMember")
    boards: dict[int, int] = {}
    schools: dict[int, set[int]] = {}
    for model, board in [
        ("BoardDirector", "organisation_id"),
        ("BoardAdministrator", "organisation_id"),
        ("SchoolLeader", "school__organisation_id"),
        ("Membership", "community__organisation_id"),
    ]:
        for user_id, board_id in apps.get_model("communities", model).objects.values_list(
            "user_id", board
        ):
            boards.setdefault(user_id, board_id)
    for user_id, school_id in apps.get_model("communities", "SchoolLeader").objects.values_list(
        "user_id", "school_id"
    ):
        schools.setdefault(user_id, set()).add(school_id)
    for user_id, board_id in boards.items():
        record = StaffMember.objects.create(user_id=user_id, organisation_id=board_id)
        record.schools.set(schools.get(user_id, ()))


class Migration(migrations.Migration):

    dependencies = [
        ('communities', '0006_school_numbers_sector_address'),
        migrations.swappable_dependency(settings.AUTH_USER_MODEL),
    ]

    operations = [
        migrations.CreateModel(
            name='StaffMember',
            fields=[
                ('id', models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name='ID')),
                ('function', models.CharField(blank=True, help_text='E.g. teacher, intern begeleider.', max_length=100, verbose_name='function')),
                ('created_at', models.DateTimeField(default=django.utils.timezone.now, verbose_name='added')),
                ('invited_at', models.DateTimeField(blank=True, null=True, verbose_name='invited')),
                ('left_at', models.DateTimeField(blank=True, null=True, verbose_name='left')),
                ('organisation', models.ForeignKey(on_delete=django.db.models.deletion.CASCADE, related_name='staff', to='communities.organisation', verbose_name='school board')),
                ('schools', models.ManyToManyField(blank=True, related_name='staff', to='communities.school', verbose_name='schools')),
                ('user', models.OneToOneField(on_delete=django.db.models.deletion.CASCADE, related_name='staff_record', to=settings.AUTH_USER_MODEL, verbose_name='person')),
            ],
            options={
                'verbose_name': 'staff member',
                'verbose_name_plural': 'staff members',
                'indexes': [models.Index(fields=['organisation', 'left_at'], name='communities_organis_e4bb95_idx')],
            },
        ),
        migrations.RunPython(staff_from_roles, migrations.RunPython.noop),
        migrations.RunPython(triggers_forwards, triggers_backwards),
    ]
