"""The year plan, meetings, attendance, topics, school calendars, products and the calendar
feed in a real browser: each page passes axe (WCAG 2.1 A/AA), and on a phone it doesn't
scroll sideways."""

import datetime as dt
import importlib
import re

import pytest
from django.apps import apps
from django.core.files.uploadedfile import SimpleUploadedFile
from django.utils import timezone
from playwright.sync_api import Page, expect

from cycles import selectors
from cycles.models import ActivityKind, Attendance, Cycle, Meeting, SchoolHoliday, Topic
from cycles.services import cycles as cycle_services
from cycles.services import meetings as meeting_services
from cycles.services import products
from tests.browser.conftest import (
    DESKTOP,
    PHONE,
    assert_accessible,
    assert_no_horizontal_scroll,
    check_page,
    login,
)

MIN_TARGET = 44  # px: a finger-sized target (WCAG 2.5.5, and what the CSS promises)


@pytest.fixture
def w(live_world):
    """The shared world, with the built-in cycle template.

    The template comes from a data migration; a transactional test's flush removes it, so
    every test after the first would miss it. The migration's own function puts it back.
    """
    migration = importlib.import_module("cycles.migrations.0002_default_template")
    migration.create_default_template(apps, None)
    return live_world


def _monday_in(weeks: int) -> dt.date:
    today = timezone.localdate()
    return today + dt.timedelta(days=7 - today.weekday(), weeks=weeks - 1)


def _plan(w, *, count: int = 1, weeks_ahead: int = 3) -> list[Cycle]:
    return cycle_services.plan_create(
        community=w.community,
        template=selectors.template_default(),
        start=_monday_in(weeks_ahead),
        count=count,
    )


def _group_meeting(w) -> Meeting:
    return w.community.meetings.filter(kind=ActivityKind.KNOWLEDGE).order_by("starts_at").first()


def _mark_document(page: Page) -> None:
    """A flag that a full page load would wipe."""
    page.evaluate("() => { window.__noReload = true; }")


def _assert_not_reloaded(page: Page) -> None:
    assert page.evaluate("() => window.__noReload === true"), "the page was reloaded"


def _switch_user(page: Page, live_server, email: str) -> None:
    """Log out through the header's form, then log in as someone else."""
    page.locator("form[action='/accounts/logout/'] button[type=submit]").click()
    expect(page.locator("form[action='/accounts/logout/']")).to_have_count(0)
    login(page, live_server, email)


def _check_here(page: Page, label: str) -> None:
    """axe on the page as it is now (no reload), on a desktop and on a phone."""
    page.set_viewport_size(DESKTOP)
    assert_accessible(page, f"{label} (desktop)")
    page.set_viewport_size(PHONE)
    assert_accessible(page, f"{label} (phone, {PHONE['width']}px)", phone=True)
    page.set_viewport_size(DESKTOP)


# 1. The year plan ------------------------------------------------------------------------


def test_facilitator_plans_a_year(page: Page, live_server, w):
    community = w.community
    first_monday = _monday_in(4)
    login(page, live_server, w.facilitator.email)
    page.goto(f"{live_server.url}/communities/{community.pk}/plan/")
    expect(page.locator("section.cycle")).to_have_count(0)
    _check_here(page, "empty plan page")

    page.locator(f"a[href='/communities/{community.pk}/plan/new/']").click()
    expect(page).to_have_url(re.compile(rf"/communities/{community.pk}/plan/new/$"))
    expect(page.locator("#id_template")).to_have_value(str(selectors.template_default().pk))
    page.locator("#id_start").fill(first_monday.isoformat())
    page.locator("#id_count").fill("3")
    page.locator("button[name=preview]").click()

    proposal = page.locator("section[aria-labelledby=proposal-heading]")
    expect(proposal.locator("tbody tr")).to_have_count(3)
    expect(proposal.locator("tbody th[scope=row]")).to_have_text(["1", "2", "3"])
    # What was entered is kept for the confirmation.
    expect(page.locator("#id_start")).to_have_value(first_monday.isoformat())
    expect(page.locator("#id_count")).to_have_value("3")
    assert not Cycle.objects.filter(community=community).exists(), "a preview planned already"
    _check_here(page, "plan form with the proposal")

    page.locator("button[name=confirm]").click()
    expect(page).to_have_url(re.compile(rf"/communities/{community.pk}/plan/$"))
    expect(page.locator("#messages .message-success")).to_be_visible()
    expect(page.locator("section.cycle")).to_have_count(3)
    for number in (1, 2, 3):
        section = page.locator(f"section[aria-labelledby=cycle-{number}]")
        expect(section.locator(f"#cycle-{number}")).to_be_visible()
        # Training and two knowledge meetings; coaching sessions are the members' own.
        expect(section.locator(".meeting-list li")).to_have_count(3)
    cycles = list(community.cycles.order_by("number"))
    assert [c.number for c in cycles] == [1, 2, 3]
    # The planner may skip a week with a public holiday, never plan before the first week.
    assert cycles[0].start_date >= first_monday
    assert all(c.meetings.exists() for c in cycles)
    _check_here(page, "plan page with three cycles")

    # A meeting, as the facilitator sees it, and its edit page.
    first = page.locator("section[aria-labelledby=cycle-1] .meeting-list li a").first
    href = first.get_attribute("href")
    assert href and re.fullmatch(r"/meetings/\d+/", href), href
    first.click()
    expect(page).to_have_url(re.compile(rf"{re.escape(href)}$"))
    expect(page.locator("#attendance")).to_be_visible()
    _check_here(page, "meeting page (facilitator)")

    page.locator(f"a[href='{href}edit/']").click()
    expect(page).to_have_url(re.compile(rf"{re.escape(href)}edit/$"))
    expect(page.locator("#id_date")).to_be_visible()
    _check_here(page, "meeting edit page")


