"""Benchmark: the weekly digest for 2,000 people, built and handed to a local SMTP sink.

Run from the project root:

    .venv/bin/python bench/digest.py                 # 2,000 people in 100 communities
    .venv/bin/python bench/digest.py --people 500    # the same per community, fewer people

It makes a throwaway SQLite database in a temporary folder (removed afterwards), migrates
it, creates the people in communities of 20 with a week of meetings, products, reflections,
goal progress, actions, scan rounds and visits (and older history that must not matter),
starts an SMTP sink (aiosmtpd) on 127.0.0.1 on a free port, points Django's SMTP backend at
it (EMAIL_URL), builds the digests for the week as the collector does, sends them, and
prints: people, digests built, skipped, mails the sink received, wall time (build, queue,
send, total) and the SQL statements, in total and per recipient.

DATABASE_URL=postgres://… runs it against that database instead; it must be an empty,
throwaway database (the script refuses one that has tables in it). Mail goes only to
127.0.0.1. The script stops itself after --timeout seconds (default 600).
"""

import argparse
import email
import logging
import os
import shutil
import signal
import socket
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
# A private marker written into every piece of private content: the sink counts mails
# that contain it (there must be none).
SECRET = "BENCH-SECRET"


class Sink:
    """Counts the mails it receives, and those that carry the private marker."""

    def __init__(self) -> None:
        self.received = 0
        self.leaks = 0
        self.bytes = 0

    async def handle_DATA(self, server, session, envelope) -> str:  # noqa: N802 (aiosmtpd)
        self.received += 1
        self.bytes += len(envelope.content)
        message = email.message_from_bytes(envelope.content)
        for part in message.walk():
            payload = part.get_payload(decode=True)
            if payload and SECRET.encode() in payload:
                self.leaks += 1
                break
        return "250 OK"


def free_port() -> int:
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


class Counter:
    """Counts every SQL statement Django runs (savepoints included), by phase. Unlike
    connection.queries it has no 9,000-entry limit."""

    def __init__(self) -> None:
        self.phase = "setup"
        self.counts: dict[str, int] = {}

    def __call__(self, execute, sql, params, many, context):
        self.counts[self.phase] = self.counts.get(self.phase, 0) + 1
        return execute(sql, params, many, context)


