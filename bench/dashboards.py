"""Benchmark: the dashboards under gunicorn on PostgreSQL, on `seed_demo --scale 50` data.

Run from the project root:

    .venv/bin/python bench/dashboards.py --reseed           # fresh scale-50 data, then measure
    .venv/bin/python bench/dashboards.py                    # reuse the database if it has data
    .venv/bin/python bench/dashboards.py --database plc_bench_dev --scale 5 --seconds 3

It uses the PostgreSQL database --database on 127.0.0.1:5432 (user postgres, no password):
with --reseed it drops and recreates it (only names that start with "plc_bench"), migrates
it and runs `seed_demo --scale N`, printing the wall time and peak memory of seeding;
without --reseed it reuses the database when it holds the demo board, else creates and
seeds it. It collects the static files into a temporary folder, starts gunicorn
(`plc.wsgi:application`, --workers sync workers, DEBUG off, no Redis so Celery is eager, no
access log) on 127.0.0.1 on a free port, and signs in over HTTP as the demo personas.

Measured, each as its persona: the floor (the signed-in person's cheapest page, chosen by
query count), the board dashboard of the demo board (board director), the school dashboard
of a bulk school (board director) and of the demo school (its school leader), and the
community dashboard of a bulk community "PLG nnn-1" (its facilitator), this school year
and the previous one. Every URL must answer 200 with the expected heading before it is
timed. Per URL it prints the SQL statements of one request, then --concurrency client
threads for --seconds (requests, req/s, p50, p95, p99, max, and p50, p95 and req/s against
the floor's), and a sequential pass of --sequential requests (p50 and p95 at no load;
the target is p95 under 150 ms). It measures and asserts nothing about time.

The client threads run on the same machine as gunicorn and PostgreSQL, so they take CPU
from them; compare figures from the same machine only. gunicorn is always stopped at the
end (also on Ctrl-C and after --timeout seconds, default 1800). Only 127.0.0.1 is used.
"""

import argparse
import html
import http.client
import http.cookiejar
import os
import re
import shutil
import signal
import socket
import statistics
import subprocess
import sys
import tempfile
import threading
import time
import urllib.parse
import urllib.request
from dataclasses import dataclass, field
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
HOST = "127.0.0.1"
PG = {"host": HOST, "port": 5432, "user": "postgres"}
SETTINGS = "bench_dashboards_settings"
TARGET_P95_MS = 150
HEADING = re.compile(r"<h1[^>]*>(.*?)</h1>", re.DOTALL)
PERIOD = re.compile(r'<h2 id="period-heading">(.*?)</h2>', re.DOTALL)


class Timeout(Exception):
    pass


@dataclass
class Target:
    label: str
    path: str
    email: str
    heading: str  # text the page's <h1> must contain
    period: str = ""  # text the period heading must contain, if any
    queries: int = 0
    cookie: str = ""
    latencies: list[float] = field(default_factory=list)
    errors: int = 0
    elapsed: float = 0.0
    sequential: list[float] = field(default_factory=list)


# The database -----------------------------------------------------------------------------


def pg(dbname: str = "postgres"):
    import psycopg

    return psycopg.connect(dbname=dbname, autocommit=True, connect_timeout=10, **PG)


def database_state(name: str) -> tuple[bool, int | None]:
    """(exists, bulk schools of the demo board, or None without the demo board)."""
    with pg() as conn:
        if not conn.execute("SELECT 1 FROM pg_database WHERE datname = %s", [name]).fetchone():
            return False, None
    with pg(name) as conn:
        if not conn.execute("SELECT to_regclass('communities_organisation')").fetchone()[0]:
            return True, None
        board = conn.execute(
            "SELECT id FROM communities_organisation WHERE name = 'Scholengroep De Brug'"
        ).fetchone()
        if board is None:
            return True, None
        schools = conn.execute(
            "SELECT count(*) FROM communities_school "
            "WHERE organisation_id = %s AND name LIKE 'Bulkschool %%'",
            [board[0]],
        ).fetchone()[0]
        return True, schools