# 2. Attendance on a phone ----------------------------------------------------------------


def test_facilitator_takes_attendance_on_a_phone(page: Page, live_server, w):
    _plan(w)
    meeting = _group_meeting(w)
    page.set_viewport_size(PHONE)
    login(page, live_server, w.facilitator.email)
    page.goto(f"{live_server.url}/meetings/{meeting.pk}/")
    expect(page.locator("#attendance-heading")).not_to_contain_text("%")
    _mark_document(page)

    def segment(person, status: str):
        action = f"/meetings/{meeting.pk}/attendance/{person.pk}/"
        return page.locator(f"#attendance form[action='{action}'] button.segment-{status}")

    for person, status in [(w.teacher, "present"), (w.other_teacher, "excused")]:
        expect(segment(person, status)).to_have_attribute("aria-pressed", "false")
        with page.expect_response(
            lambda r, p=person: (
                r.url.endswith(f"/attendance/{p.pk}/") and r.request.method == "POST"
            )
        ) as answer:
            segment(person, status).click()
        assert answer.value.status == 200
        assert answer.value.request.headers.get("hx-request") == "true"
        expect(segment(person, status)).to_have_attribute("aria-pressed", "true")

    # Two people recorded (one present, one excused): 50 %, counted as on the overview.
    expect(page.locator("#attendance-heading")).to_contain_text(re.compile(r"\b50\s?%"))
    expect(segment(w.teacher, "absent")).to_have_attribute("aria-pressed", "false")
    expect(segment(w.other_teacher, "present")).to_have_attribute("aria-pressed", "false")
    _assert_not_reloaded(page)

    buttons = page.locator("#attendance button.segment")
    expect(buttons).to_have_count(4 * 3)
    for button in buttons.all():
        box = button.bounding_box()
        assert box is not None and box["height"] >= MIN_TARGET, (button.inner_text(), box)
    assert_no_horizontal_scroll(page, "meeting page on a phone")
    assert_accessible(page, "meeting page after taking attendance (phone)", phone=True)

    page.reload()
    expect(segment(w.teacher, "present")).to_have_attribute("aria-pressed", "true")
    expect(segment(w.other_teacher, "excused")).to_have_attribute("aria-pressed", "true")
    recorded = dict(Attendance.objects.filter(meeting=meeting).values_list("user_id", "status"))
    assert recorded == {
        w.teacher.pk: Attendance.Status.PRESENT,
        w.other_teacher.pk: Attendance.Status.EXCUSED,
    }


# 3. Topics -------------------------------------------------------------------------------


