"""Demo data for cycles: school calendars, a planned year, meetings held with attendance,
agreed actions and topics; for the bulk communities also the two school years before
(demo.history). Extends demo.communities; called by `seed_demo`."""

import datetime as dt
import random
from collections import Counter
from collections.abc import Iterable

from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import transaction
from django.utils import timezone

from accounts.models import User
from communities.models import Community, Membership, School
from cycles import planning, school_holidays, selectors
from cycles.calendar import school_year_of
from cycles.models import (
    ActivityKind,
    AgreedAction,
    Attendance,
    Cycle,
    CycleTemplate,
    Meeting,
    Product,
    Topic,
    TopicVote,
)
from cycles.services import cycles as cycle_services
from cycles.services import products, school_calendars, topics
from cycles.services.meetings import attendance_recount
from demo import history as demo_history

# The demo's own study days per school year (named by the year it starts in); the holidays
# come from the official schedule shipped with the app (cycles/data/school_holidays.json).
STUDY_DAYS = {
    2024: ["2024-11-20", "2025-03-12"],
    2025: ["2025-11-19", "2026-03-11"],
    2026: ["2026-11-25", "2027-03-17"],
}
CURRENT = 2026
# A past school year gets the cycles that end before its summer holiday; without a known
# calendar, before this day of July.
SUMMER_FALLBACK = (7, 1)


def school_year_start(today: dt.date) -> dt.date:
    """The Monday of the first full week of September of the current school year."""
    first = dt.date(school_year_of(today), 9, 1)
    return first + dt.timedelta(days=(7 - first.weekday()) % 7)


def _calendar(school: School, years: Iterable[int] = (CURRENT,)) -> None:
    """The official holidays of the school's region for every published school year, and
    the demo's study days of `years`, pasted as a facilitator would; what the school has
    already is kept, so running it again (or for a further year) is safe."""
    school_calendars.school_holidays_fill(school, years=school_holidays.schedule().years)
    lines = [f"Studiedag; {day}" for year in years for day in STUDY_DAYS.get(year, [])]
    if lines:
        school_calendars.holidays_import(school=school, text="\n".join(lines))


def _summer_starts(year: int, regions: Iterable[str]) -> dt.date:
    """The first day of the summer holiday that ends school year `year` at the earliest of
    these regions."""
    schedule = school_holidays.schedule()
    days = [
        holiday.first_day
        for region in regions
        for holiday in schedule.holidays(region, year)
        if holiday.name == school_holidays.NAMES["zomer"]
    ]
    return min(days, default=dt.date(year + 1, *SUMMER_FALLBACK))


def _hold_past_meetings(community: Community, rng: random.Random, today: dt.date) -> None:
    members = list(Membership.objects.filter(community=community).values_list("user_id", flat=True))
    past = list(
        Meeting.objects.filter(community=community, starts_at__date__lt=today).exclude(
            kind=ActivityKind.COACHING
        )
    )
    rows = []
    for meeting in past:
        for user_id in members:
            status = rng.choices(["present", "absent", "excused"], weights=[85, 5, 10])[0]
            rows.append(Attendance(meeting=meeting, user_id=user_id, status=status))
        meeting.status = Meeting.Status.HELD
        meeting.notes = "We bespraken twee lesvoorbeelden en de ervaringen van deze week."
        meeting.decisions = "Volgende keer neemt iedereen een voorbeeld van leerlingwerk mee."
    Meeting.objects.bulk_update(past, ["status", "notes", "decisions"], batch_size=1000)
    Attendance.objects.bulk_create(rows, batch_size=5000, ignore_conflicts=True)
    attendance_recount([meeting.pk for meeting in past])
    AgreedAction.objects.bulk_create(
        AgreedAction(
            meeting=meeting,
            description="Lesvoorbeeld uitproberen in de klas",
            owner_id=rng.choice(members) if members else None,
            due_date=timezone.localtime(meeting.starts_at).date() + dt.timedelta(days=14),
            done=rng.random() < 0.7,
        )
        for meeting in past[-6:]
    )
    coaching = Meeting.objects.filter(
        community=community, kind=ActivityKind.COACHING, starts_at__date__lt=today
    )
    coaching.update(status=Meeting.Status.HELD)


