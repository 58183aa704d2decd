"""The facilitator's dashboard of a community: the figures on a small known dataset, the
filters, and that no private text ever shows."""

import datetime as dt

import pytest
from django.urls import reverse
from django.utils import timezone

from communities import services as community_services
from communities.models import PersonalGoal
from cycles.calendar import school_year_of
from cycles.models import ActivityKind, Attendance, Cycle, Meeting
from cycles.services import meetings as meeting_services
from observations.models import Instrument, Item, Reflection, ScanRound, Visit
from observations.selectors import scan as scan_selectors
from observations.services import reflections as reflection_services
from observations.services import scan as scan_services
from observations.services import visits as visit_services
from tests.conftest import World

PRESENT, ABSENT, EXCUSED = (
    Attendance.Status.PRESENT,
    Attendance.Status.ABSENT,
    Attendance.Status.EXCUSED,
)
Visibility = PersonalGoal.Visibility
MARKERS = ["PRIVATE-MARKER", "PRIVATE-EVIDENCE", "PRIVATE-FEEDBACK", "COACH-MARKER"]


def last_year() -> int:
    """The school year before this one: all of it lies in the past."""
    return school_year_of(timezone.localdate()) - 1


def at(year: int, month: int, day: int, hour: int = 15) -> dt.datetime:
    calendar_year = year if month >= 8 else year + 1
    return timezone.make_aware(dt.datetime(calendar_year, month, day, hour, 30))


def meeting(w: World, cycle: Cycle | None, starts: dt.datetime, **fields) -> Meeting:
    return Meeting.objects.create(
        community=w.community,
        cycle=cycle,
        kind=fields.pop("kind", ActivityKind.KNOWLEDGE),
        starts_at=starts,
        ends_at=starts + dt.timedelta(hours=1),
        **fields,
    )


def attend(m: Meeting, w: World, **statuses: str) -> None:
    for persona, status in statuses.items():
        meeting_services.attendance_set(meeting=m, user=w.people[persona], status=status)


def visit(w: World, starts: dt.datetime, status: str) -> Visit:
    v = visit_services.visit_plan(
        community=w.community,
        observed=w.teacher,
        observers=[w.other_teacher],
        instrument=Instrument.objects.filter(organisation__isnull=True).first(),
        starts_at=starts,
    )
    Visit.objects.filter(pk=v.pk).update(status=status)
    v.status = status
    return v


def reflect(w: World, persona: str, when: dt.datetime, *, text: str, **fields) -> Reflection:
    return reflection_services.reflection_save(
        author=w.people[persona],
        publish=fields.pop("publish", True),
        happened=text,
        created_at=when,
        **fields,
    )


def scan_round(w: World, when: dt.datetime, scores: dict[str, int]) -> ScanRound:
    scan = scan_selectors.scan_default()
    r = scan_services.scan_round_open(community=w.community, scan=scan)
    statements = list(scan.themes.values_list("statements__pk", flat=True))
    for persona, score in scores.items():
        scan_services.scan_answer(
            scan_round=r, respondent=w.people[persona], scores=dict.fromkeys(statements, score)
        )
    scan_services.scan_round_close(scan_round=r)
    ScanRound.objects.filter(pk=r.pk).update(opened_at=when)
    return r


