"""Classroom visits in a real browser: the observation form on a phone keeps every answer
through a lost connection; a reflection survives a session that really ends; every visit
page passes axe on a desktop and a phone."""

import datetime as dt
import json

from django.utils import timezone
from playwright.sync_api import BrowserContext, Page, expect

from observations.models import Instrument, Reflection, Score, Visit
from observations.services import visits as visit_services
from tests.browser.conftest import PHONE, assert_accessible, check_page, login


def a_visit(w) -> Visit:
    return visit_services.visit_plan(
        community=w.community,
        observed=w.teacher,
        observers=[w.facilitator],
        instrument=Instrument.objects.get(name="Algemene lesobservatie", organisation=None),
        starts_at=timezone.now() + dt.timedelta(hours=2),
        group="5B",
    )


def saved_after(page: Page, action, path: str) -> None:
    """Do `action` and wait for the server's answer to the save the page sends for it.

    The test reads the database only after that answer: the live server shares the test's
    in-memory SQLite database, which refuses a write while another connection reads it (the
    server would answer 500, and polling the database while the page saves did just that)."""
    with page.expect_response(
        lambda r: path in r.url and r.request.method == "POST", timeout=15_000
    ) as answer:
        action()
    assert answer.value.ok, (answer.value.url, answer.value.status)


def choose(page: Page, item_pk: int, level_pk: int) -> None:
    page.locator(f"label[for='item-{item_pk}-{level_pk}']").click()


def test_an_observation_on_a_phone_loses_nothing_when_the_network_drops(
    live_world, live_server, page: Page, context: BrowserContext, problems
):
    visit = a_visit(live_world)
    domain = visit.instrument.domains.order_by("order").first()
    first, second, third = list(domain.items.order_by("order"))[:3]
    good = visit.instrument.levels.get(value=3)
    strong = visit.instrument.levels.get(value=4)
    login(page, live_server, live_world.facilitator.email)
    page.set_viewport_size(PHONE)
    page.goto(f"{live_server.url}/visits/{visit.pk}/observe/")
    assert_accessible(page, "observation form (phone)", phone=True)
    # The scale's targets are large enough for a thumb.
    box = page.locator(f"label[for='item-{first.pk}-{good.pk}']").bounding_box()
    assert box["height"] >= 44 and box["width"] >= 44

    saved_after(page, lambda: choose(page, first.pk, good.pk), "/observe/save/")
    assert Score.objects.filter(visit=visit, item=first, level=good).exists()

    context.set_offline(True)  # the school's wifi drops mid-lesson
    choose(page, second.pk, strong.pk)
    page.fill(f"#evidence-{second.pk}", "Every pupil wrote an answer on a whiteboard")
    status = page.locator("#save-status")
    expect(status).to_have_text(status.get_attribute("data-offline"))
    assert not Score.objects.filter(item=second).exists()
    key = f"plc:{live_world.facilitator.pk}:visit-{visit.pk}-1"
    stored = json.loads(page.evaluate("key => localStorage.getItem(key)", key))
    assert stored["values"][f"item-{second.pk}"] == str(strong.pk)
    assert f"evidence-{second.pk}" in stored["changed"]  # not confirmed by the server yet

    # Back online: the page sends what it kept, and says so once the server has it.
    context.set_offline(False)
    expect(status).to_contain_text("Opgeslagen om", timeout=15_000)
    assert Score.objects.filter(
        item=second, level=strong, evidence="Every pupil wrote an answer on a whiteboard"
    ).exists()

    # Offline again, and this time the phone's browser is closed before it can send.
    context.set_offline(True)
    page.fill(f"#evidence-{third.pk}", "Pupils explained the task to each other")
    page.wait_for_timeout(300)
    page.close()
    context.set_offline(False)
    again = context.new_page()
    again.goto(f"{live_server.url}/visits/{visit.pk}/observe/")
    expect(again.locator(f"#evidence-{third.pk}")).to_have_value(
        "Pupils explained the task to each other"
    )
    # The page sends what it kept and says so once the server has it.
    expect(again.locator("#save-status")).to_contain_text("Opgeslagen om", timeout=15_000)
    assert Score.objects.filter(
        item=third, evidence="Pupils explained the task to each other"
    ).exists()
    # htmx reports the requests that could not be sent while offline; those are expected.
    problems.console_errors[:] = [
        error
        for error in problems.console_errors
        if not error.startswith(("htmx:sendError", "htmx:afterRequest"))
    ]
    # The earlier answers were not overwritten by the restored copy.
    assert Score.objects.get(item=first).level == good
    assert Score.objects.get(item=second).level == strong

    again.locator("button[name=go][value='2']").click()
    expect(again).to_have_url(f"{live_server.url}/visits/{visit.pk}/observe/?d=2&saved=1")
    assert again.evaluate("key => localStorage.getItem(key)", key) is None
    assert_accessible(again, "observation form, domain 2 (phone)", phone=True)
    visit.refresh_from_db()
    assert visit.status == Visit.Status.OBSERVED