def recreate(name: str) -> None:
    from psycopg import sql

    with pg() as conn:
        conn.execute(
            sql.SQL("DROP DATABASE IF EXISTS {} WITH (FORCE)").format(sql.Identifier(name))
        )
        conn.execute(sql.SQL("CREATE DATABASE {}").format(sql.Identifier(name)))


def create(name: str) -> None:
    from psycopg import sql

    with pg() as conn:
        conn.execute(sql.SQL("CREATE DATABASE {}").format(sql.Identifier(name)))


def run_child(command: list[str], env: dict, log: Path) -> tuple[float, float]:
    """Run a manage.py command; return its wall time in seconds and peak RSS in MB."""
    started = time.perf_counter()
    with log.open("w") as out:
        child = subprocess.Popen(command, cwd=ROOT, env=env, stdout=out, stderr=subprocess.STDOUT)  # noqa: S603
        _, status, usage = os.wait4(child.pid, 0)
        child.returncode = os.waitstatus_to_exitcode(status)
    seconds = time.perf_counter() - started
    if child.returncode != 0:
        print(log.read_text()[-3000:])
        raise SystemExit(f"{' '.join(command[1:])} failed ({child.returncode})")
    return seconds, usage.ru_maxrss / 1024  # KB on Linux


def seed(args, env: dict, folder: Path) -> None:
    manage = [sys.executable, str(ROOT / "manage.py")]
    seconds, peak = run_child([*manage, "migrate", "--noinput", "-v0"], env, folder / "migrate")
    print(f"migrated in {seconds:.1f} s (peak RSS {peak:.0f} MB)")
    log = folder / "seed"
    seconds, peak = run_child([*manage, "seed_demo", "--scale", str(args.scale)], env, log)
    added = next((line for line in log.read_text().splitlines() if line.startswith("Bulk")), "")
    print(f"seed_demo --scale {args.scale}: {seconds:.1f} s, peak RSS {peak:.0f} MB")
    if added:
        print("  " + added)
    # What autovacuum does to a database in use within minutes of a bulk load: statistics
    # for the planner and the visibility map for index-only scans. Measuring right after a
    # bulk load without it measures a state no running installation is in for long.
    started = time.perf_counter()
    psql = ["psql", "-h", "127.0.0.1", "-U", "postgres", "-q", "-d", args.database]
    subprocess.run([*psql, "-c", "VACUUM ANALYZE"], check=True)  # noqa: S603
    print(f"VACUUM ANALYZE after the bulk load: {time.perf_counter() - started:.1f} s")


def prepare_database(args, env: dict, folder: Path) -> None:
    name = args.database
    if args.reseed:
        if not name.startswith("plc_bench"):
            raise SystemExit(f"--reseed drops the database; refusing for {name!r} (not plc_bench*)")
        print(f"database {name}: dropped and created again")
        recreate(name)
        seed(args, env, folder)
        return
    exists, schools = database_state(name)
    if not exists:
        print(f"database {name}: created")
        create(name)
    if schools is None:
        print(f"database {name}: no demo data; seeding")
        seed(args, env, folder)
        return
    print(f"database {name}: reused, {schools} bulk schools (--reseed for fresh data)")
    if schools < args.scale:
        print(f"  note: it holds less than --scale {args.scale}; figures are for {schools}")
    check = subprocess.run(  # noqa: S603
        [sys.executable, str(ROOT / "manage.py"), "migrate", "--check", "-v0"],
        cwd=ROOT,
        env=env,
        capture_output=True,
        check=False,
    )
    if check.returncode != 0:
        print("  note: it has unapplied migrations; pages may fail (--reseed to start over)")


# Django in this process: choosing the URLs and counting queries ---------------------------


def django_setup(env: dict) -> None:
    os.environ.update(env)
    os.environ.pop("REDIS_URL", None)
    sys.path[:0] = env["PYTHONPATH"].split(os.pathsep)
    import django

    django.setup()