def seed(*, people: int, per_community: int, history: int, now) -> dict:
    """People in communities with a week of everything, in bulk. Every 20th community is
    quiet (nobody there has anything to say); every 50th person is also in a second
    community; every 10th reads English; every 20th has turned the digest off."""
    import datetime as dt

    from django.contrib.auth.hashers import make_password
    from django.db.models import F

    from accounts.models import User
    from communities.models import (
        Community,
        CommunityGoal,
        Membership,
        Organisation,
        PersonalGoal,
        ProgressUpdate,
    )
    from cycles.models import ActivityKind, AgreedAction, Meeting, Product
    from notifications.models import Preference
    from observations.models import (
        Instrument,
        Reflection,
        Scan,
        ScanParticipation,
        ScanRound,
        Visit,
    )

    day = dt.timedelta(days=1)
    password = make_password(None)
    board = Organisation.objects.create(name="Bench board")
    users = User.objects.bulk_create(
        [
            User(
                email=f"person{i:05d}@bench.example.org",
                full_name=f"Person {i:05d}",
                language="en" if i % 10 == 0 else "nl",
                password=password,
            )
            for i in range(people)
        ],
        batch_size=1000,
    )
    Preference.objects.bulk_create(
        [Preference(user=u, digest=False) for i, u in enumerate(users) if i % 20 == 19]
    )
    count = max(1, people // per_community)
    communities = Community.objects.bulk_create(
        [
            Community(organisation=board, name=f"PLG {c:03d}", focus="Lezen", start_date=now.date())
            for c in range(count)
        ]
    )
    quiet = {c.pk for i, c in enumerate(communities) if i % 20 == 19}
    active = [c for c in communities if c.pk not in quiet]
    members: dict[int, list] = {c.pk: [] for c in communities}
    memberships = []
    for i, user in enumerate(users):
        community = communities[min(i // per_community, count - 1)]
        position = len(members[community.pk])
        role = ["facilitator", "coach"][position] if position < 2 else "member"
        members[community.pk].append(user)
        memberships.append(Membership(community=community, user=user, role=role))
        if i % 50 == 0 and community.pk not in quiet and len(active) > 1:
            second = active[(active.index(community) + 1) % len(active)]
            memberships.append(Membership(community=second, user=user, role="member"))
    Membership.objects.bulk_create(memberships, batch_size=2000)

    instrument = Instrument.objects.filter(organisation=None).order_by("pk").first()
    scan = Scan.objects.filter(organisation=None).first()
    meetings, products, reflections, goals, personal = [], [], [], [], []
    rounds, visits, old_visits = [], [], []
    for community in active:
        people_here = members[community.pk]
        coach = people_here[1] if len(people_here) > 1 else people_here[0]
        at = now.replace(hour=15, minute=30)
        meetings += [
            Meeting(
                community=community,
                kind=ActivityKind.KNOWLEDGE,
                starts_at=at + day,
                ends_at=at + day + dt.timedelta(hours=1),
                topic="Begrijpend lezen",
                location="Lokaal 1",
            ),
            Meeting(
                community=community,
                kind=ActivityKind.COACHING,
                starts_at=at + 2 * day,
                ends_at=at + 2 * day + dt.timedelta(minutes=30),
                member=people_here[-1],
                coach=coach,
                topic="Coaching",  # seen by its member and coach only
            ),
            Meeting(
                community=community,
                kind=ActivityKind.TRAINING,
                starts_at=at - 4 * day,
                ends_at=at - 4 * day + dt.timedelta(hours=1),
                status=Meeting.Status.HELD,
                decisions="We werken met de leesrubric in alle groepen.",
                notes=f"{SECRET} notes",
            ),
        ]
        meetings += [
            Meeting(
                community=community,
                kind=ActivityKind.KNOWLEDGE,
                starts_at=at - (30 + 7 * h) * day,
                ends_at=at - (30 + 7 * h) * day + dt.timedelta(hours=1),
                status=Meeting.Status.HELD,
                decisions="Oud besluit.",
            )
            for h in range(10 * history)
        ]
        products += [
            Product(community=community, title=f"Rubric {p}", created_at=now - (p + 1) * day)
            for p in range(2)
        ] + [
            Product(community=community, title=f"Oud {p}", created_at=now - (60 + p) * day)
            for p in range(10 * history)
        ]
        for r, author in enumerate(people_here[2:12]):
            visibility, draft = [
                ("community", False),
                ("private", False),
                ("coach", False),
                ("community", True),
                ("community", False),
            ][r % 5]
            title = "Gedeeld: wat werkte" if (visibility, draft) == ("community", False) else ""
            reflections.append(
                Reflection(
                    author=author,
                    community=community,
                    title=title or f"{SECRET} {visibility}",
                    text=f"{SECRET} text",
                    visibility=visibility,
                    is_draft=draft,
                    created_at=now - (r % 6 + 1) * day,
                )
            )
        reflections += [
            Reflection(
                author=people_here[h % len(people_here)],
                community=community,
                title="Oude reflectie",
                text=f"{SECRET} old",
                visibility="community",
                is_draft=False,
                created_at=now - (40 + h) * day,
            )
            for h in range(30 * history)
        ]
        goals += [
            CommunityGoal(
                community=community,
                title=f"Doel {g}",
                outcome="x",
                success_criterion="y",
                target_date=now.date() + 100 * day,
            )
            for g in range(2)
        ]
        personal += [
            PersonalGoal(
                owner=user,
                community=community,
                title=f"{SECRET} persoonlijk" if v != "community" else "Hardop denken",
                visibility=v,
            )
            for user, v in zip(
                people_here[2:8], ["private", "coach", "community"] * 2, strict=False
            )
        ]
        if len(rounds) % 2 == 0:
            rounds.append(ScanRound(community=community, scan=scan, opened_at=now - 3 * day))
        else:
            rounds.append(None)
        for v in range(4):
            if len(people_here) < 4:
                break
            observed = people_here[2 + v % (len(people_here) - 2)]
            observer = people_here[2 + (v + 1) % (len(people_here) - 2)]
            visits.append(
                (
                    Visit(
                        community=community,
                        observed=observed,
                        instrument=instrument,
                        starts_at=now + (v + 1) * day,
                        group=f"{v + 3}B",
                        focus=f"{SECRET} focus",
                    ),
                    observer,
                )
            )
            old_visits.append(
                (
                    Visit(
                        community=community,
                        observed=observer,
                        instrument=instrument,
                        starts_at=now - (v + 2) * day,
                        group=f"{v + 3}A",
                        status=Visit.Status.OBSERVED if v < 3 else Visit.Status.CLOSED,
                        feed_back=f"{SECRET} feedback",
                    ),
                    observed,
                )
            )
    Meeting.objects.bulk_create(meetings, batch_size=2000)
    decided = {m.community_id: m for m in meetings if m.status == "held" and SECRET in m.notes}
    actions = []
    for community in active:
        people_here = members[community.pk]
        actions += [
            AgreedAction(
                meeting=decided[community.pk],
                description=f"Voorbeelden meenemen {a}",
                owner=people_here[(a + 2) % len(people_here)],
                due_date=now.date() + 7 * day,
                done=a >= 3,
            )
            for a in range(8)
        ]
    AgreedAction.objects.bulk_create(actions, batch_size=2000)
    Product.objects.bulk_create(products, batch_size=2000)
    Reflection.objects.bulk_create(reflections, batch_size=2000)
    # bulk_create stamps "last saved" with the real clock; make it the writing time.
    Reflection.objects.update(updated_at=F("created_at"))
    CommunityGoal.objects.bulk_create(goals, batch_size=2000)
    PersonalGoal.objects.bulk_create(personal, batch_size=2000)
    updates = [
        ProgressUpdate(
            community_goal=goal,
            date=now.date() - (u * 30 + 1) * day,
            done="Stap gezet",
            value=10 + u,
            created_at=now - (u * 30 + 1) * day,
        )
        for goal in goals
        for u in range(1 + 3 * history)
    ] + [
        ProgressUpdate(
            personal_goal=goal,
            date=now.date() - 2 * day,
            done=f"{SECRET} stap",
            value=50,
            author=goal.owner,
            created_at=now - 2 * day,
        )
        for goal in personal
    ]
    ProgressUpdate.objects.bulk_create(updates, batch_size=2000)
    open_rounds = ScanRound.objects.bulk_create([r for r in rounds if r is not None])
    ScanParticipation.objects.bulk_create(
        [
            ScanParticipation(round=r, respondent=user)
            for r in open_rounds
            for user in members[r.community_id][::2]
        ],
        batch_size=2000,
    )
    all_visits = [v for v, _o in visits + old_visits]
    Visit.objects.bulk_create(all_visits, batch_size=2000)
    Visit.observers.through.objects.bulk_create(
        [Visit.observers.through(visit_id=v.pk, user_id=o.pk) for v, o in visits + old_visits],
        batch_size=2000,
    )
    return {
        "people": people,
        "communities": count,
        "quiet communities": len(quiet),
        "memberships": len(memberships),
        "meetings": len(meetings),
        "products": len(products),
        "reflections": len(reflections),
        "progress updates": len(updates),
        "actions": len(actions),
        "visits": len(all_visits),
    }


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--people", type=int, default=2000)
    parser.add_argument("--per-community", type=int, default=20)
    parser.add_argument(
        "--history", type=int, default=1, help="multiply the older rows (must not matter)"
    )
    parser.add_argument("--timeout", type=int, default=600, help="stop after this many seconds")
    args = parser.parse_args()

    def out_of_time(signum, frame):
        raise TimeoutError(f"the benchmark took longer than {args.timeout} s")

    signal.signal(signal.SIGALRM, out_of_time)
    signal.alarm(args.timeout)

    from aiosmtpd.controller import Controller

    sink = Sink()
    port = free_port()
    controller = Controller(sink, hostname="127.0.0.1", port=port)
    controller.start()
    folder = tempfile.mkdtemp(prefix="plc-bench-")
    try:
        os.environ["EMAIL_URL"] = f"smtp://127.0.0.1:{port}"
        os.environ.setdefault("DATABASE_URL", f"sqlite:///{folder}/bench.sqlite3")
        os.environ["PLC_VAR_DIR"] = folder
        os.environ.pop("REDIS_URL", None)  # tasks in-process
        os.environ["DJANGO_SETTINGS_MODULE"] = "plc.settings"
        sys.path.insert(0, str(ROOT))
        return run(args, sink, port)
    finally:
        signal.alarm(0)
        controller.stop()
        shutil.rmtree(folder, ignore_errors=True)


def run(args, sink: Sink, port: int) -> int:
    import datetime as dt

    import django

    django.setup()
    # aiosmtpd logs every SMTP command; the figures are what matters here.
    logging.getLogger("mail.log").setLevel(logging.WARNING)

    from django.conf import settings
    from django.core.management import call_command
    from django.db import connection
    from django.utils import timezone

    from notifications import digest_content, outbox
    from notifications.collectors import digest
    from notifications.models import Kind, Message

    sink_address = ("127.0.0.1", port)
    if sink_address != (settings.EMAIL_HOST, settings.EMAIL_PORT):
        raise RuntimeError("mail must go to the sink on 127.0.0.1 only")
    started = time.perf_counter()
    if connection.introspection.table_names():
        print("DATABASE_URL points at a database that has tables; use an empty, throwaway one.")
        return 2
    call_command("migrate", verbosity=0, interactive=False)
    now = digest_content.Week.of(timezone.now()).send_from + dt.timedelta(minutes=30)
    made = seed(people=args.people, per_community=args.per_community, history=args.history, now=now)
    seeded = time.perf_counter()
    print(f"database: {connection.vendor}; seeded in {seeded - started:.1f} s:")
    print("  " + ", ".join(f"{v} {k}" for k, v in made.items()))

    counter = Counter()
    timings = {"build": 0.0, "batches": 0}
    build = digest_content.build

    def timed_build(users, *rest):
        counter.phase, start = "build", time.perf_counter()
        timings["batches"] += 1
        try:
            return build(users, *rest)
        finally:
            timings["build"] += time.perf_counter() - start
            counter.phase = "queue"

    digest_content.build = timed_build
    handed_over = []
    enqueue_now = outbox._enqueue_now
    outbox._enqueue_now = handed_over.append  # the worker sends them below
    try:
        with connection.execute_wrapper(counter):
            t0 = time.perf_counter()
            # As beat does, once a minute: each run takes the next PEOPLE_PER_RUN people,
            # until a run finds nobody left.
            result, runs = {"people": 0, "queued": 0, "skipped": 0}, 0
            while True:
                counter.phase = "candidates"
                this_run = digest.run(now)
                runs += 1
                result = {key: result[key] + this_run[key] for key in result}
                if not this_run["people"]:
                    break
            t1 = time.perf_counter()
            counter.phase = "send"
            outcomes: dict[str, int] = {}
            for pk in handed_over:
                outcome = outbox.message_send(pk)
                outcomes[outcome] = outcomes.get(outcome, 0) + 1
            t2 = time.perf_counter()
    finally:
        digest_content.build = build
        outbox._enqueue_now = enqueue_now

    counts = counter.counts
    considered = result["people"]
    queued = result["queued"]
    batches = timings["batches"]
    total_queries = sum(counts.values())
    queued_rows = Message.objects.filter(kind=Kind.DIGEST).count()
    print(f"now (bench's Monday): {now:%Y-%m-%d %H:%M %Z}")
    print(f"people considered:   {considered}")
    print(f"digests built:       {queued}")
    print(f"skipped (nothing to say): {result['skipped']}")
    print(f"outbox rows:         {queued_rows}")
    print(f"sent:                {outcomes}")
    print(f"mails received by the sink: {sink.received} ({sink.bytes / 1024:.0f} KiB)")
    print(f"mails with private content: {sink.leaks}")
    print(
        f"wall time: build {timings['build']:.2f} s, queue (render + outbox) "
        f"{t1 - t0 - timings['build']:.2f} s, send {t2 - t1:.2f} s, total {t2 - t0:.2f} s"
    )
    print(
        f"queries: total {total_queries} = finding who is due {counts.get('candidates', 0)} "
        f"({runs} runs of up to {digest.PEOPLE_PER_RUN} people) "
        f"+ building {counts.get('build', 0)} ({batches} batches of up to {digest.BATCH_SIZE}: "
        f"{counts.get('build', 0) / max(1, batches):.0f} per batch) "
        f"+ queueing {counts.get('queue', 0)} + sending {counts.get('send', 0)}"
    )
    building = counts.get("candidates", 0) + counts.get("build", 0)
    print(
        f"queries per recipient: {total_queries / max(1, considered):.2f} "
        f"(building {building / max(1, considered):.3f}"
        f", queueing {counts.get('queue', 0) / max(1, considered):.2f}"
        f", sending {counts.get('send', 0) / max(1, queued):.2f} per mail)"
    )
    ok = sink.received == queued and sink.leaks == 0
    print("OK" if ok else "MISMATCH")
    return 0 if ok else 1


if __name__ == "__main__":
    sys.exit(main())
