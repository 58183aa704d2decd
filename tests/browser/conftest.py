"""Browser tests: Debian's Chromium driven by Playwright against a live Django server.

The pages are checked with axe-core (WCAG 2.1 A/AA) and, everywhere, for Content
Security Policy violations and uncaught JavaScript errors. The HTML the server sent for
every page axe checks is validated by the W3C Nu Html Checker, all pages of a session (of
an xdist worker) in one run of Java at its end.
"""

import hashlib
import importlib
import json
import os
import re
import shutil
import subprocess
import tempfile
import weakref
from pathlib import Path

import pytest
from playwright.sync_api import Error as PlaywrightError
from playwright.sync_api import Page, expect

from tests.conftest import HTML_PAGES_CHECKED, World, build_world

HERE = Path(__file__).resolve().parent
PASSWORD = "a-long-test-password"
PHONE = {"width": 375, "height": 740}
DESKTOP = {"width": 1280, "height": 800}
NODE_MODULES = Path(__file__).resolve().parents[2] / "node_modules"
AXE_PATH = NODE_MODULES / "axe-core" / "axe.min.js"
VNU_JAR = NODE_MODULES / "vnu-jar" / "build" / "dist" / "vnu.jar"
# htmx's attributes are not HTML's; the checker's complaint about them, and only that, is
# expected ("Attribute “hx-get” not allowed on element “a” at this point.").
HTMX_ATTRIBUTE = re.compile(r"Attribute “hx-[^”]+” not allowed on element “[^”]+” at this point\.")
AXE_TAGS = ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa"]
CSP_PATTERN = re.compile(r"Content Security Policy|Refused to", re.IGNORECASE)

expect.set_options(timeout=10_000)


def pytest_collection_modifyitems(config, items):
    """Mark the browser tests, and run them after all other tests.

    They go last because of DJANGO_ALLOW_ASYNC_UNSAFE (see below): once the browser has
    started, it stays set for the rest of the session, and it must not leak into the other
    tests (tests/plc/test_settings.py runs `manage.py check --deploy` in a subprocess, which
    fails with async.E001 when it inherits the variable). pytest-django's own reordering
    runs first (tryfirst), so this is the last word on the order.
    """
    browser, others = [], []
    for item in items:
        if HERE in Path(str(item.fspath)).resolve().parents:
            item.add_marker(pytest.mark.browser)
            browser.append(item)
        else:
            others.append(item)
    items[:] = others + browser


@pytest.fixture(scope="session", autouse=True)
def _allow_django_orm_beside_playwright():
    """Playwright's sync API keeps an asyncio loop running in this thread (in a greenlet);
    Django refuses ORM calls from a thread with a running loop unless told it is safe (it
    is: the loop is Playwright's own, and the live server runs in its own thread)."""
    previous = os.environ.get("DJANGO_ALLOW_ASYNC_UNSAFE")
    os.environ["DJANGO_ALLOW_ASYNC_UNSAFE"] = "true"
    yield
    if previous is None:
        os.environ.pop("DJANGO_ALLOW_ASYNC_UNSAFE", None)
    else:
        os.environ["DJANGO_ALLOW_ASYNC_UNSAFE"] = previous


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


def restore_built_in_rows() -> None:
    """The built-in cycle template, checklists and PLC scan come from data migrations; a
    transactional test's flush removes them, so the migrations' own functions put them back."""
    from django.apps import apps

    for module, function in [
        ("cycles.migrations.0002_default_template", "create_default_template"),
        ("observations.migrations.0002_default_instruments_and_scan", "create"),
    ]:
        getattr(importlib.import_module(module), function)(apps, None)


@pytest.fixture
def built_in_rows(db) -> None:
    """For a test in a transaction that may run after a transactional test's flush."""
    restore_built_in_rows()


@pytest.fixture
def live_world(transactional_db) -> World:
    """The shared test world, committed so that the live server's thread sees it (with the
    built-in rows a transactional test's flush removed)."""
    restore_built_in_rows()
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
        self.page = page
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
        if response.request.is_navigation_request() and response.frame == self.page.main_frame:
            _documents[self.page] = response
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
    _html_pages.add(page)  # where the test ended, also when axe didn't look at it
    seen.assert_clean()


