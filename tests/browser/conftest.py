"""Browser tests: Debian's Chromium driven by Playwright against a live Django server.

The pages are checked with axe-core (WCAG 2.1 A/AA) and, everywhere, for Content
Security Policy violations and uncaught JavaScript errors.
"""

import json
import os
import re
import weakref
from pathlib import Path

import pytest
from playwright.sync_api import Page, expect

from tests.conftest import World, build_world

# Playwright's sync API runs an event loop in this thread; Django refuses ORM calls from a
# thread with a running loop unless told it is safe (it is: the loop is Playwright's own).
os.environ["DJANGO_ALLOW_ASYNC_UNSAFE"] = "true"

PASSWORD = "a-long-test-password"
PHONE = {"width": 375, "height": 740}
DESKTOP = {"width": 1280, "height": 800}
AXE_PATH = Path(__file__).resolve().parents[2] / "node_modules" / "axe-core" / "axe.min.js"
AXE_TAGS = ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa"]
CSP_PATTERN = re.compile(r"Content Security Policy|Refused to", re.IGNORECASE)

expect.set_options(timeout=10_000)


def pytest_collection_modifyitems(config, items):
    here = Path(__file__).resolve().parent
    for item in items:
        if here in Path(str(item.fspath)).resolve().parents:
            item.add_marker(pytest.mark.browser)


@pytest.fixture(scope="session")
def browser_type_launch_args(browser_type_launch_args):
    return {
        **browser_type_launch_args,
        "executable_path": "/usr/bin/chromium",
        "headless": True,
        "args": [
            "--headless",
            "--no-sandbox",
            "--disable-gpu",
            "--disable-quic",
            "--no-first-run",
            "--disable-background-networking",
            "--disable-component-update",
            "--disable-sync",
        ],
    }


@pytest.fixture(scope="session")
def browser_context_args(browser_context_args):
    # A Dutch browser, as at the schools; the app's default language is Dutch as well.
    return {**browser_context_args, "locale": "nl-NL", "viewport": DESKTOP}


@pytest.fixture
def live_world(transactional_db) -> World:
    """The shared test world, committed so that the live server's thread sees it."""
    return build_world()


@pytest.fixture(autouse=True)
def _plain_static_files(settings):
    # The manifest storage needs `collectstatic`; the live server serves from the finders.
    settings.STORAGES = {
        **settings.STORAGES,
        "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"},
    }


class PageProblems:
    """CSP violations, console errors and uncaught exceptions seen by one page."""

    def __init__(self, page: Page) -> None:
        self.csp: list[str] = []
        self.console_errors: list[str] = []
        self.page_errors: list[str] = []
        self.failed_assets: list[str] = []
        page.on("console", self._on_console)
        page.on("pageerror", lambda error: self.page_errors.append(str(error)))
        page.on("response", self._on_response)

    def _on_console(self, message) -> None:
        text = message.text
        if CSP_PATTERN.search(text):
            self.csp.append(f"{message.type}: {text}")
        elif message.type == "error" and not text.startswith("Failed to load resource"):
            # A 404 page or an htmx 422 answer logs "Failed to load resource"; those are
            # expected. Assets that fail to load are caught by _on_response.
            self.console_errors.append(text)

    def _on_response(self, response) -> None:
        if response.status >= 400 and response.request.resource_type not in {
            "document",
            "xhr",
            "fetch",
        }:
            self.failed_assets.append(f"{response.status} {response.url}")

    def assert_clean(self) -> None:
        problems = [f"CSP: {m}" for m in self.csp]
        problems += [f"JS error: {m}" for m in self.page_errors]
        problems += [f"console error: {m}" for m in self.console_errors]
        problems += [f"asset failed to load: {m}" for m in self.failed_assets]
        assert not problems, "\n".join(problems)


@pytest.fixture
def problems(page: Page) -> PageProblems:
    """Every browser test also fails on a CSP violation or a JavaScript error."""
    seen = PageProblems(page)
    yield seen
    seen.assert_clean()


@pytest.fixture(autouse=True)
def _watch_every_page(request):
    if "page" in request.fixturenames:
        request.getfixturevalue("problems")


# Helpers ---------------------------------------------------------------------------------


