"""Logging in through the form."""

from playwright.sync_api import Page, expect

from tests.browser.conftest import login


def test_login_with_the_email_in_upper_case(page: Page, live_server, live_world):
    login(page, live_server, live_world.teacher.email.upper())
    assert page.url == f"{live_server.url}/"
    expect(page.locator("main h1")).to_contain_text(live_world.teacher.get_short_name())


def test_wrong_password_shows_an_accessible_error(page: Page, live_server, live_world):
    page.goto(f"{live_server.url}/accounts/login/")
    page.locator("#id_username").fill(live_world.teacher.email)
    page.locator("form[action='/accounts/login/'] button[type=submit]").click()
    page.locator("#id_password").fill("not-the-password")
    page.locator("form[action='/accounts/login/'] button[type=submit]").click()
    expect(page.locator(".form-errors[role=alert]")).to_be_visible()
    assert page.url.startswith(f"{live_server.url}/accounts/login/")