def choose_targets() -> tuple[list[Target], list[str]]:
    """The URLs to time, with their persona and expected headings, and notes to print."""
    from django.db.models import Max, Min
    from django.urls import reverse
    from django.utils import timezone

    from communities.models import BoardDirector, Community, Membership, School, SchoolLeader
    from cycles.calendar import school_year_of
    from cycles.models import Meeting
    from demo import communities as demo

    notes = []
    board = BoardDirector.objects.select_related("organisation", "user").get(
        organisation__name=demo.BOARD, user__email="bestuur@example.org"
    )
    director = board.user.email
    demo_school = School.objects.get(organisation=board.organisation, name=demo.SCHOOLS[0][0])
    leader = SchoolLeader.objects.select_related("user").filter(school=demo_school).first().user
    bulk_school = (
        School.objects.filter(organisation=board.organisation, name__startswith="Bulkschool ")
        .order_by("name")
        .first()
    )
    if bulk_school is None:
        raise SystemExit("The database has no bulk schools: run with --reseed")

    # A bulk community "PLG nnn-1" with three school years of meetings, or the most there is.
    today = timezone.localdate()
    spans = (
        Meeting.objects.filter(
            cycle__community__organisation=board.organisation,
            cycle__community__name__regex=r"^PLG \d{3}-1$",
            starts_at__lt=timezone.now(),
        )
        .values("cycle__community")
        .annotate(first=Min("starts_at"), last=Max("starts_at"))
    )
    years = {
        row["cycle__community"]: school_year_of(timezone.localdate(row["last"]))
        - school_year_of(timezone.localdate(row["first"]))
        + 1
        for row in spans
    }
    candidates = Community.objects.filter(
        organisation=board.organisation, name__regex=r"^PLG \d{3}-1$"
    ).order_by("name")
    community = next((c for c in candidates if years.get(c.pk, 0) >= 3), None)
    if community is None:
        community = max(candidates, key=lambda c: years.get(c.pk, 0))
        notes.append(
            f"no PLG nnn-1 has meetings in 3 school years; {community.name} has "
            f"{years.get(community.pk, 0)} (the seed holds less history than wanted)"
        )
    else:
        notes.append(f"{community.name} has meetings in {years[community.pk]} school years")
    facilitator = (
        Membership.objects.select_related("user")
        .filter(community=community, role=Membership.Role.FACILITATOR)
        .first()
        .user
    )
    previous = school_year_of(today) - 1
    community_url = reverse("reports:community_dashboard", args=[community.pk])
    board_url = reverse("reports:board_dashboard", args=[board.organisation.pk])
    targets = [
        Target("board dashboard", board_url, director, board.organisation.name),
        Target(
            f"board dashboard, {previous}–{previous + 1}",
            f"{board_url}?year={previous}",
            director,
            board.organisation.name,
            period=f"{previous}–{previous + 1}",
        ),
        Target(
            f"board dashboard, cycle 3 of {previous}–{previous + 1}",
            f"{board_url}?year={previous}&cycle=3",
            director,
            board.organisation.name,
        ),
        Target(
            f"school dashboard, {bulk_school.name}",
            reverse("reports:school_dashboard", args=[bulk_school.pk]),
            director,
            bulk_school.name,
        ),
        Target(
            f"school dashboard, {bulk_school.name}, {previous}–{previous + 1}",
            reverse("reports:school_dashboard", args=[bulk_school.pk]) + f"?year={previous}",
            director,
            bulk_school.name,
            period=f"{previous}–{previous + 1}",
        ),
        Target(
            f"school dashboard, {demo_school.name}",
            reverse("reports:school_dashboard", args=[demo_school.pk]),
            leader.email,
            demo_school.name,
        ),
        Target(
            f"community dashboard, {community.name}",
            community_url,
            facilitator.email,
            community.name,
        ),
        Target(
            f"community dashboard, {community.name}, {previous}–{previous + 1}",
            f"{community_url}?year={previous}",
            facilitator.email,
            community.name,
            period=f"{previous}–{previous + 1}",
        ),
    ]
    return targets, notes