def login(page: Page, live_server, email: str, password: str = PASSWORD) -> None:
    """Log in through the real form, as a person does."""
    page.goto(f"{live_server.url}/accounts/login/")
    form = page.locator("form[action='/accounts/login/']")
    form.locator("#id_username").fill(email)
    form.locator("#id_password").fill(password)
    form.locator("button[type=submit]").click()
    expect(page).not_to_have_url(re.compile(r"/accounts/login/"))
    # The navigation only shows for someone signed in.
    expect(page.locator("nav .nav a[href='/accounts/profile/']")).to_be_visible()


_axe_source: str | None = None
_pages_with_axe: "weakref.WeakSet[Page]" = weakref.WeakSet()


def _inject_axe(page: Page) -> None:
    """Put axe into the page, and into every page this tab opens from now on.

    page.evaluate and init scripts go through the DevTools protocol, which the page's CSP
    (script-src 'self') does not govern, so no CSP bypass is needed. Pages that never call
    this (test_csp.py) run without axe.
    """
    global _axe_source
    if _axe_source is None:
        _axe_source = AXE_PATH.read_text(encoding="utf-8")
    if page not in _pages_with_axe:
        page.add_init_script(script=_axe_source)
        _pages_with_axe.add(page)
    if not page.evaluate("() => typeof window.axe === 'object'"):
        page.evaluate(_axe_source)


def format_violations(violations: list[dict]) -> str:
    lines = []
    for violation in violations:
        lines.append(
            f"- {violation['id']} ({violation.get('impact')}): {violation['help']}"
            f"\n  {violation.get('helpUrl', '')}"
        )
        for node in violation["nodes"]:
            lines.append(f"    target: {json.dumps(node['target'])}")
            lines.append(f"    html:   {node['html']}")
            summary = node.get("failureSummary")
            if summary:
                lines.append("    " + summary.replace("\n", "\n    "))
    return "\n".join(lines)


def assert_accessible(page: Page, label: str = "") -> None:
    """axe-core finds no WCAG 2.1 A/AA violation on the page as it is now."""
    _inject_axe(page)
    result = page.evaluate(
        """tags => axe.run(document, {runOnly: {type: "tag", values: tags},
                                      resultTypes: ["violations"]})
            .then(r => ({violations: r.violations.map(v => ({
                id: v.id, impact: v.impact, help: v.help, helpUrl: v.helpUrl,
                nodes: v.nodes.map(n => ({target: n.target, html: n.html,
                                          failureSummary: n.failureSummary}))}))}))""",
        AXE_TAGS,
    )
    violations = result["violations"]
    where = label or page.url
    assert not violations, f"axe found violations on {where}:\n{format_violations(violations)}"


def assert_no_horizontal_scroll(page: Page, label: str = "") -> None:
    sizes = page.evaluate(
        "() => ({scroll: document.documentElement.scrollWidth, inner: window.innerWidth})"
    )
    if sizes["scroll"] > sizes["inner"] + 1:
        wide = page.evaluate(
            """() => {
                const limit = window.innerWidth + 1;
                return [...document.querySelectorAll('body *')]
                    .filter(el => el.getBoundingClientRect().right > limit)
                    .slice(0, 8)
                    .map(el => el.outerHTML.slice(0, 160));
            }"""
        )
        pytest.fail(
            f"{label or page.url} scrolls sideways on a phone: scrollWidth {sizes['scroll']}"
            f" > innerWidth {sizes['inner']}; wide elements:\n" + "\n".join(wide)
        )


def check_page(page: Page, live_server, path: str, *, phone: bool = True) -> None:
    """Open a page, check it with axe on a desktop and (optionally) on a phone."""
    page.set_viewport_size(DESKTOP)
    response = page.goto(f"{live_server.url}{path}")
    assert response is not None and response.ok, (path, response and response.status)
    expect(page.locator("main h1")).to_be_visible()
    assert_accessible(page, f"{path} (desktop)")
    if phone:
        page.set_viewport_size(PHONE)
        assert_accessible(page, f"{path} (phone)")
        assert_no_horizontal_scroll(page, path)
        page.set_viewport_size(DESKTOP)