class HtmlPages:
    """The HTML the server sent for the pages axe checked: each distinct document once,
    named by where it was seen, for one run of the Nu Html Checker."""

    def __init__(self) -> None:
        self.documents: dict[str, tuple[str, bytes]] = {}
        self.urls: set[str] = set()

    def add(self, page: Page) -> None:
        response = _documents.get(page)
        if response is None or response.url != page.url or page.is_closed():
            return  # not a page this test navigated to itself (about:blank, a new tab)
        try:
            body = response.body()
        except PlaywrightError:
            return  # a download or a redirect: no document of its own
        if "html" not in (response.header_value("content-type") or ""):
            return
        path = re.sub(r"^https?://[^/]+", "", response.url)
        self.add_document(response.request.method, path, response.status, body)

    def add_document(self, method: str, path: str, status: int, body: bytes) -> None:
        """A document the server sent (also one fetched without the browser)."""
        digest = hashlib.sha256(body).hexdigest()
        if digest not in self.documents:
            test = os.environ.get("PYTEST_CURRENT_TEST", "").rsplit(" ", 1)[0]
            where = f"{method} {path} ({status}) in {test}"
            self.documents[digest] = (where, body)
        self.urls.add(path)

    def errors(self) -> dict[str, list[str]]:
        """Errors per page, from one run of vnu over all the pages (htmx attributes aside)."""
        if not self.documents:
            return {}
        java = shutil.which("java")
        if java is None:
            pytest.fail("the Nu Html Checker needs Java: apt-get install default-jre-headless")
        if not VNU_JAR.exists():
            pytest.fail(f"{VNU_JAR} is missing: run npm ci")
        with tempfile.TemporaryDirectory(prefix="plc-html-") as folder:
            names = {}
            for n, (where, body) in enumerate(self.documents.values()):
                file = Path(folder) / f"page-{n:03d}.html"
                file.write_bytes(body)
                names[file.name] = where
            run = subprocess.run(
                [java, "-jar", str(VNU_JAR), "--errors-only", "--format", "json"]
                + ["--exit-zero-always", *(str(Path(folder) / name) for name in names)],
                capture_output=True,
                text=True,
                timeout=300,
            )
        try:
            messages = json.loads(run.stderr)["messages"]
        except (ValueError, KeyError):
            pytest.fail(f"vnu said something else than JSON ({run.returncode}):\n{run.stderr}")
        found: dict[str, list[str]] = {}
        for message in messages:
            if HTMX_ATTRIBUTE.fullmatch(message.get("message", "")):
                continue
            url = message.get("url", "vnu")
            where = names.get(url.rsplit("/", 1)[-1], url)
            found.setdefault(where, []).append(
                f"line {message.get('lastLine', '?')}: {message.get('message')}"
                f"\n      {message.get('extract', '').strip()}"
            )
        return found


_documents: "weakref.WeakKeyDictionary[Page, object]" = weakref.WeakKeyDictionary()
_html_pages = HtmlPages()


@pytest.fixture(scope="session", autouse=True)
def _valid_html(request):
    """At the end of the session, every page axe checked is valid HTML."""
    yield _html_pages
    found = _html_pages.errors()
    checked = len(_html_pages.documents)
    request.config.stash[HTML_PAGES_CHECKED] = (checked, len(_html_pages.urls))
    if hasattr(request.config, "workeroutput"):
        request.config.workeroutput["html_pages_checked"] = (checked, len(_html_pages.urls))
    if found:
        report = "\n".join(
            f"{where}:\n" + "\n".join(f"  - {error}" for error in errors)
            for where, errors in sorted(found.items())
        )
        pytest.fail(
            f"the Nu Html Checker found errors on {len(found)} of {checked} pages:\n{report}",
            pytrace=False,
        )


@pytest.fixture(autouse=True)
def _watch_every_page(request):
    if "page" in request.fixturenames:
        request.getfixturevalue("problems")


# Helpers ---------------------------------------------------------------------------------