def count_queries(targets: list[Target]) -> Target:
    """Count each target's SQL statements in one request (after one warm-up request) through
    Django's test client in this process, and choose the floor: the cheapest signed-in page
    of the board director."""
    from django.db import connection
    from django.test import Client
    from django.test.utils import CaptureQueriesContext
    from django.urls import reverse

    from accounts.models import User

    def count(path: str, email: str | None) -> tuple[int, int]:
        client = Client(SERVER_NAME=HOST)
        if email:
            client.force_login(User.objects.get(email=email))
        client.get(path)
        with CaptureQueriesContext(connection) as captured:
            status = client.get(path).status_code
        return status, len(captured)

    for target in targets:
        status, target.queries = count(target.path, target.email)
        if status != 200:
            raise SystemExit(f"{target.label}: {target.path} answered {status} in the test client")

    director = targets[0].email
    login = reverse("accounts:login")
    candidates = [
        ("profile page", reverse("accounts:profile"), director),
        ("mail preferences", reverse("notifications:preferences"), director),
        ("login page, anonymous", login, None),
    ]
    print("floor candidates (SQL statements in one request):")
    tried = []
    for name, path, email in candidates:
        status, queries = count(path, email)
        who = email or "nobody"
        print(f"  {name:24} {path:22} as {who:22} {queries:3} queries (HTTP {status})")
        if status == 200 and email:
            tried.append((queries, name, path, email))
    queries, name, path, email = min(tried)
    print(
        f"floor: the {name} ({path}), the signed-in page with the fewest queries: it pays "
        "what every dashboard pays (session, user, session save, base template) and little "
        "else; the anonymous login page pays less than any signed-in page, so it is no floor "
        "for them"
    )
    floor = Target(f"floor: {name}", path, email, "")
    floor.queries = queries
    connection.close()
    return floor


# HTTP -------------------------------------------------------------------------------------


def free_port() -> int:
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as probe:
        probe.bind((HOST, 0))
        return probe.getsockname()[1]


def get(port: int, path: str, cookie: str) -> tuple[int, bytes]:
    conn = http.client.HTTPConnection(HOST, port, timeout=30)
    try:
        conn.request("GET", path, headers={"Cookie": cookie} if cookie else {})
        response = conn.getresponse()
        return response.status, response.read()
    finally:
        conn.close()


def wait_until_up(port: int, server: subprocess.Popen, log: Path, seconds: float = 60) -> None:
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        if server.poll() is not None:
            print(log.read_text()[-3000:])
            raise SystemExit(f"gunicorn stopped at start-up ({server.returncode})")
        try:
            if get(port, "/healthz", "")[0] == 200:
                return
        except OSError:
            pass
        time.sleep(0.2)
    print(log.read_text()[-3000:])
    raise SystemExit(f"gunicorn did not answer within {seconds:.0f} s")


def sign_in(port: int, email: str, password: str) -> str:
    """Sign in through the login form; return the Cookie header of the session."""
    jar = http.cookiejar.CookieJar()
    opener = urllib.request.build_opener(urllib.request.HTTPCookieProcessor(jar))
    login = f"http://{HOST}:{port}/accounts/login/"
    page = opener.open(login, timeout=30).read().decode()
    token = re.search(r'name="csrfmiddlewaretoken" value="([^"]+)"', page).group(1)
    form = urllib.parse.urlencode(
        {"username": email, "password": password, "csrfmiddlewaretoken": token, "next": "/"}
    ).encode()
    request = urllib.request.Request(login, data=form, headers={"Referer": login})  # noqa: S310
    opener.open(request, timeout=30).read()
    cookies = {c.name: c.value for c in jar}
    if "sessionid" not in cookies:
        raise SystemExit(f"signing in as {email} failed")
    return "; ".join(f"{name}={value}" for name, value in cookies.items())


def verify(port: int, target: Target, warm_up: int) -> None:
    status, body = get(port, target.path, target.cookie)
    if status != 200:
        raise SystemExit(f"{target.label}: {target.path} answered {status}")
    page = body.decode()
    if target.heading:
        heading = HEADING.search(page)
        if heading is None or html.escape(target.heading) not in heading.group(1):
            raise SystemExit(f"{target.label}: no heading with {target.heading!r} in the page")
    if target.period:
        period = PERIOD.search(page)
        if period is None or target.period not in period.group(1):
            raise SystemExit(f"{target.label}: the page doesn't show {target.period}")
    for _ in range(warm_up):
        get(port, target.path, target.cookie)


