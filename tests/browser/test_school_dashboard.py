"""The school leader's dashboard in a real browser: the leader opens it, changes the
school year (htmx swaps the figures in place, the address follows), and every state passes
axe (WCAG 2.1 A/AA) on a desktop and a phone; the board director opens it too."""

import re

import pytest
from playwright.sync_api import Page, expect

from tests.browser.conftest import DESKTOP, PHONE, assert_accessible, check_page, login
from tests.reports.test_dashboard import MARKERS, build_year, last_year


@pytest.fixture
def w(live_world):
    build_year(live_world, last_year())
    return live_world


def _check_here(page: Page, label: str) -> None:
    page.set_viewport_size(DESKTOP)
    assert_accessible(page, f"{label} (desktop)")
    page.set_viewport_size(PHONE)
    assert_accessible(page, f"{label} (phone)", phone=True)
    page.set_viewport_size(DESKTOP)


def _choose_year(page: Page, path: str, year: int) -> None:
    page.evaluate("() => { window.__noReload = true; }")
    form = page.locator("form.dashboard-filter")
    form.locator("select[name=year]").select_option(str(year))
    with page.expect_response(
        lambda r: path in r.url and r.request.headers.get("hx-request") == "true"
    ):
        form.locator("button[type=submit]").click()
    assert page.evaluate("() => window.__noReload === true"), "the page was reloaded"


def test_leader_opens_the_school_dashboard_and_changes_the_year(page: Page, live_server, w):
    login(page, live_server, w.leader.email)
    path = f"/schools/{w.school.pk}/dashboard/"
    check_page(page, live_server, path)
    heading = page.locator("#period-heading")
    year = last_year()
    _choose_year(page, path, year)
    expect(heading).to_contain_text(f"{year}")
    expect(page).to_have_url(re.compile(rf"year={year}"))
    rows = page.locator("#school-communities tbody tr")
    expect(rows).to_have_count(1)
    expect(rows.first).to_contain_text(w.community.name)
    expect(rows.first).to_contain_text("57%")
    expect(page.locator("#needs-attention")).to_contain_text(w.community.name)
    expect(page.locator("#dashboard-figures svg[role=img]")).to_have_count(3)
    expect(page.locator("#chart-attendance-months table tbody tr")).to_have_count(12)
    _check_here(page, f"{path} {year}")
    html = page.content()
    for marker in MARKERS:
        assert marker not in html

    # Back to this year, and the same address without JavaScript's help.
    _choose_year(page, path, year + 1)
    expect(heading).to_contain_text(f"{year + 1}")
    _check_here(page, f"{path} {year + 1}")
    page.reload()
    expect(heading).to_contain_text(f"{year + 1}")


def test_director_opens_the_school_dashboard(page: Page, live_server, w):
    login(page, live_server, w.director.email)
    check_page(page, live_server, f"/schools/{w.school.pk}/dashboard/?year={last_year()}")
    expect(page.locator("#school-communities tbody tr")).to_have_count(1)