def build_year(w: World, year: int) -> dict:
    """Two cycles of the school year `year`, three group meetings and one cancelled, one
    coaching session, three visits, reflections, two scan rounds, actions."""
    c1 = Cycle.objects.create(
        community=w.community,
        number=1,
        start_date=dt.date(year, 9, 1),
        end_date=dt.date(year, 9, 28),
    )
    c2 = Cycle.objects.create(
        community=w.community,
        number=2,
        start_date=dt.date(year, 10, 1),
        end_date=dt.date(year, 10, 28),
    )
    m1 = meeting(w, c1, at(year, 9, 8))
    m2 = meeting(w, c1, at(year, 9, 15))
    m3 = meeting(w, c2, at(year, 10, 8))
    m4 = meeting(w, c2, at(year, 10, 15), status=Meeting.Status.CANCELLED)
    coaching = meeting(
        w, c1, at(year, 9, 22), kind=ActivityKind.COACHING, member=w.teacher, coach=w.coach
    )
    attend(m1, w, teacher=PRESENT, other_teacher=ABSENT)
    attend(m2, w, teacher=ABSENT, other_teacher=PRESENT)
    attend(m3, w, teacher=EXCUSED, other_teacher=PRESENT, coach=PRESENT)
    attend(m4, w, teacher=PRESENT)  # cancelled: never counts
    attend(coaching, w, teacher=PRESENT)

    visit(w, at(year, 9, 10, 9), Visit.Status.PLANNED)
    observed = visit(w, at(year, 9, 20, 9), Visit.Status.OBSERVED)
    Visit.objects.filter(pk=observed.pk).update(feed_back="PRIVATE-FEEDBACK how it went")
    item = Item.objects.filter(domain__instrument=observed.instrument).first()
    visit_services.score_save(
        visit=observed, item=item, level=None, evidence="PRIVATE-EVIDENCE pupil said"
    )
    visit(w, at(year, 10, 10, 9), Visit.Status.CLOSED)

    reflect(w, "teacher", at(year, 9, 12), text="PRIVATE-MARKER my doubts", community=w.community)
    reflect(
        w,
        "other_teacher",
        at(year, 10, 5),
        text="We tried it together",
        community=w.community,
        visibility=Visibility.COMMUNITY,
    )
    reflect(w, "teacher", at(year, 9, 13), text="PRIVATE-MARKER draft", publish=False)
    reflect(w, "teacher", at(year, 9, 14), text="PRIVATE-MARKER for myself")
    reflect(
        w,
        "coach",
        at(year, 10, 6),
        text="COACH-MARKER for the coach",
        community=w.community,
        visibility=Visibility.COACH,
    )

    # Three answers: shown. Two: not shown, however closed.
    shown = scan_round(w, at(year, 9, 25), {"teacher": 4, "other_teacher": 2, "coach": 3})
    scan_round(w, at(year, 10, 20), {"teacher": 5, "other_teacher": 5})

    open_action = meeting_services.action_add(
        meeting=m1, description="Try think-pair-share", owner=w.teacher, due_date=None
    )
    done = meeting_services.action_add(
        meeting=m3, description="Done already", owner=w.teacher, due_date=None
    )
    meeting_services.action_toggle(action=done)
    community_services.goal_progress_add(
        goal=w.goal,
        author=w.facilitator,
        date=timezone.localdate() - dt.timedelta(days=1),
        done="Observed three lessons",
        value=40,
    )
    return {"c1": c1, "c2": c2, "shown_round": shown, "open_action": open_action}


def url(w: World, **params) -> str:
    base = reverse("reports:community_dashboard", kwargs={"pk": w.community.pk})
    query = "&".join(f"{key}={value}" for key, value in params.items())
    return f"{base}?{query}" if query else base


@pytest.fixture
def data(world):
    return build_year(world, last_year())


def test_figures_of_a_school_year(world, data, client_for):
    response = client_for("facilitator").get(url(world, year=last_year()))
    assert response.status_code == 200
    d = response.context["dashboard"]
    counts = d.meeting_counts
    assert (counts.planned, counts.held, counts.cancelled) == (3, 3, 1)
    assert (counts.coaching_planned, counts.coaching_held) == (1, 1)
    assert [(row.present, row.recorded, row.rate) for row in d.meetings] == [
        (1, 2, 50),
        (1, 2, 50),
        (2, 3, 67),
    ]
    assert d.attendance_rate == 57  # 4 present of 7 recorded
    members = {row.name: (row.present, row.recorded, row.rate) for row in d.members}
    assert members["Tess Teacher"] == (2, 4, 50)  # the coaching session counts
    assert members["Otto Other"] == (2, 3, 67)
    assert members["Cas Coach"] == (1, 1, 100)
    assert members["Fay Facilitator"] == (0, 0, None)
    assert (d.visits.total, d.visits.done, d.visits.planned) == (3, 2, 1)
    assert dict(d.visits.by_status)[str(Visit.Status.OBSERVED.label)] == 1
    r = d.reflections
    assert (r.total, r.shared_with_community, r.shared_with_coach, r.private, r.authors) == (
        4,
        1,
        1,
        2,
        3,
    )
    assert [(row.goal.progress, row.updates) for row in d.goals] == [(40, 1)]
    # Only the round with three respondents, averaged over them: (4 + 2 + 3) / 3.
    assert [row.round.pk for row in d.scan.with_results] == [data["shown_round"].pk]
    assert len(d.scan.themes) == 6
    assert all(str(theme.cells[0].average) == "3.0" for theme in d.scan.themes)
    assert [a.pk for a in d.open_actions] == [data["open_action"].pk]
    assert d.open_actions_total == 1
    html = response.content.decode()
    assert "Try think-pair-share" in html
    assert html.count('role="img"') == 5


