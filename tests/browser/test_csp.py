"""The strict Content-Security-Policy holds: the pages work without breaking it.

These tests run in a normal browser context (no CSP bypass, no axe injected) and fail on
any CSP report in the console or any uncaught JavaScript error (see `PageProblems`).
"""

from playwright.sync_api import Browser, Page, expect

from communities import services
from tests.browser.conftest import CSP_PATTERN, PageProblems, login


def _main_pages(w) -> list[str]:
    return [
        "/",
        "/communities/",
        f"/communities/{w.community.pk}/",
        f"/communities/{w.community.pk}/members/",
        f"/communities/{w.community.pk}/edit/",
        f"/communities/{w.community.pk}/goals/new/",
        f"/goals/{w.goal.pk}/",
        f"/goals/{w.goal.pk}/edit/",
        "/my/goals/",
        "/my/goals/new/",
        "/accounts/profile/",
        "/accounts/password/",
    ]


def _visit(page: Page, url: str) -> None:
    response = page.goto(url)
    assert response is not None and response.ok, (url, response and response.status)
    # The scripts loaded and ran (htmx is there), and so did the app's stylesheet.
    assert page.evaluate("() => typeof window.htmx === 'object'"), url
    position = page.evaluate(
        "() => getComputedStyle(document.querySelector('.skip-link')).position"
    )
    assert position == "absolute", url


def test_main_pages_respect_the_csp(page: Page, live_server, live_world, problems):
    w = live_world
    header = page.context.request.get(f"{live_server.url}/accounts/login/").headers.get(
        "content-security-policy", ""
    )
    assert "script-src 'self'" in header, header
    token = services.invitation_token(w.invitation)
    for path in ["/accounts/login/", "/accounts/password/reset/", f"/accounts/invite/{token}/"]:
        _visit(page, f"{live_server.url}{path}")
    login(page, live_server, w.facilitator.email)
    for path in _main_pages(w):
        _visit(page, f"{live_server.url}{path}")
    # An htmx request as well: its swap must not trip the CSP either.
    page.goto(f"{live_server.url}/goals/{w.goal.pk}/")
    page.locator("#id_done").fill("Checked the CSP")
    page.locator("#id_value").fill("10")
    page.locator(f"form[action='/goals/{w.goal.pk}/progress/'] button[type=submit]").click()
    expect(page.locator("#progress .timeline li")).to_have_count(1)
    problems.assert_clean()


def test_csp_violations_are_noticed(browser: Browser, live_server, live_world):
    """A control for the test above: an inline script is refused, and we see the report."""
    context = browser.new_context()
    try:
        page = context.new_page()
        seen = PageProblems(page)
        page.goto(f"{live_server.url}/accounts/login/")
        with page.expect_console_message(lambda m: bool(CSP_PATTERN.search(m.text))):
            page.evaluate(
                """() => {
                    const s = document.createElement('script');
                    s.textContent = 'window.__inline = true';
                    document.head.append(s);
                }"""
            )
        assert seen.csp
        assert page.evaluate("() => window.__inline === undefined")
    finally:
        context.close()
