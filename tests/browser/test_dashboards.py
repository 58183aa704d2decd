"""The community dashboard in a real browser: the facilitator and the school leader open it,
change the school year and the cycle (htmx swaps the figures in place, the address follows),
and every state passes axe (WCAG 2.1 A/AA) on a desktop and a phone."""

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


def _filter(page: Page, path: str, **choices: str) -> None:
    """Choose in the filter form and press Show: htmx fetches the figures only."""
    page.evaluate("() => { window.__noReload = true; }")
    form = page.locator("form.dashboard-filter")
    for name, value in choices.items():
        form.locator(f"select[name={name}]").select_option(value)
    with page.expect_response(
        lambda r: path in r.url and r.request.headers.get("hx-request") == "true"
    ):
        form.locator("button[type=submit]").click()
    assert page.evaluate("() => window.__noReload === true"), "the page was reloaded"


def _open_and_filter(page: Page, live_server, w) -> None:
    path = f"/communities/{w.community.pk}/dashboard/"
    check_page(page, live_server, path)
    heading = page.locator("#period-heading")
    year = last_year()
    _filter(page, path, year=str(year))
    expect(heading).to_contain_text(f"{year}")
    expect(page).to_have_url(re.compile(rf"year={year}"))
    # Three group meetings held that year, with their charts and tables.
    expect(page.locator("#chart-attendance-meetings table tbody tr")).to_have_count(3)
    expect(page.locator("#dashboard-figures svg[role=img]")).to_have_count(5)
    _check_here(page, f"{path} {year}")

    cycle = w.community.cycles.get(number=1)
    _filter(page, path, cycle=str(cycle.pk))
    expect(page).to_have_url(re.compile(rf"cycle={cycle.pk}"))
    expect(page.locator("#chart-attendance-meetings table tbody tr")).to_have_count(2)
    _check_here(page, f"{path} cycle 1")
    html = page.content()
    for marker in MARKERS:
        assert marker not in html

    # Without JavaScript's help the same address gives the same page.
    page.reload()
    expect(page.locator("#chart-attendance-meetings table tbody tr")).to_have_count(2)


def test_facilitator_opens_the_dashboard_from_the_community_page(page: Page, live_server, w):
    login(page, live_server, w.facilitator.email)
    page.goto(f"{live_server.url}/communities/{w.community.pk}/")
    page.locator(f"a[href='/communities/{w.community.pk}/dashboard/']").click()
    expect(page).to_have_url(re.compile(rf"/communities/{w.community.pk}/dashboard/$"))
    _open_and_filter(page, live_server, w)


def test_leader_filters_the_dashboard(page: Page, live_server, w):
    login(page, live_server, w.leader.email)
    _open_and_filter(page, live_server, w)
