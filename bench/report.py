"""Benchmark: render a full cycle report (PDF) and print its time and peak memory.

Run from the project root:

    .venv/bin/python bench/report.py                  # 25 members, 3 renders
    .venv/bin/python bench/report.py --members 40 --renders 5
    .venv/bin/python bench/report.py --school-year    # the school-year report instead

With --school-year it seeds a school with three communities and a full past school year
(ten cycles each, every group meeting held with attendance and actions, goals with
progress, visits, reflections private and shared, scan rounds) and renders that school's
school-year report instead.

It makes a throwaway SQLite database in a temporary folder (removed afterwards; any
DATABASE_URL in the environment is ignored), migrates it, and seeds one community with a
full cycle: members, every group meeting with a topic, decisions, attendance and actions,
coaching sessions, products, goals with progress, visits (half shared), reflections
(shared, private and drafts), and closed scan rounds. Then it renders the cycle report
--renders times and prints, per render, the wall time, the PDF's size and pages, and the
process's peak resident memory (getrusage ru_maxrss) before and after. Targets: under 3 s
per render and under 300 MB peak.
"""

import argparse
import os
import resource
import shutil
import signal
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
SECRET = "BENCH-SECRET"
LOREM = (
    "We read the text aloud together and stopped after every paragraph to ask the pupils "
    "what they expected next. Most pupils answered in full sentences; a few needed the "
    "sentence starters on the board. "
)


def peak_mb() -> float:
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024  # KB on Linux


def seed(members: int) -> dict:
    import datetime as dt

    from django.utils import timezone

    from accounts.models import User
    from communities import services as community_services
    from communities.models import Membership
    from cycles import selectors as cycle_selectors
    from cycles.models import ActivityKind, AgreedAction, Attendance, Meeting
    from cycles.services import cycles as cycle_services
    from cycles.services.meetings import attendance_recount
    from cycles.services.products import product_create
    from observations.models import Instrument, Reflection, Score, Visit
    from observations.selectors import scan as scan_selectors
    from observations.services import reflections as reflection_services
    from observations.services import scan as scan_services
    from observations.services import visits as visit_services
    from tests.factories import OrganisationFactory, SchoolFactory, make_community

    today = timezone.localdate()
    board = OrganisationFactory(name="Bench board")
    school = SchoolFactory(organisation=board, name="Bench school")
    facilitator = User.objects.create_user(email="facilitator@bench.test", full_name="Fay Bench")
    community = make_community(schools=[school], name="PLG Bench", facilitator=facilitator)
    people = [
        User.objects.create_user(email=f"m{i}@bench.test", full_name=f"Member {i:02d}")
        for i in range(members)
    ]
    for person in people:
        community_services.membership_add(
            community=community, user=person, role=Membership.Role.MEMBER
        )
    goals = [
        community_services.community_goal_create(
            community=community,
            title=f"Goal {n}: pupils summarise a text",
            outcome=LOREM,
            success_criterion="8 of 10 observed lessons",
            target_date=today + dt.timedelta(days=60 * n),
            owner=facilitator,
        )
        for n in range(1, 6)
    ]
    for n, goal in enumerate(goals, start=1):
        community_services.goal_progress_add(
            goal=goal, author=facilitator, date=today, done="Lessons", value=15 * n
        )
    monday = today - dt.timedelta(days=today.weekday(), weeks=2)
    cycle = cycle_services.plan_create(
        community=community, template=cycle_selectors.template_default(), start=monday, count=1
    )[0]
    cycle_services.cycle_update(cycle=cycle, version=cycle.version, topic="Reading aloud")
    meetings = list(Meeting.objects.filter(cycle=cycle))
    group = [m for m in meetings if m.kind != ActivityKind.COACHING]
    everyone = [facilitator, *people]
    for n, meeting in enumerate(group, start=1):
        Meeting.objects.filter(pk=meeting.pk).update(
            topic=f"Meeting {n}: reading aloud",
            agenda=LOREM,
            notes=LOREM * 3,
            decisions=(f"Decision {n}. " + LOREM) * 2,
            status=Meeting.Status.HELD,
        )
        Attendance.objects.bulk_create(
            Attendance(meeting=meeting, user=p, status="present" if i % 7 else "absent")
            for i, p in enumerate(everyone)
        )
        attendance_recount([meeting.pk])
        AgreedAction.objects.bulk_create(
            AgreedAction(meeting=meeting, description=f"Action {n}.{k}: {LOREM[:80]}", owner=p)
            for k, p in enumerate(people[:4])
        )
    for n in range(8):
        product_create(
            community=community,
            title=f"Product {n}",
            description=LOREM * 2,
            link="https://example.org/product",
            cycle=cycle,
            goal=goals[n % 5],
            authors=people[n : n + 3],
            by=people[n],
        )
    instrument = Instrument.objects.filter(organisation=None, is_current=True).first()
    items = list(instrument.domains.first().items.all())
    for n in range(30):
        observed, observer = people[n % members], people[(n + 1) % members]
        visit = visit_services.visit_plan(
            community=community,
            observed=observed,
            observers=[observer],
            instrument=instrument,
            starts_at=timezone.now() - dt.timedelta(days=n % 10),
            group=f"{3 + n % 5}A",
            subject="Reading",
        )
        shared = n % 2 == 0
        Visit.objects.filter(pk=visit.pk).update(
            cycle=cycle,
            status=Visit.Status.values[n % 5],
            focus=LOREM if shared else SECRET,
            feed_back=LOREM if shared else SECRET,
            feed_forward=LOREM if shared else SECRET,
            shared_with_community=shared,
        )
        Score.objects.bulk_create(
            Score(visit=visit, item=item, evidence=SECRET) for item in items[:5]
        )
    for n in range(60):
        author = people[n % members]
        visibility = ["community", "community", "private", "coach"][n % 4]
        reflection_services.reflection_save(
            author=author,
            community=community,
            visibility=visibility,
            title=f"Reflection {n}" if visibility == "community" else SECRET,
            text=LOREM * 3 if visibility == "community" else SECRET,
            next_step=LOREM,
            publish=n % 10 != 9,
        )
    scan = scan_selectors.scan_default()
    statements = list(scan.themes.values_list("statements__pk", flat=True))
    for _round in range(4):
        scan_round = scan_services.scan_round_open(community=community, scan=scan)
        for i, person in enumerate(people[:20]):
            scan_services.scan_answer(
                scan_round=scan_round,
                respondent=person,
                scores={pk: 1 + (pk + i) % 5 for pk in statements},
            )
        scan_services.scan_round_close(scan_round=scan_round)
    return {
        "cycle": cycle,
        "members": members,
        "meetings": len(meetings),
        "group meetings": len(group),
        "attendance": Attendance.objects.filter(meeting__cycle=cycle).count(),
        "actions": AgreedAction.objects.filter(meeting__cycle=cycle).count(),
        "visits": Visit.objects.filter(cycle=cycle).count(),
        "reflections": Reflection.objects.filter(community=community).count(),
    }


