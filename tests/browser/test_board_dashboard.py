"""The board director's dashboard in a real browser: the director finds it from the home
page, changes the school year (htmx swaps the figures in place, the address follows), and
every state passes axe (WCAG 2.1 A/AA) on a desktop and a phone."""

import re

import pytest
from playwright.sync_api import Page, expect

from communities import services as community_services
from communities.models import Membership
from tests.browser.conftest import DESKTOP, PHONE, assert_accessible, login
from tests.factories import UserFactory
from tests.reports.test_board_dashboard import joined_last_year
from tests.reports.test_dashboard import (
    MARKERS,
    PRESENT,
    at,
    attend,
    build_year,
    last_year,
    meeting,
)


@pytest.fixture
def w(live_world):
    build_year(live_world, last_year())
    # A fifth person, there all year, and a meeting at which all five were recorded: De Brug
    # is large enough to be compared.
    fifth = UserFactory()
    community_services.membership_add(
        community=live_world.community, user=fifth, role=Membership.Role.MEMBER
    )
    live_world.people["fifth"] = fifth
    joined_last_year(live_world)
    everyone = meeting(live_world, None, at(last_year(), 11, 3))
    attend(
        everyone,
        live_world,
        **dict.fromkeys(["teacher", "other_teacher", "coach", "facilitator", "fifth"], PRESENT),
    )
    return live_world


def _check_here(page: Page, label: str) -> None:
    page.set_viewport_size(DESKTOP)
    assert_accessible(page, f"{label} (desktop)")
    page.set_viewport_size(PHONE)
    assert_accessible(page, f"{label} (phone)", phone=True)
    page.set_viewport_size(DESKTOP)


def test_director_compares_the_schools_of_the_board(page: Page, live_server, w):
    login(page, live_server, w.director.email)
    page.goto(f"{live_server.url}/")
    page.get_by_role("link", name=re.compile(w.board.name)).click()
    path = f"/boards/{w.board.pk}/dashboard/"
    expect(page).to_have_url(re.compile(path))
    heading = page.locator("#period-heading")
    _check_here(page, path)

    year = last_year()
    page.evaluate("() => { window.__noReload = true; }")
    form = page.locator("form.dashboard-filter")
    form.locator("select[name=year]").select_option(str(year))
    with page.expect_response(
        lambda r: path in r.url and r.request.headers.get("hx-request") == "true"
    ):
        form.locator("button[type=submit]").click()
    assert page.evaluate("() => window.__noReload === true"), "the page was reloaded"
    expect(heading).to_contain_text(f"{year}")
    expect(page).to_have_url(re.compile(rf"year={year}"))
    expect(form.locator("select[name=cycle] option")).to_have_count(3)  # that year's cycles
    expect(page.locator("#dashboard-status")).to_contain_text(f"{year}–{year + 1}")
    form.locator("select[name=cycle]").select_option("1")
    with page.expect_response(
        lambda r: path in r.url and r.request.headers.get("hx-request") == "true"
    ):
        form.locator("button[type=submit]").click()
    expect(heading).to_contain_text(re.compile(r"(Cycle|Cyclus) 1 "))
    expect(page).to_have_url(re.compile(r"cycle=1"))
    form.locator("select[name=cycle]").select_option("")
    with page.expect_response(
        lambda r: path in r.url and r.request.headers.get("hx-request") == "true"
    ):
        form.locator("button[type=submit]").click()
    rows = page.locator("#board-schools tbody tr")
    expect(rows).to_have_count(2)
    expect(rows.first).to_contain_text(w.school.name)
    expect(rows.first).to_contain_text("75%")
    comparison = page.locator("#comparison")
    expect(comparison.locator("svg[role=img]")).to_have_count(3)  # no scan round of five
    expect(comparison.locator("#chart-compare-attendance table")).to_contain_text("School 1")
    expect(comparison).not_to_contain_text(w.school.name)
    _check_here(page, f"{path} {year}")
    html = page.content()
    for marker in MARKERS:
        assert marker not in html

    # From the board to a school's own dashboard.
    rows.first.get_by_role("link", name=w.school.name, exact=True).click()
    expect(page).to_have_url(re.compile(rf"/schools/{w.school.pk}/dashboard/"))