def test_topic_is_proposed_voted_on_and_chosen(page: Page, live_server, w):
    (cycle,) = _plan(w)
    title, reason = "Feedback die werkt", "Past bij ons doel voor begrijpend lezen."
    topics_url = f"{live_server.url}/communities/{w.community.pk}/topics/"

    login(page, live_server, w.teacher.email)
    page.goto(topics_url)
    propose = page.locator(f"form[action='/communities/{w.community.pk}/topics/new/']")
    propose.locator("#id_title").fill(title)
    propose.locator("#id_description").fill("Hoe geef je feedback die leerlingen gebruiken?")
    propose.locator("button[type=submit]").click()
    expect(page).to_have_url(topics_url)
    topic = Topic.objects.get(community=w.community, title=title)
    article = page.locator(f"#topic-list article[aria-labelledby='topic-{topic.pk}']")
    expect(article.locator(f"#topic-{topic.pk}")).to_contain_text(title)

    def votes(count: int):
        # "… · 1 stem" / "… · 2 stemmen": the count follows the middle dot.
        return re.compile(rf"·\s*{count}\D*$")

    vote = article.locator(f"form[action='/topics/{topic.pk}/vote/'] button[type=submit]")
    count_text = article.locator("p.muted")
    expect(count_text).to_have_text(votes(0))
    expect(vote).to_have_attribute("aria-pressed", "false")
    _mark_document(page)
    with page.expect_response(lambda r: r.url.endswith(f"/topics/{topic.pk}/vote/")) as answer:
        vote.click()
    assert answer.value.request.headers.get("hx-request") == "true"
    expect(vote).to_have_attribute("aria-pressed", "true")
    expect(count_text).to_have_text(votes(1))
    _assert_not_reloaded(page)
    _check_here(page, "topics page after voting (teacher)")

    _switch_user(page, live_server, w.other_teacher.email)
    page.goto(topics_url)
    expect(vote).to_have_attribute("aria-pressed", "false")
    expect(count_text).to_have_text(votes(1))
    vote.click()
    expect(vote).to_have_attribute("aria-pressed", "true")
    expect(count_text).to_have_text(votes(2))
    assert topic.votes.count() == 2

    _switch_user(page, live_server, w.facilitator.email)
    page.goto(topics_url)
    details = article.locator("details.choose")
    details.locator("summary").click()
    expect(details).to_have_attribute("open", "")
    choose = details.locator(f"form[action='/topics/{topic.pk}/choose/']")
    expect(choose.locator(f"#cycle-{topic.pk}")).to_be_visible()
    choose.locator(f"#cycle-{topic.pk}").select_option(str(cycle.pk))
    choose.locator(f"#reason-{topic.pk}").fill(reason)
    _check_here(page, "topics page with the choose form open (facilitator)")
    choose.locator("button[type=submit]").click()
    expect(page).to_have_url(topics_url)
    expect(page.locator("#messages .message-success")).to_be_visible()
    expect(article).to_contain_text(reason)
    expect(article.locator("details.choose")).to_have_count(0)
    topic.refresh_from_db()
    assert (topic.status, topic.cycle_id, topic.reason) == (Topic.Status.CHOSEN, cycle.pk, reason)

    _switch_user(page, live_server, w.teacher.email)
    page.goto(topics_url)
    expect(article).to_contain_text(reason)
    expect(article.locator(f"form[action='/topics/{topic.pk}/vote/']")).to_have_count(0)


# 4. The other pages ----------------------------------------------------------------------


