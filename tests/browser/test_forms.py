"""Form errors are shown next to their field, marked for assistive technology."""

import re

from playwright.sync_api import Page, expect

from tests.browser.conftest import assert_accessible, login


def test_empty_personal_goal_shows_errors_next_to_the_field(page: Page, live_server, live_world):
    login(page, live_server, live_world.teacher.email)
    page.goto(f"{live_server.url}/my/goals/new/")
    form = page.locator("main form[method=post]")
    form.locator("#id_title").fill("")
    form.locator("button[type=submit]").click()

    title = page.locator("#id_title")
    expect(title).to_have_attribute("aria-invalid", "true")
    field = page.locator(".field", has=title)
    expect(field).to_have_class(re.compile(r"\bfield-error\b"))
    error = field.locator(".errorlist")
    expect(error).to_be_visible()
    expect(error).not_to_be_empty()
    # The error is announced with the field: aria-describedby points at it.
    error_id = error.get_attribute("id")
    assert error_id, "the error list has no id for aria-describedby"
    assert error_id in (title.get_attribute("aria-describedby") or "").split()
    assert page.url.endswith("/my/goals/new/")
    assert_accessible(page, "personal goal form with errors")
