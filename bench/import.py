"""Benchmark: the staff import of a 2,000-row file, previewed and committed.

Run from the project root:

    .venv/bin/python bench/import.py                 # 2,000 rows, CSV
    .venv/bin/python bench/import.py --rows 500      # fewer rows
    .venv/bin/python bench/import.py --xlsx          # the same rows as an Excel file

It makes a throwaway SQLite database in a temporary folder (removed afterwards), migrates
it, makes a board with 20 schools, two communities and an administrator, writes a staff
file (name parts, e-mail, school, function, every tenth person in a community), and then,
as the pages do: reads and stores it (upload), computes the preview, commits it, and
imports the same file a second time (all unchanged). It prints per step the wall time, the
peak memory Python allocated (tracemalloc) and the SQL statements, in total and per row.

DATABASE_URL=postgres://… runs it against that database instead; it must be an empty,
throwaway database (the script refuses one that has tables in it). The script stops itself
after --timeout seconds (default 600).
"""

import argparse
import io
import os
import shutil
import signal
import sys
import tempfile
import time
import tracemalloc
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent


class Counter:
    """Counts every SQL statement Django runs (savepoints included)."""

    def __init__(self) -> None:
        self.count = 0

    def __call__(self, execute, sql, params, many, context):
        self.count += 1
        return execute(sql, params, many, context)


def staff_file(rows: int, *, xlsx: bool) -> bytes:
    header = ["Voornaam", "Tussenvoegsel", "Achternaam", "E-mailadres", "School", "Functie"]
    header.append("Leergemeenschap")
    lines = [
        [
            f"Persoon{n}",
            "van" if n % 7 == 0 else "",
            f"Achternaam{n}",
            f"persoon{n:05d}@bench.example.org",
            f"School {n % 20:02d}",
            ["leerkracht", "intern begeleider", "onderwijsassistent"][n % 3],
            "PLG Lezen" if n % 10 == 0 else "",
        ]
        for n in range(rows)
    ]
    if xlsx:
        import openpyxl

        workbook = openpyxl.Workbook()
        sheet = workbook.active
        for line in [header, *lines]:
            sheet.append(line)
        out = io.BytesIO()
        workbook.save(out)
        return out.getvalue()
    return ("\r\n".join(";".join(line) for line in [header, *lines]) + "\r\n").encode("cp1252")


def measure(label: str, rows: int, step):
    """Run `step()` counting its SQL, its wall time and its peak memory."""
    from django.db import connection

    counter = Counter()
    tracemalloc.start()
    started = time.perf_counter()
    with connection.execute_wrapper(counter):
        result = step()
    seconds = time.perf_counter() - started
    _current, peak = tracemalloc.get_traced_memory()
    tracemalloc.stop()
    print(
        f"{label:<34} {seconds:7.2f} s  peak {peak / 1024 / 1024:6.1f} MB  "
        f"{counter.count:5d} queries  {counter.count / rows:6.3f} per row"
    )
    return result


def run(args) -> int:
    import django

    django.setup()
    from django.core.files.uploadedfile import SimpleUploadedFile
    from django.core.management import call_command
    from django.db import connection
    from django.utils import timezone

    from accounts.models import User
    from boards.selectors.imports import import_plan
    from boards.services import imports
    from communities import services as community_services
    from communities.models import Organisation, School, StaffMember

    if connection.introspection.table_names():
        print("DATABASE_URL points at a database that has tables; use an empty, throwaway one.")
        return 2
    call_command("migrate", verbosity=0, interactive=False)
    board = Organisation.objects.create(name="Bench board")
    schools = School.objects.bulk_create(
        School(organisation=board, name=f"School {n:02d}", region="midden", brin=f"{n:02d}AB")
        for n in range(20)
    )
    community_services.community_create(
        name="PLG Lezen", focus="Lezen", schools=schools[:2], start_date=timezone.localdate()
    )
    administrator = User.objects.create_user("beheer@bench.example.org", full_name="Beheer")
    community_services.board_administrator_add(organisation=board, user=administrator)
    content = staff_file(args.rows, xlsx=args.xlsx)
    name = "personeel.xlsx" if args.xlsx else "personeel.csv"
    print(
        f"database: {connection.vendor}; file: {name}, {args.rows} rows, "
        f"{len(content) / 1024:.0f} KiB"
    )

    def upload():
        return imports.staff_import_create(
            organisation=board, by=administrator, file=SimpleUploadedFile(name, content)
        )

    for attempt in ("first import", "same file again"):
        staff_import = measure(f"{attempt}: upload (read, store)", args.rows, upload)
        plan = measure(
            f"{attempt}: preview",
            args.rows,
            lambda staff_import=staff_import: import_plan(staff_import, by=administrator),
        )
        print(
            f"  preview: {len(plan.new)} new, {len(plan.changed)} changed, "
            f"{len(plan.unchanged)} unchanged, {len(plan.problems)} problems"
        )
        measure(
            f"{attempt}: commit",
            args.rows,
            lambda staff_import=staff_import: imports.staff_import_commit(
                staff_import=staff_import, by=administrator
            ),
        )
    staff = StaffMember.objects.filter(organisation=board).count()
    print(f"staff records: {staff} (the administrator and {staff - 1} imported)")
    ok = staff == args.rows + 1
    print("OK" if ok else "MISMATCH")
    return 0 if ok else 1


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--rows", type=int, default=2000)
    parser.add_argument("--xlsx", action="store_true", help="an Excel file instead of CSV")
    parser.add_argument("--timeout", type=int, default=600, help="stop after this many seconds")
    args = parser.parse_args()

    def out_of_time(signum, frame):
        raise TimeoutError(f"the benchmark took longer than {args.timeout} s")

    signal.signal(signal.SIGALRM, out_of_time)
    signal.alarm(args.timeout)
    folder = tempfile.mkdtemp(prefix="plc-bench-")
    try:
        os.environ.setdefault("DATABASE_URL", f"sqlite:///{folder}/bench.sqlite3")
        os.environ["PLC_VAR_DIR"] = folder
        os.environ.pop("REDIS_URL", None)  # tasks in-process
        os.environ["DJANGO_SETTINGS_MODULE"] = "plc.settings"
        sys.path.insert(0, str(ROOT))
        return run(args)
    finally:
        signal.alarm(0)
        shutil.rmtree(folder, ignore_errors=True)


if __name__ == "__main__":
    sys.exit(main())