def test_leader_sees_attendance_and_edits_the_school_calendar(page: Page, live_server, w):
    _plan(w)
    held = _group_meeting(w)
    Meeting.objects.filter(pk=held.pk).update(status=Meeting.Status.HELD)
    for person, status in [(w.teacher, "present"), (w.other_teacher, "absent")]:
        meeting_services.attendance_set(meeting=held, user=person, status=status)

    login(page, live_server, w.leader.email)
    check_page(page, live_server, f"/communities/{w.community.pk}/attendance/")
    expect(page.locator(f"a[href='/meetings/{held.pk}/']")).to_be_visible()

    # The leader's calendar starts empty here (the plan above needed the region's holidays).
    SchoolHoliday.objects.filter(school=w.school).delete()
    calendar = f"/schools/{w.school.pk}/calendar/"
    check_page(page, live_server, calendar)
    page.set_viewport_size(DESKTOP)
    start = _monday_in(6)
    study_day = start + dt.timedelta(weeks=3, days=2)
    form = page.locator(f"form[action='/schools/{w.school.pk}/calendar/import/']")
    form.locator("#id_lines").fill(
        f"Herfstvakantie; {start:%d-%m-%Y}; {start + dt.timedelta(days=4):%d-%m-%Y}\n"
        f"Studiedag; {study_day:%d-%m-%Y}\n"
    )
    form.locator("button[type=submit]").click()
    expect(page).to_have_url(f"{live_server.url}{calendar}")
    expect(page.locator("#messages .message-success")).to_be_visible()
    days = page.locator("section[aria-labelledby=days-heading] li")
    expect(days).to_have_count(2)
    assert sorted(SchoolHoliday.objects.filter(school=w.school).values_list("kind", flat=True)) == [
        SchoolHoliday.Kind.HOLIDAY,
        SchoolHoliday.Kind.STUDY_DAY,
    ]
    _check_here(page, "school calendar after an import")

    form.locator("#id_lines").fill("Kerstvakantie; na de kerst\n")
    form.locator("button[type=submit]").click()
    lines = form.locator("#id_lines")
    expect(lines).to_have_attribute("aria-invalid", "true")
    field = form.locator(".field", has=page.locator("#id_lines"))
    expect(field).to_have_class(re.compile(r"\bfield-error\b"))
    expect(field.locator(".errorlist")).to_contain_text("1")
    # The error is tied to the field for a screen reader, and what was typed is kept.
    described = (lines.get_attribute("aria-describedby") or "").split()
    error_id = field.locator(".errorlist").get_attribute("id")
    assert error_id and error_id in described, (error_id, described)
    expect(lines).to_have_value("Kerstvakantie; na de kerst\n")
    assert SchoolHoliday.objects.filter(school=w.school).count() == 2
    _check_here(page, "school calendar with an import error")

    # The region's holidays, filled in for the school years that have none.
    page.locator(f"form[action='/schools/{w.school.pk}/calendar/fill/'] button").click()
    expect(page).to_have_url(f"{live_server.url}{calendar}")
    expect(page.locator("#messages .message-success")).to_be_visible()
    assert SchoolHoliday.objects.filter(school=w.school).count() > 2
    _check_here(page, "school calendar filled from the region")


def test_teacher_products_pages(page: Page, live_server, w):
    product = products.product_create(
        community=w.community,
        title="Checklist samenvatten",
        description="Vijf stappen om een tekst samen te vatten.",
        link="https://example.org/checklist-samenvatten",
        goal=w.goal,
        file=SimpleUploadedFile("checklist.txt", b"1. Lees de tekst.\n2. Kies de kern.\n"),
        by=w.teacher,
    )
    login(page, live_server, w.teacher.email)
    check_page(page, live_server, f"/communities/{w.community.pk}/products/")
    expect(page.locator(f"a[href='/products/{product.pk}/']")).to_be_visible()
    check_page(page, live_server, f"/products/{product.pk}/")
    expect(page.locator("a[href='https://example.org/checklist-samenvatten']")).to_be_visible()
    check_page(page, live_server, f"/communities/{w.community.pk}/products/new/")
    expect(page.locator("#id_title")).to_be_visible()


def test_teacher_makes_a_calendar_address(page: Page, live_server, w):
    login(page, live_server, w.teacher.email)
    check_page(page, live_server, "/my/calendar/")
    expect(page.locator("#feed-url")).to_have_count(0)

    page.set_viewport_size(DESKTOP)
    page.locator("form[action='/my/calendar/regenerate/'] button[type=submit]").click()
    expect(page).to_have_url(f"{live_server.url}/my/calendar/")
    expect(page.locator("#messages .message-success")).to_be_visible()
    feed_url = page.locator("#feed-url")
    expect(feed_url).to_have_value(re.compile(r"/calendar/[^/]+\.ics$"))
    _check_here(page, "calendar page with an address")
    # Reached by address as well, not only right after making it.
    check_page(page, live_server, "/my/calendar/")


def test_facilitator_copies_and_edits_a_cycle_template(w, live_server, page: Page):
    cycle = _plan(w)[0]
    login(page, live_server, w.facilitator.email)
    check_page(page, live_server, f"/communities/{w.community.pk}/templates/")
    default = selectors.template_default()
    page.set_viewport_size(DESKTOP)
    page.locator(
        f"form[action='/communities/{w.community.pk}/templates/{default.pk}/copy/'] button"
    ).click()
    expect(page).to_have_url(re.compile(r"/templates/\d+/$"))
    _check_here(page, "template edit")
    page.set_viewport_size(DESKTOP)
    page.fill("#id_activity-week", "9")  # the template has four weeks
    page.select_option("#id_activity-kind", "training")
    page.locator("#id_activity-week").locator("xpath=ancestor::form").locator(
        "button[type=submit]"
    ).click()
    expect(page.locator("#id_activity-week")).to_have_attribute("aria-invalid", "true")
    _check_here(page, "template edit with an error")
    check_page(page, live_server, f"/cycles/{cycle.pk}/edit/")
