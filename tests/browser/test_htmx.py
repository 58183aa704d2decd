"""htmx forms in a real browser: the page updates in place and the change is saved."""

import re

from playwright.sync_api import Page, expect

from communities.models import Membership
from tests.browser.conftest import assert_accessible, login


def _mark_document(page: Page) -> None:
    """A flag that a full page load would wipe."""
    page.evaluate("() => { window.__noReload = true; }")


def _assert_not_reloaded(page: Page) -> None:
    assert page.evaluate("() => window.__noReload === true"), "the page was reloaded"


def _assert_focus_within(page: Page, selector: str) -> None:
    """The pressed button was swapped out; focus must stay in the region, not fall to <body>."""
    assert page.evaluate(
        "sel => document.querySelector(sel).contains(document.activeElement)", selector
    ), f"focus is on {page.evaluate('() => document.activeElement.outerHTML.slice(0, 80)')}"


def test_facilitator_changes_a_role_in_place(page: Page, live_server, live_world):
    w = live_world
    membership = w.membership("teacher")
    login(page, live_server, w.facilitator.email)
    page.goto(f"{live_server.url}/communities/{w.community.pk}/members/")
    _mark_document(page)

    action = f"/communities/{w.community.pk}/members/{membership.pk}/role/"
    select = page.locator(f"#role-{membership.pk}")
    expect(select).to_have_value(Membership.Role.MEMBER)
    select.select_option(Membership.Role.COACH)
    with page.expect_response(
        lambda r: r.url.endswith(action) and r.request.method == "POST"
    ) as answer:
        page.locator(f"form[action='{action}'] button[type=submit]").click()
    assert answer.value.status == 200
    assert answer.value.request.headers.get("hx-request") == "true"

    expect(page.locator("#messages .message-success")).to_contain_text(w.teacher.full_name)
    expect(page.locator(f"#role-{membership.pk}")).to_have_value(Membership.Role.COACH)
    _assert_not_reloaded(page)
    _assert_focus_within(page, "#members")
    assert_accessible(page, "members page after changing a role")

    page.reload()
    expect(page.locator(f"#role-{membership.pk}")).to_have_value(Membership.Role.COACH)
    membership.refresh_from_db()
    assert membership.role == Membership.Role.COACH


def test_facilitator_records_progress_in_place(page: Page, live_server, live_world):
    w = live_world
    login(page, live_server, w.facilitator.email)
    page.goto(f"{live_server.url}/goals/{w.goal.pk}/")
    _mark_document(page)
    expect(page.locator("#progress .timeline li")).to_have_count(0)

    form = page.locator(f"#progress form[action='/goals/{w.goal.pk}/progress/']")
    form.locator("#id_done").fill("Modelled summarising in three lessons")
    form.locator("#id_evidence").fill("Lesson notes")
    form.locator("#id_value").fill("40")
    form.locator("button[type=submit]").click()

    update = page.locator("#progress .timeline li")
    expect(update).to_have_count(1)
    expect(update).to_contain_text("Modelled summarising in three lessons")
    expect(update).to_contain_text("40%")
    expect(page.locator("#progress progress")).to_have_attribute("value", "40")
    expect(page.locator("#messages .message-success")).to_be_visible()
    # The form is fresh again, ready for the next step.
    expect(page.locator("#id_done")).to_have_value("")
    _assert_not_reloaded(page)
    _assert_focus_within(page, "#progress")
    assert_accessible(page, "goal page after recording progress")

    page.reload()
    expect(page.locator("#progress .timeline li")).to_contain_text(
        "Modelled summarising in three lessons"
    )
    w.goal.refresh_from_db()
    assert w.goal.progress == 40


def test_invalid_progress_shows_the_error_in_place(page: Page, live_server, live_world):
    w = live_world
    login(page, live_server, w.facilitator.email)
    page.goto(f"{live_server.url}/goals/{w.goal.pk}/")
    _mark_document(page)

    form = page.locator(f"#progress form[action='/goals/{w.goal.pk}/progress/']")
    form.locator("#id_done").fill("Too optimistic")
    form.locator("#id_value").fill("150")
    with page.expect_response(lambda r: r.url.endswith(f"/goals/{w.goal.pk}/progress/")) as answer:
        form.locator("button[type=submit]").click()
    assert answer.value.status == 422

    value = page.locator("#progress #id_value")
    expect(value).to_have_attribute("aria-invalid", "true")
    expect(value).to_be_focused()
    field = page.locator("#progress .field", has=page.locator("#id_value"))
    expect(field.locator(".errorlist")).to_contain_text(re.compile(r"100"))
    # What was typed is kept, and nothing was recorded.
    expect(page.locator("#progress #id_done")).to_have_value("Too optimistic")
    expect(page.locator("#progress .timeline li")).to_have_count(0)
    _assert_not_reloaded(page)
    assert_accessible(page, "goal page with a progress error")
    assert not w.goal.updates.exists()


def test_htmx_messages_land_in_the_one_live_region(live_world, live_server, page):
    """A message after an in-place update is announced by the page's status region, and the
    page never has two regions with the same id."""
    w = live_world
    login(page, live_server, w.facilitator.email)
    page.goto(f"{live_server.url}/goals/{w.goal.pk}/")
    page.fill("#id_done", "Second round of visits")
    page.fill("#id_value", "50")
    page.locator("#progress form button[type=submit]").click()
    expect(page.locator("#messages .message-success")).to_be_visible()
    assert page.locator("[id=messages]").count() == 1
    assert page.locator("#messages").get_attribute("role") == "status"
