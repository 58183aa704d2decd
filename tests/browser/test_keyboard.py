"""Keyboard use: the skip link, and the language switch."""

from playwright.sync_api import Page, expect

from tests.browser.conftest import login


def test_skip_link_is_the_first_stop_and_moves_focus_to_main(page: Page, live_server, live_world):
    login(page, live_server, live_world.teacher.email)
    for path in ["/", "/accounts/profile/"]:
        page.goto(f"{live_server.url}{path}")
        page.keyboard.press("Tab")
        skip = page.locator("a.skip-link")
        expect(skip).to_be_focused()
        expect(skip).to_have_attribute("href", "#main")
        expect(skip).to_be_in_viewport()
        page.keyboard.press("Enter")
        expect(page.locator("main#main")).to_be_focused()
        # The next Tab goes on inside main, not back to the header.
        page.keyboard.press("Tab")
        assert page.evaluate(
            "() => document.querySelector('main').contains(document.activeElement)"
        )


def test_skip_link_for_someone_not_logged_in(page: Page, live_server, live_world):
    page.goto(f"{live_server.url}/accounts/password/reset/")
    page.keyboard.press("Tab")
    expect(page.locator("a.skip-link")).to_be_focused()
    page.keyboard.press("Enter")
    expect(page.locator("main#main")).to_be_focused()


def test_language_switch(page: Page, live_server, live_world):
    login(page, live_server, live_world.teacher.email)
    page.goto(f"{live_server.url}/my/goals/")
    html = page.locator("html")
    expect(html).to_have_attribute("lang", "nl")

    page.locator("form.language-switch button[name=language][value=en]").click()
    expect(html).to_have_attribute("lang", "en")
    assert page.url.endswith("/my/goals/"), "the switch stays on the same page"
    expect(page.locator("form.language-switch button[name=language][value=nl]")).to_have_attribute(
        "lang", "nl"
    )

    page.locator("form.language-switch button[name=language][value=nl]").click()
    expect(html).to_have_attribute("lang", "nl")
    assert page.url.endswith("/my/goals/")


def test_language_switch_with_the_keyboard(page: Page, live_server, live_world):
    page.goto(f"{live_server.url}/accounts/login/")
    html = page.locator("html")
    expect(html).to_have_attribute("lang", "nl")
    button = page.locator("form.language-switch button[name=language][value=en]")
    button.focus()
    page.keyboard.press("Enter")
    expect(html).to_have_attribute("lang", "en")