def load(port: int, target: Target, threads: int, seconds: float) -> None:
    lock = threading.Lock()
    deadline = time.perf_counter() + seconds

    def client() -> None:
        mine, errors = [], 0
        while time.perf_counter() < deadline:
            begin = time.perf_counter()
            try:
                status, _ = get(port, target.path, target.cookie)
            except OSError:
                status = 0
            if status == 200:
                mine.append(time.perf_counter() - begin)
            else:
                errors += 1
        with lock:
            target.latencies += mine
            target.errors += errors

    started = time.perf_counter()
    workers = [threading.Thread(target=client, daemon=True) for _ in range(threads)]
    for worker in workers:
        worker.start()
    for worker in workers:
        worker.join()
    target.elapsed = time.perf_counter() - started


def sequential(port: int, target: Target, count: int) -> None:
    for _ in range(count):
        begin = time.perf_counter()
        status, _ = get(port, target.path, target.cookie)
        if status == 200:
            target.sequential.append(time.perf_counter() - begin)
        else:
            target.errors += 1


# Figures ----------------------------------------------------------------------------------


def percentiles(values: list[float]) -> dict[str, float]:
    """p50, p95, p99 and max in ms (0 without values)."""
    if len(values) < 2:
        only = values[0] * 1000 if values else 0.0
        return {"p50": only, "p95": only, "p99": only, "max": only}
    cuts = statistics.quantiles(values, n=100, method="inclusive")
    return {
        "p50": cuts[49] * 1000,
        "p95": cuts[94] * 1000,
        "p99": cuts[98] * 1000,
        "max": max(values) * 1000,
    }


def table(targets: list[Target], floor: Target) -> None:
    base = percentiles(floor.latencies)
    base_rate = len(floor.latencies) / floor.elapsed if floor.elapsed else 0
    print(
        "| page | queries | requests | errors | req/s | p50 | p95 | p99 | max "
        "| p50 × floor | p95 × floor | req/s × floor | seq. p50 | seq. p95 |"
    )
    print("|---|---|---|---|---|---|---|---|---|---|---|---|---|---|")
    for target in [floor, *targets]:
        figures = percentiles(target.latencies)
        alone = percentiles(target.sequential)
        rate = len(target.latencies) / target.elapsed if target.elapsed else 0
        print(
            f"| {target.label} | {target.queries} | {len(target.latencies)} | {target.errors} "
            f"| {rate:.1f} | {figures['p50']:.0f} | {figures['p95']:.0f} "
            f"| {figures['p99']:.0f} | {figures['max']:.0f} "
            f"| {figures['p50'] / base['p50']:.1f} | {figures['p95'] / base['p95']:.1f} "
            f"| {rate / base_rate:.2f} | {alone['p50']:.0f} | {alone['p95']:.0f} |"
        )
    print("(latencies in ms; seq. = one request at a time)")
    over = [t.label for t in targets if percentiles(t.sequential)["p95"] >= TARGET_P95_MS]
    print(
        f"sequential p95 at or over the {TARGET_P95_MS} ms target: "
        + (", ".join(over) if over else "none")
    )


# Running ----------------------------------------------------------------------------------