def seed_school_year(members: int) -> dict:
    """A school with three communities, each with `members` members and a whole past
    school year of cycles, meetings, attendance, actions, goals, visits and reflections."""
    import datetime as dt

    from django.utils import timezone

    from accounts.models import User
    from communities import services as community_services
    from communities.models import Membership
    from cycles import selectors as cycle_selectors
    from cycles.calendar import school_year_of
    from cycles.models import ActivityKind, AgreedAction, Attendance, Meeting
    from cycles.services import cycles as cycle_services
    from cycles.services.meetings import attendance_recount
    from observations.models import Instrument, Reflection, Visit
    from observations.services import reflections as reflection_services
    from observations.services import visits as visit_services
    from tests.factories import OrganisationFactory, SchoolFactory, make_community

    today = timezone.localdate()
    year = school_year_of(today) - 1
    board = OrganisationFactory(name="Bench board")
    school = SchoolFactory(organisation=board, name="Bench school")
    instrument = Instrument.objects.filter(organisation=None, is_current=True).first()
    start = dt.date(year, 9, 1)
    start -= dt.timedelta(days=start.weekday())
    for number, name in enumerate(["PLG Lezen", "PLG Rekenen", "PLG Schrijven"]):
        facilitator = User.objects.create_user(
            email=f"f{number}@bench.test", full_name=f"Facilitator {number}"
        )
        community = make_community(
            schools=[school], name=name, facilitator=facilitator, start_date=dt.date(year, 8, 1)
        )
        people = [
            User.objects.create_user(email=f"m{number}-{i}@bench.test", full_name=f"M {i:02d}")
            for i in range(members)
        ]
        for person in people:
            community_services.membership_add(
                community=community, user=person, role=Membership.Role.MEMBER
            )
        for n in range(1, 6):
            goal = community_services.community_goal_create(
                community=community,
                title=f"Goal {n} of {name}",
                outcome=LOREM,
                success_criterion="8 of 10 observed lessons",
                target_date=dt.date(year + 1, 6, 1),
                owner=facilitator,
            )
            community_services.goal_progress_add(
                goal=goal, author=facilitator, date=today, done="Lessons", value=15 * n
            )
        cycle_services.plan_create(
            community=community, template=cycle_selectors.template_default(), start=start, count=10
        )
        group = list(
            Meeting.objects.filter(community=community).exclude(kind=ActivityKind.COACHING)
        )
        Meeting.objects.filter(pk__in=[m.pk for m in group]).update(
            status=Meeting.Status.HELD, notes=SECRET, decisions=SECRET
        )
        everyone = [facilitator, *people]
        Attendance.objects.bulk_create(
            Attendance(meeting=m, user=p, status="present" if (i + n) % 6 else "absent")
            for n, m in enumerate(group)
            for i, p in enumerate(everyone)
        )
        attendance_recount([m.pk for m in group])
        AgreedAction.objects.bulk_create(
            AgreedAction(meeting=m, description=SECRET, owner=people[n % members])
            for n, m in enumerate(group)
        )
        for n in range(20):
            visit = visit_services.visit_plan(
                community=community,
                observed=people[n % members],
                observers=[people[(n + 1) % members]],
                instrument=instrument,
                starts_at=timezone.make_aware(
                    dt.datetime.combine(start + dt.timedelta(days=14 * n), dt.time(10))
                ),
            )
            Visit.objects.filter(pk=visit.pk).update(
                status=Visit.Status.values[n % 5], focus=SECRET, feed_back=SECRET
            )
        for n in range(40):
            reflection_services.reflection_save(
                author=people[n % members],
                community=community,
                visibility=["community", "private", "coach"][n % 3],
                title=SECRET,
                text=SECRET,
                publish=True,
                created_at=timezone.make_aware(
                    dt.datetime.combine(start + dt.timedelta(days=7 * n), dt.time(12))
                ),
            )
    return {
        "school": school,
        "year": year,
        "communities": 3,
        "members per community": members,
        "meetings": Meeting.objects.filter(community__schools=school).count(),
        "attendance": Attendance.objects.filter(meeting__community__schools=school).count(),
        "visits": Visit.objects.filter(community__schools=school).count(),
        "reflections": Reflection.objects.filter(community__schools=school).count(),
    }


