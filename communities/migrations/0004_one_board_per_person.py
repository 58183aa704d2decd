"""One person, one board, in the database: a role (membership, school leader, board
director) at a board other than the one the person already has a role at is refused by a
trigger, whoever writes it (the services check it first, with a message at the field)."""

from django.db import migrations

BOARDS_OF = """
    SELECT c.organisation_id AS board FROM communities_membership m
      JOIN communities_community c ON c.id = m.community_id WHERE m.user_id = {user}
    UNION SELECT s.organisation_id FROM communities_schoolleader l
      JOIN communities_school s ON s.id = l.school_id WHERE l.user_id = {user}
    UNION SELECT d.organisation_id FROM communities_boarddirector d WHERE d.user_id = {user}
"""

# (table, the new row's board)
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


def _postgresql() -> tuple[list[str], list[str]]:
    create = [
        f"""
        CREATE OR REPLACE FUNCTION plc_one_board(p_user bigint, p_board bigint) RETURNS void AS $$
        BEGIN
          -- One role change per person at a time, so two at once can't both pass.
          PERFORM 1 FROM accounts_user WHERE id = p_user FOR UPDATE;
          IF EXISTS (SELECT 1 FROM ({BOARDS_OF.format(user="p_user")}) b WHERE b.board <> p_board)
          THEN
            RAISE EXCEPTION 'one person, one board: person % has a role at another board', p_user
              USING ERRCODE = '23514';
          END IF;
        END $$ LANGUAGE plpgsql;
        """
    ]
    drop = []
    for table, board in ROLES:
        create.append(
            f"""
            CREATE OR REPLACE FUNCTION {table}_one_board() RETURNS trigger AS $$
            BEGIN PERFORM plc_one_board(NEW.user_id, {board}); RETURN NEW; END
            $$ LANGUAGE plpgsql;
            CREATE TRIGGER {table}_one_board BEFORE INSERT OR UPDATE ON {table}
              FOR EACH ROW EXECUTE FUNCTION {table}_one_board();
            """
        )
        drop.append(
            f"DROP TRIGGER IF EXISTS {table}_one_board ON {table};"
            f" DROP FUNCTION IF EXISTS {table}_one_board();"
        )
    drop.append("DROP FUNCTION IF EXISTS plc_one_board(bigint, bigint);")
    return create, drop


def _sqlite() -> tuple[list[str], list[str]]:
    create, drop = [], []
    for table, board in ROLES:
        for event in ("INSERT", "UPDATE"):
            name = f"{table}_one_board_{event.lower()}"
            create.append(
                f"""
                CREATE TRIGGER {name} BEFORE {event} ON {table}
                WHEN EXISTS (SELECT 1 FROM ({BOARDS_OF.format(user="NEW.user_id")})
                             WHERE board <> {board})
                BEGIN SELECT RAISE(ABORT, 'one person, one board'); END;
                """
            )
            drop.append(f"DROP TRIGGER IF EXISTS {name};")
    return create, drop


def _statements(vendor: str, which: int) -> list[str]:
    if vendor == "postgresql":
        return _postgresql()[which]
    if vendor == "sqlite":
        return _sqlite()[which]
    return []


def forwards(apps, schema_editor):
    for statement in _statements(schema_editor.connection.vendor, 0):
        schema_editor.execute(statement, params=None)


def backwards(apps, schema_editor):
    for statement in _statements(schema_editor.connection.vendor, 1):
        schema_editor.execute(statement, params=None)


class Migration(migrations.Migration):
    dependencies = [
        ("accounts", "0001_initial"),
        ("communities", "0003_coach_acceptance_reader_notice"),
    ]

    operations = [migrations.RunPython(forwards, backwards)]