def run(args, folder: Path) -> int:
    port = free_port()
    (folder / f"{SETTINGS}.py").write_text(
        f"from plc.settings import *  # noqa: F403\nSTATIC_ROOT = {str(folder / 'static')!r}\n"
    )
    env = {
        **os.environ,
        "DATABASE_URL": f"postgres://postgres@{HOST}:5432/{args.database}",
        "DJANGO_SETTINGS_MODULE": SETTINGS,
        "PYTHONPATH": os.pathsep.join([str(folder), str(ROOT)]),
        "DEBUG": "false",
        "DEMO_DATA": "true",  # seed_demo --scale makes the data
        "SECRET_KEY": "bench-dashboards-" + os.urandom(16).hex(),
        "ALLOWED_HOSTS": HOST,
        "SITE_URL": f"http://{HOST}:{port}",
        "PLC_VAR_DIR": str(folder),
        "MEDIA_ROOT": str(folder / "media"),
        "LOG_LEVEL": "WARNING",
    }
    env.pop("REDIS_URL", None)
    env.pop("SECRET_KEY_FILE", None)

    with pg() as conn:
        version = conn.execute("SHOW server_version").fetchone()[0]
    print(
        f"PostgreSQL {version}, database {args.database}; {os.cpu_count()} cores, "
        f"load average {os.getloadavg()[0]:.2f} at start"
    )
    prepare_database(args, env, folder)
    seconds, _ = run_child(
        [sys.executable, str(ROOT / "manage.py"), "collectstatic", "--noinput", "-v0"],
        env,
        folder / "collectstatic",
    )
    print(f"static files collected into a temporary folder in {seconds:.1f} s")

    django_setup(env)
    from demo.communities import DEMO_PASSWORD

    targets, notes = choose_targets()
    floor = count_queries(targets)
    for note in notes:
        print("note: " + note)

    log = folder / "gunicorn.log"
    with log.open("w") as out:
        server = subprocess.Popen(  # noqa: S603 - a fixed command, bound to 127.0.0.1
            [
                sys.executable,
                "-m",
                "gunicorn",
                "plc.wsgi:application",
                "--bind",
                f"{HOST}:{port}",
                "--workers",
                str(args.workers),
                "--log-level",
                "warning",
                "--graceful-timeout",
                "5",
            ],
            cwd=ROOT,
            env=env,
            stdout=out,
            stderr=subprocess.STDOUT,
            start_new_session=True,  # Ctrl-C reaches only this script, which stops it
        )
    try:
        wait_until_up(port, server, log)
        print(
            f"gunicorn on {HOST}:{port}, {args.workers} sync workers; {args.concurrency} "
            f"client threads for {args.seconds:g} s per page, then {args.sequential} requests "
            "one at a time"
        )
        cookies = {}
        for target in [floor, *targets]:
            if target.email not in cookies:
                cookies[target.email] = sign_in(port, target.email, DEMO_PASSWORD)
            target.cookie = cookies[target.email]
            verify(port, target, args.warm_up)
        print("signed in as " + ", ".join(cookies) + "; every page answered 200")
        for target in [floor, *targets]:
            print(f"  {target.label:58} {target.path:36} as {target.email}")
            load(port, target, args.concurrency, args.seconds)
            sequential(port, target, args.sequential)
        print()
        table(targets, floor)
        print(f"load average {os.getloadavg()[0]:.2f} at the end")
    finally:
        server.terminate()
        try:
            server.wait(timeout=15)
        except subprocess.TimeoutExpired:
            server.kill()
            server.wait()
        if server.returncode not in (0, -signal.SIGTERM):
            print(log.read_text()[-3000:])
    return 0


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--database", default="plc_bench_dashboards")
    parser.add_argument("--reseed", action="store_true", help="drop, recreate and seed it")
    parser.add_argument("--scale", type=int, default=50, help="seed_demo --scale (schools)")
    parser.add_argument("--seconds", type=float, default=10, help="per URL, under load")
    parser.add_argument("--concurrency", type=int, default=4, help="client threads")
    parser.add_argument("--workers", type=int, default=2, help="gunicorn workers")
    parser.add_argument("--sequential", type=int, default=50, help="requests one at a time")
    parser.add_argument("--warm-up", type=int, default=3, help="requests before timing")
    parser.add_argument("--timeout", type=int, default=1800, help="stop after this many s")
    args = parser.parse_args()

    def stop(signum, frame):
        raise Timeout(signal.Signals(signum).name)

    # gunicorn is stopped in `run`'s finally on Ctrl-C, on kill (SIGTERM) and on --timeout.
    signal.signal(signal.SIGINT, signal.default_int_handler)
    signal.signal(signal.SIGTERM, stop)
    signal.signal(signal.SIGALRM, stop)
    signal.alarm(args.timeout)
    folder = Path(tempfile.mkdtemp(prefix="plc-bench-dashboards-"))
    try:
        return run(args, folder)
    except Timeout as reason:
        print(f"stopped ({reason}; --timeout {args.timeout} s)")
        return 1
    except KeyboardInterrupt:
        print("interrupted")
        return 130
    finally:
        signal.alarm(0)
        shutil.rmtree(folder, ignore_errors=True)


if __name__ == "__main__":
    sys.exit(main())