def test_a_reflection_survives_a_session_that_ends(
    live_world, live_server, page: Page, context: BrowserContext, settings
):
    settings.SESSION_COOKIE_AGE = 4  # seconds of idleness before the session ends
    login(page, live_server, live_world.teacher.email)
    page.goto(f"{live_server.url}/my/reflections/new/")
    page.fill("#id_happened", "The pupils summarised in pairs.")
    saved_after(page, lambda: page.locator("#id_expected").focus(), "/my/reflections/draft/")
    assert Reflection.objects.filter(happened__startswith="The pupils").exists()

    page.wait_for_timeout(5000)  # the teacher is called away; the session ends
    page.fill("#id_expected", "I expected them to need more help.")
    page.locator("#id_contribution").focus()
    expect(page.locator("#draft-status .draft-warning")).to_be_visible()
    assert Reflection.objects.get().expected == ""  # nothing saved without a session

    settings.SESSION_COOKIE_AGE = 3600
    other = context.new_page()  # log in again in another tab, as the message asks
    login(other, live_server, live_world.teacher.email)
    other.close()

    page.fill("#id_contribution", "My modelling helped.")
    saved_after(page, lambda: page.locator("#id_expected").focus(), "/my/reflections/draft/")
    assert Reflection.objects.get().contribution == "My modelling helped."
    page.locator("main form button[type=submit]").click()
    expect(page.locator("#messages .message-success")).to_be_visible()
    reflection = Reflection.objects.get()  # one reflection, with everything typed
    assert (reflection.is_draft, reflection.expected, reflection.contribution) == (
        False,
        "I expected them to need more help.",
        "My modelling helped.",
    )


def test_visit_pages_pass_axe_for_each_role(live_world, live_server, page: Page):
    w = live_world
    visit = a_visit(w)
    visit_services.visit_record_contract(
        visit=visit,
        version=visit.version,
        focus="Wait time after a question",
        data_collection="Tally",
        agreements="Back of the class",
        focus_items=list(visit.instrument.domains.first().items.all()[:2]),
    )
    item = visit.instrument.domains.first().items.first()
    visit_services.score_save(
        visit=visit, item=item, level=visit.instrument.levels.first(), evidence="Seen"
    )
    login(page, live_server, w.teacher.email)
    for path in [
        "/my/visits/",
        f"/communities/{w.community.pk}/visits/",
        f"/communities/{w.community.pk}/visits/new/",
        f"/visits/{visit.pk}/",
        f"/visits/{visit.pk}/edit/",
        f"/visits/{visit.pk}/contract/",
        f"/visits/{visit.pk}/coaching/",
    ]:
        check_page(page, live_server, path)
    # The observed teacher shares the visit through the page.
    page.goto(f"{live_server.url}/visits/{visit.pk}/")
    page.locator("form[action$='/share/'] button").click()
    expect(page.locator("#messages .message-success")).to_be_visible()
    visit.refresh_from_db()
    assert visit.shared_with_community

    # A fellow member reads the shared visit; a leader who is not a member sees the counts.
    page.context.clear_cookies()
    login(page, live_server, w.facilitator.email)
    check_page(page, live_server, f"/visits/{visit.pk}/")
    page.context.clear_cookies()
    login(page, live_server, w.leader.email)
    check_page(page, live_server, f"/communities/{w.community.pk}/visits/")


def test_a_teacher_plans_a_visit_with_the_keyboard(live_world, live_server, page: Page):
    w = live_world
    login(page, live_server, w.teacher.email)
    page.goto(f"{live_server.url}/communities/{w.community.pk}/visits/new/")
    page.select_option("#id_observed", str(w.teacher.pk))
    page.locator(f"input[name=observers][value='{w.other_teacher.pk}']").focus()
    page.keyboard.press("Space")
    page.fill("#id_date", (timezone.localdate() + dt.timedelta(days=5)).isoformat())
    page.fill("#id_start", "09:30")
    page.fill("#id_group", "4A")
    page.locator("#id_group").press("Enter")
    expect(page.locator("#messages .message-success")).to_be_visible()
    visit = Visit.objects.get()
    assert list(visit.observers.all()) == [w.other_teacher]
    assert page.url == f"{live_server.url}/visits/{visit.pk}/"