def test_a_cycle_narrows_the_figures(world, data, client_for):
    d = client_for("facilitator").get(url(world, cycle=data["c1"].pk)).context["dashboard"]
    assert d.period.cycle == data["c1"] and d.period.year == last_year()
    assert (d.meeting_counts.planned, d.meeting_counts.coaching_planned) == (2, 1)
    assert [row.rate for row in d.meetings] == [50, 50]
    assert (d.visits.total, d.visits.done) == (2, 1)
    assert d.reflections.total == 2  # 12 and 14 September; the draft doesn't count
    assert len(d.scan.with_results) == 1
    d = client_for("facilitator").get(url(world, cycle=data["c2"].pk)).context["dashboard"]
    assert d.meeting_counts.planned == 1 and d.meeting_counts.cancelled == 1
    assert d.scan.themes == [] and d.open_actions_total == 0


def test_the_current_year_is_the_default(world, data, client_for):
    d = client_for("facilitator").get(url(world)).context["dashboard"]
    assert d.period.year == school_year_of(timezone.localdate())
    assert d.meeting_counts.planned == 0 and d.visits.total == 0 and d.reflections.total == 0
    assert d.attendance_rate is None
    # The goals are the community's, whatever the period.
    assert len(d.goals) == 1


def test_held_is_begun_and_not_cancelled(world, client_for):
    now = timezone.now()
    meeting(world, None, now - dt.timedelta(minutes=2))
    meeting(world, None, now + dt.timedelta(minutes=2))
    meeting(world, None, now - dt.timedelta(minutes=3), status=Meeting.Status.CANCELLED)
    counts = client_for("facilitator").get(url(world)).context["dashboard"].meeting_counts
    assert (counts.planned, counts.held, counts.cancelled) == (2, 1, 1)


@pytest.mark.parametrize("persona", ["facilitator", "coach", "leader", "director"])
def test_no_private_text_on_the_dashboard(persona, world, data, client_for):
    client = client_for(persona)
    for params in ({"year": last_year()}, {"cycle": data["c1"].pk}, {}):
        html = client.get(url(world, **params)).content.decode()
        for marker in MARKERS:
            assert marker not in html, (persona, params, marker)
        assert "We tried it together" not in html  # shared text isn't shown either: counts


@pytest.mark.parametrize(
    "params",
    [
        {"year": "abc"},
        {"year": "99999999999999999999999"},
        {"year": "1900"},
        {"year": "-1"},
        {"year": "²"},
        {"cycle": "x"},
        {"cycle": "-5"},
        {"cycle": "99999999999999999999999"},
        {"year": "", "cycle": ""},
        {"year": "2026%00"},
    ],
)
def test_garbage_filters_show_the_defaults(params, world, client_for):
    response = client_for("facilitator").get(url(world, **params))
    assert response.status_code == 200
    d = response.context["dashboard"]
    assert d.period.year == school_year_of(timezone.localdate()) and d.period.cycle is None


def test_a_cycle_of_another_community_is_ignored(world, client_for):
    other = Cycle.objects.create(
        community=world.other_community,
        number=1,
        start_date=dt.date(2020, 9, 1),
        end_date=dt.date(2020, 9, 28),
    )
    d = client_for("facilitator").get(url(world, cycle=other.pk)).context["dashboard"]
    assert d.period.cycle is None


def test_htmx_gets_only_the_figures(world, data, client_for):
    response = client_for("leader").get(url(world, year=last_year()), HTTP_HX_REQUEST="true")
    html = response.content.decode()
    assert response.status_code == 200 and "HX-Request" in response.headers["Vary"]
    assert html.lstrip().startswith('<div id="dashboard-figures"')
    assert "<html" not in html and "<form" not in html


def test_the_filter_form_works_without_javascript(world, client_for):
    html = client_for("facilitator").get(url(world)).content.decode()
    target = reverse("reports:community_dashboard", kwargs={"pk": world.community.pk})
    assert f'<form method="get" action="{target}" hx-get="{target}"' in html


@pytest.mark.parametrize(
    ("persona", "shown"),
    [
        ("facilitator", True),
        ("leader", True),
        ("director", True),
        ("teacher", False),
        ("coach", True),  # the coaches see the dashboard, so they find it too
    ],
)
def test_the_community_page_links_to_the_dashboard_for_its_viewers(
    persona, shown, world, client_for
):
    html = client_for(persona).get(reverse("communities:detail", kwargs={"pk": world.community.pk}))
    target = reverse("reports:community_dashboard", kwargs={"pk": world.community.pk})
    assert (f'href="{target}"' in html.content.decode()) is shown