@transaction.atomic
def seed(today: dt.date | None = None) -> None:
    today = today or timezone.localdate()
    start = school_year_start(today)
    for community in Community.objects.filter(
        name__in=["PLG Begrijpend lezen", "PLG Formatief handelen", "PLG Rekenen"]
    ).prefetch_related("schools"):
        for school in community.schools.all():
            _calendar(school)
        if community.cycles.exists():
            continue
        rng = random.Random(community.pk)  # noqa: S311 - demo data
        _plan(community, selectors.template_default(), start)
        _hold_past_meetings(community, rng, today)
        facilitator = community.memberships.filter(role="facilitator").first()
        member_ids = list(
            community.memberships.filter(role="member").values_list("user", flat=True)
        )
        if facilitator is None or not member_ids:
            continue

        people = list(User.objects.filter(pk__in=member_ids))
        chosen = topics.topic_propose(
            community=community,
            by=people[0],
            title="Modelen met hardop denken",
            description="We willen zien hoe collega's dit doen.",
        )
        for person in people:
            topics.topic_vote(topic=chosen, user=person, vote=True)
        first_cycle = community.cycles.order_by("number").first()
        topics.topic_choose(
            topic=chosen,
            cycle=first_cycle,
            meeting=None,
            reason="De meeste stemmen, en het past bij ons doel.",
        )
        products.product_create(
            community=community,
            title="Lesopzet modelen met hardop denken",
            description="Vijf stappen voor een instructie waarin je je denken hardop laat horen.",
            file=SimpleUploadedFile(
                "lesopzet-modelen.txt",
                b"1. Doel noemen\n2. Voordoen en hardop denken\n3. Samen doen\n"
                b"4. Zelf doen\n5. Terugkijken\n",
                content_type="text/plain",
            ),
            cycle=first_cycle,
            authors=people[:2],
            by=people[0],
        )
        products.product_create(
            community=community,
            title="Kijkwijzer leesstrategieën",
            link="https://example.org/kijkwijzer-lezen",
            authors=[people[-1]],
            by=people[-1],
        )
        open_topic = topics.topic_propose(
            community=community, by=people[-1], title="Feedback op schrijfopdrachten"
        )
        for person in people[:2]:
            topics.topic_vote(topic=open_topic, user=person, vote=True)


def scale(today: dt.date | None = None) -> dict[str, int]:
    """Three school years for every bulk community: the two before this one and this one,
    planned around the school holidays, with every meeting that has taken place held (with
    attendance, notes and agreed actions). Communities that have cycles are left alone."""
    today = today or timezone.localdate()
    bulk = Community.objects.filter(name__regex=r"^PLG \d{3}-\d$").prefetch_related("schools")
    for school in School.objects.filter(communities__in=bulk).distinct().order_by("pk"):
        _calendar(school, STUDY_DAYS)
    template = selectors.template_default()
    counts = Counter(
        dict.fromkeys(
            ["planned communities", "cycles", "meetings", "attendance rows", "agreed actions"], 0
        )
    )
    for community in bulk:
        if community.cycles.exists():
            continue
        with transaction.atomic():
            cycles = _plan_years(community, template, today)
            counts.update(demo_history.hold(community, cycles, today))
            _bulk_topics_and_products(community)
        counts["planned communities"] += 1
    return dict(counts)


def _plan_years(community: Community, template: CycleTemplate, today: dt.date) -> list[Cycle]:
    """Plan the past school years with the planning service, then the current one as a
    facilitator would; the service numbers on (1-9, 10-19, 20-29, say). A past year gets
    the cycles that end before its summer holiday, so none runs into the next year."""
    current = school_year_start(today)
    cycles: list[Cycle] = []
    for year in range(current.year - demo_history.YEARS_BACK, current.year):
        start = school_year_start(dt.date(year, 9, 1))
        cycles += _plan(community, template, start, before_summer=True)
    cycles += _plan(community, template, current)
    return cycles


def _plan(
    community: Community, template: CycleTemplate, start: dt.date, *, before_summer: bool = False
) -> list[Cycle]:
    """Ten cycles from `start`; or the cycles that end before that school year's summer
    holiday, when asked or when the official schedule doesn't reach the next school year
    yet (the planner refuses a year without holidays)."""
    if not before_summer:
        try:
            return cycle_services.plan_create(community=community, template=template, start=start)
        except cycle_services.HolidaysMissing:
            pass
    schools = list(community.schools.all())
    plan = planning.propose(
        template=template,
        activities=list(template.activities.all()),
        school_ids=[school.pk for school in schools],
        start=start,
        count=10,
    )
    summer = _summer_starts(school_year_of(start), {school.region for school in schools})
    fits = sum(planned.end_date < summer for planned in plan.cycles)
    if not fits:
        return []
    return cycle_services.plan_create(
        community=community, template=template, start=start, count=fits
    )


def _bulk_topics_and_products(community: Community) -> None:
    members = list(community.memberships.values_list("user_id", flat=True))
    first = community.cycles.order_by("number").first()
    if not members or first is None:
        return
    chosen, proposed = Topic.objects.bulk_create(
        [
            Topic(
                community=community,
                title="Samen lessen voorbereiden",
                proposed_by_id=members[0],
                status=Topic.Status.CHOSEN,
                cycle=first,
                reason="De meeste stemmen.",
            ),
            Topic(
                community=community,
                title="Differentiëren in de instructie",
                proposed_by_id=members[-1],
            ),
        ]
    )
    TopicVote.objects.bulk_create(
        [TopicVote(topic=chosen, user_id=user_id) for user_id in members]
        + [TopicVote(topic=proposed, user_id=user_id) for user_id in members[: len(members) // 2]]
    )
    product = Product.objects.create(
        community=community,
        title="Lesvoorbeeld",
        link="https://example.org/lesvoorbeeld",
        cycle=first,
    )
    product.authors.set(members[:2])
