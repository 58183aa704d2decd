"""The cycle pages, the calendar feed and the cycle template and product pages run a pinned
number of queries, the same with little and with more data; the .ics renderer runs none."""

import datetime as dt

import pytest
import time_machine
from django.urls import reverse
from django.utils import timezone

from communities import services as community_services
from cycles import ical, selectors
from cycles.models import Product, ProductVersion
from cycles.services import cycles as cycle_services
from cycles.services import feeds, products, school_calendars, topics
from cycles.services import meetings as meeting_services
from cycles.services import templates as template_services
from tests.conftest import World
from tests.cycles.matrix_cycles import a_meeting, board_template
from tests.cycles.test_ical import NOW, events, feed_url
from tests.cycles.test_meetings import next_monday
from tests.cycles.test_products import pdf_bytes, share, upload
from tests.factories import UserFactory, make_community

# Planning, meetings, attendance, school calendars and topics -----------------------------


def grow_plan(world, n: int = 4) -> None:
    for _ in range(n):
        user = UserFactory()
        community_services.membership_add(community=world.community, user=user, role="member")
    meeting = a_meeting(world)
    for member in world.community.memberships.select_related("user"):
        meeting_services.attendance_set(meeting=meeting, user=member.user, status="present")
        meeting_services.action_add(
            meeting=meeting, description="x", owner=member.user, due_date=None
        )
    # After the cycle of a_meeting: late on a school day its first meeting has begun, and a
    # cycle that has begun is kept (re-planning starts after it).
    last_end = world.community.cycles.order_by("-end_date").values_list("end_date", flat=True)
    after = max(timezone.localdate(), *last_end[:1])
    cycle_services.plan_create(
        community=world.community,
        template=selectors.template_default(),
        start=after + dt.timedelta(days=7 - after.weekday()),
        count=4,
    )
    for i in range(n):
        topic = topics.topic_propose(community=world.community, by=world.teacher, title=f"T{i}")
        topics.topic_vote(topic=topic, user=world.teacher, vote=True)
        school_calendars.holiday_add(
            school=world.school,
            name=f"Dag {i}",
            first_day=next_monday() + dt.timedelta(days=300 + i),
        )


PAGES = [
    ("teacher", "cycles:plan", lambda w: {"pk": w.community.pk}, 12),
    ("facilitator", "cycles:plan", lambda w: {"pk": w.community.pk}, 12),
    ("facilitator", "cycles:plan_new", lambda w: {"pk": w.community.pk}, 12),
    ("facilitator", "cycles:meeting", lambda w: {"pk": a_meeting(w).pk}, 14),
    ("teacher", "cycles:meeting", lambda w: {"pk": a_meeting(w).pk}, 13),
    ("facilitator", "cycles:meeting_edit", lambda w: {"pk": a_meeting(w).pk}, 9),
    ("facilitator", "cycles:cycle_edit", lambda w: {"pk": a_meeting(w).cycle_id}, 9),
    ("leader", "cycles:attendance", lambda w: {"pk": w.community.pk}, 13),
    ("leader", "cycles:school_calendar", lambda w: {"pk": w.school.pk}, 10),
    ("teacher", "cycles:topics", lambda w: {"pk": w.community.pk}, 10),
    ("facilitator", "cycles:topics", lambda w: {"pk": w.community.pk}, 12),
]


@pytest.mark.parametrize(
    ("persona", "name", "kwargs", "pinned"), PAGES, ids=[f"{n}-{p}" for p, n, _, _ in PAGES]
)
def test_cycle_pages_run_a_pinned_number_of_queries(
    persona, name, kwargs, pinned, world, client_for, queries
):
    client_for(persona)
    url = reverse(name, kwargs=kwargs(world))
    queries.assert_count(url, pinned)
    grow_plan(world)
    if name.startswith(("cycles:meeting", "cycles:cycle")):
        url = reverse(name, kwargs=kwargs(world))
    queries.assert_count(url, pinned)


# The calendar feed and the single-meeting .ics (on test_ical's clock) --------------------


@pytest.fixture
def frozen():
    with time_machine.travel(NOW, tick=False) as traveller:
        yield traveller


@pytest.fixture
def planned(frozen, world):
    """test_ical's world: made on its frozen clock (`frozen` is set up before `world`), with
    one cycle across the end of summer time (25 October 2026)."""
    cycle_services.plan_create(
        community=world.community,
        template=selectors.template_default(),
        start=dt.date(2026, 10, 12),
        count=1,
    )
    return world