def login(page: Page, live_server, email: str, password: str = PASSWORD) -> None:
    """Log in through the real form, as a person does: the address, then the password."""
    page.goto(f"{live_server.url}/accounts/login/")
    form = page.locator("form[action='/accounts/login/']")
    form.locator("#id_username").fill(email)
    form.locator("button[type=submit]").click()
    form.locator("#id_password").fill(password)
    form.locator("button[type=submit]").click()
    expect(page).not_to_have_url(re.compile(r"/accounts/login/"))
    # The navigation only shows for someone signed in.
    expect(page.locator("nav .nav a[href='/accounts/profile/']")).to_be_visible()


_axe_source: str | None = None
_pages_with_axe: "weakref.WeakSet[Page]" = weakref.WeakSet()

# One round trip: run axe (when it is there) and measure the page. Returns null without axe.
_AXE_RUN = """tags => {
    if (typeof window.axe !== "object") {
        return null;
    }
    return axe.run(document, {runOnly: {type: "tag", values: tags},
                              resultTypes: ["violations"]})
        .then(r => ({
            violations: r.violations.map(v => ({
                id: v.id, impact: v.impact, help: v.help, helpUrl: v.helpUrl,
                nodes: v.nodes.map(n => ({target: n.target, html: n.html,
                                          failureSummary: n.failureSummary})),
            })),
            scrollWidth: document.documentElement.scrollWidth,
            innerWidth: window.innerWidth,
        }));
}"""


def _inject_axe(page: Page) -> None:
    """Put axe into the page, and into every page this tab opens from now on.

    page.evaluate and init scripts go through the DevTools protocol, which the page's CSP
    (script-src 'self') does not govern, so no CSP bypass is needed. Pages that never run
    axe (test_csp.py) stay without it.
    """
    global _axe_source
    if _axe_source is None:
        _axe_source = AXE_PATH.read_text(encoding="utf-8")
    if page not in _pages_with_axe:
        page.add_init_script(script=_axe_source)
        _pages_with_axe.add(page)
    page.evaluate(_axe_source)


def _run_axe(page: Page) -> dict:
    result = page.evaluate(_AXE_RUN, AXE_TAGS)
    if result is None:
        _inject_axe(page)
        result = page.evaluate(_AXE_RUN, AXE_TAGS)
    return result


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


def assert_accessible(page: Page, label: str = "", *, phone: bool = False) -> None:
    """axe-core finds no WCAG 2.1 A/AA violation on the page as it is now; on a phone, the
    page also doesn't scroll sideways."""
    _html_pages.add(page)
    result = _run_axe(page)
    where = label or page.url
    violations = result["violations"]
    assert not violations, f"axe found violations on {where}:\n{format_violations(violations)}"
    if phone and result["scrollWidth"] > result["innerWidth"] + 1:
        _fail_horizontal_scroll(page, where, result["scrollWidth"], result["innerWidth"])


def assert_no_horizontal_scroll(page: Page, label: str = "") -> None:
    sizes = page.evaluate(
        "() => ({scroll: document.documentElement.scrollWidth, inner: window.innerWidth})"
    )
    if sizes["scroll"] > sizes["inner"] + 1:
        _fail_horizontal_scroll(page, label or page.url, sizes["scroll"], sizes["inner"])


def _fail_horizontal_scroll(page: Page, where: str, scroll: int, inner: int) -> None:
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
        f"{where} scrolls sideways on a phone: scrollWidth {scroll} > innerWidth {inner};"
        " elements reaching past the edge:\n" + "\n".join(wide)
    )


def check_page(page: Page, live_server, path: str, *, phone: bool = True) -> None:
    """Open a page and check it with axe on a desktop and (optionally) on a phone, where it
    must not scroll sideways either."""
    page.set_viewport_size(DESKTOP)
    response = page.goto(f"{live_server.url}{path}")
    assert response is not None and response.ok, (path, response and response.status)
    assert_accessible(page, f"{path} (desktop)")
    if phone:
        page.set_viewport_size(PHONE)
        assert_accessible(page, f"{path} (phone, {PHONE['width']}px)", phone=True)