def run(args) -> int:
    import django

    django.setup()
    import subprocess

    from django.core.management import call_command
    from django.db import connection

    from reports.pdf.cycle_report import cycle_report_pdf
    from reports.pdf.school_report import school_report_pdf

    started = time.perf_counter()
    if connection.introspection.table_names():
        print("The throwaway database has tables already; refusing.")
        return 2
    call_command("migrate", verbosity=0, interactive=False)
    if args.school_year:
        made = seed_school_year(args.members)
        school, year = made.pop("school"), made.pop("year")

        def render() -> bytes:
            return school_report_pdf(school, year, args.language, requested_by="Bench")

        what = f"school-year report {year}-{year + 1}"
    else:
        made = seed(args.members)
        cycle = made.pop("cycle")

        def render() -> bytes:
            return cycle_report_pdf(cycle, args.language)

        what = "cycle report"
    print(f"database: {connection.vendor}; seeded in {time.perf_counter() - started:.1f} s:")
    print("  " + ", ".join(f"{v} {k}" for k, v in made.items()))
    print(f"peak RSS before rendering: {peak_mb():.0f} MB; rendering the {what}")
    worst = 0.0
    for n in range(1, args.renders + 1):
        begin = time.perf_counter()
        data = render()
        seconds = time.perf_counter() - begin
        worst = max(worst, seconds)
        info = subprocess.run(  # noqa: S603 - a fixed command on our own bytes
            ["/usr/bin/pdfinfo", "-"], input=data, capture_output=True, check=True
        ).stdout.decode()
        pages = next(line.split()[-1] for line in info.splitlines() if line.startswith("Pages:"))
        text = subprocess.run(  # noqa: S603
            ["/usr/bin/pdftotext", "-", "-"], input=data, capture_output=True, check=True
        ).stdout.decode()
        print(
            f"render {n}: {seconds:.2f} s, {len(data) / 1024:.0f} KB, {pages} pages, "
            f"peak RSS {peak_mb():.0f} MB, private marker in text: {SECRET in text}"
        )
    print(f"slowest render {worst:.2f} s (target < 3 s); peak RSS {peak_mb():.0f} MB (< 300 MB)")
    return 0


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--members", type=int, default=25)
    parser.add_argument("--renders", type=int, default=3)
    parser.add_argument("--language", choices=["nl", "en"], default="nl")
    parser.add_argument(
        "--school-year",
        action="store_true",
        help="render a school-year report of a school with three communities instead",
    )
    parser.add_argument("--timeout", type=int, default=600)
    args = parser.parse_args()
    signal.alarm(args.timeout)
    folder = tempfile.mkdtemp(prefix="plc-bench-report-")
    try:
        # Always a throwaway SQLite file, never a database from the environment.
        os.environ["DATABASE_URL"] = f"sqlite:///{folder}/bench.sqlite3"
        os.environ["PLC_VAR_DIR"] = folder
        os.environ["MEDIA_ROOT"] = f"{folder}/media"
        os.environ.pop("REDIS_URL", None)
        os.environ["DJANGO_SETTINGS_MODULE"] = "plc.settings"
        sys.path.insert(0, str(ROOT))
        return run(args)
    finally:
        signal.alarm(0)
        shutil.rmtree(folder, ignore_errors=True)


if __name__ == "__main__":
    sys.exit(main())