def grow_feeds(world) -> None:
    """More communities the teacher belongs to, each with a year of meetings and sessions."""
    for _ in range(3):
        other = make_community(schools=[world.school])
        community_services.membership_add(community=other, user=world.teacher, role="member")
        community_services.membership_add(community=other, user=world.coach, role="coach")
        community_services.membership_add(community=other, user=UserFactory(), role="member")
        cycle_services.plan_create(
            community=other,
            template=selectors.template_default(),
            start=dt.date(2026, 9, 7),
            count=2,
        )


def test_the_renderer_runs_no_queries(planned, django_assert_num_queries):
    meetings = selectors.feed_meetings(planned.coach)
    assert meetings
    with django_assert_num_queries(0):
        ical.calendar_bytes(meetings=meetings, user_language="nl", name="PLC")
        ical.event_bytes(meetings[0], "en")


def test_the_feed_runs_two_queries_whatever_it_holds(planned, client, queries):
    url = feed_url(planned.teacher)
    queries.assert_count(url, 2)
    before = len(events(queries.client.get(url).content))
    grow_feeds(planned)
    queries.assert_count(url, 2)
    assert len(events(queries.client.get(url).content)) > before


@pytest.mark.parametrize(
    ("name", "kwargs", "pinned"),
    [
        ("cycles:calendar", lambda w: {}, 6),
        (
            "cycles:meeting_ics",
            lambda w: {"pk": w.community.meetings.filter(kind="knowledge").first().pk},
            9,
        ),
    ],
)
def test_page_query_counts_are_pinned_and_flat(planned, client_for, queries, name, kwargs, pinned):
    feeds.feed_get_or_create(user=planned.teacher)
    client_for("teacher")
    url = reverse(name, kwargs=kwargs(planned))
    queries.assert_count(url, pinned)
    grow_feeds(planned)
    queries.assert_count(url, pinned)


# Cycle templates -------------------------------------------------------------------------


def test_pages_have_pinned_query_counts(world, client_for, queries):
    template = board_template(world)
    client_for("facilitator")
    templates_url = reverse("cycles:templates", kwargs={"pk": world.community.pk})
    template_url = reverse("cycles:template", kwargs={"pk": template.pk})
    queries.assert_count(templates_url, 11)
    queries.assert_count(template_url, 11)
    for i in range(3):
        template_services.template_copy(
            template=template, organisation=world.board, name=f"Copy {i}"
        )
        template_services.template_activity_add(
            template=template,
            week=2,
            kind="coaching",
            weekday=4,
            start_time="15:00",
            duration_minutes=30,
        )
    queries.assert_count(templates_url, 11)
    queries.assert_count(template_url, 11)


# Products --------------------------------------------------------------------------------


@pytest.fixture
def shared(world) -> ProductVersion:
    product = share(world, file=upload("a.pdf", pdf_bytes()), link="https://example.org")
    return product.versions.get()


def grow_products(world: World, n: int = 4) -> None:
    """More products, versions and authors: the pages must not run a query per row."""
    product = Product.objects.filter(community=world.community).first()
    for i in range(n):
        author = UserFactory()
        community_services.membership_add(community=world.community, user=author, role="member")
        extra = share(
            world,
            title=f"Product {i}",
            link="https://example.org",
            goal=world.goal,
            authors=[author, world.teacher],
            file=upload(f"p{i}.pdf", pdf_bytes()),
            by=author,
        )
        products.product_version_add(product=extra, file=upload("n.pdf", pdf_bytes()), by=author)
        products.product_version_add(product=product, file=upload("n.pdf", pdf_bytes()), by=author)
        share(world, title=f"Link only {i}", link="https://example.org", by=author)


PRODUCT_PAGES = [
    # (persona, url name, pinned queries)
    ("teacher", "cycles:products", 12),
    ("leader", "cycles:products", 13),
    ("director", "cycles:products", 12),
    ("teacher", "cycles:product", 11),
    ("facilitator", "cycles:product", 11),
    ("leader", "cycles:product", 12),
    ("director", "cycles:product", 11),
]


@pytest.mark.parametrize(("persona", "name", "pinned"), PRODUCT_PAGES)
def test_product_pages_query_count_is_pinned_and_flat(
    persona, name, pinned, world, client_for, queries, shared
):
    client_for(persona)
    pk = world.community.pk if name == "cycles:products" else shared.product_id
    url = reverse(name, kwargs={"pk": pk})
    queries.assert_count(url, pinned)
    grow_products(world)
    queries.assert_count(url, pinned)
