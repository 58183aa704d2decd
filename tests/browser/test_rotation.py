"""The peer-visit rotation in a real browser: the facilitator proposes a rotation for a cycle
(htmx, and the same without it), checks it and creates the visits. Every state of the page
passes axe on a desktop and on a phone."""

import datetime as dt
import importlib
import re

import pytest
from django.apps import apps
from django.utils import timezone
from playwright.sync_api import Page, expect

from cycles import selectors as cycle_selectors
from cycles.services import cycles as cycle_services
from observations.models import Visit
from tests.browser.conftest import DESKTOP, PHONE, assert_accessible, check_page, login


@pytest.fixture
def w(live_world):
    """The shared world with the built-in cycle template and checklists: they come from data
    migrations, which a transactional test's flush removes; their own functions put them back."""
    importlib.import_module("cycles.migrations.0002_default_template").create_default_template(
        apps, None
    )
    importlib.import_module("observations.migrations.0002_default_instruments_and_scan").create(
        apps, None
    )
    return live_world


def _cycle(w):
    today = timezone.localdate()
    return cycle_services.plan_create(
        community=w.community,
        template=cycle_selectors.template_default(),
        start=today + dt.timedelta(days=7 - today.weekday(), weeks=1),
        count=1,
    )[0]


def _check_here(page: Page, label: str) -> None:
    """axe on the page as it is now (no reload), on a desktop and on a phone."""
    page.set_viewport_size(DESKTOP)
    assert_accessible(page, f"{label} (desktop)")
    page.set_viewport_size(PHONE)
    assert_accessible(page, f"{label} (phone, {PHONE['width']}px)", phone=True)
    page.set_viewport_size(DESKTOP)


def test_facilitator_proposes_and_creates_a_rotation(page: Page, live_server, w):
    cycle = _cycle(w)
    path = f"/cycles/{cycle.pk}/rotation/"
    login(page, live_server, w.facilitator.email)
    check_page(page, live_server, path)
    page.set_viewport_size(DESKTOP)
    proposal = page.locator("#proposal table")
    expect(proposal).to_have_count(0)

    # Trios first, through htmx: the proposal arrives without a page load.
    page.evaluate("() => { window.__noReload = true; }")
    page.locator("#id_observers_per_visit_1").check()
    with page.expect_response(lambda r: "propose=1" in r.url) as answer:
        page.locator("button[name=propose]").click()
    assert answer.value.request.headers.get("hx-request") == "true"
    expect(proposal.locator("caption")).to_be_visible()
    expect(proposal.locator("tbody tr")).to_have_count(3)
    expect(proposal.locator("tbody tr").first.locator("td").first).to_contain_text(",")
    assert page.evaluate("() => window.__noReload === true"), "the page was reloaded"
    expect(page).to_have_url(re.compile(r"observers_per_visit=2"))
    _check_here(page, "rotation page with a proposal of trios")

    # Back to pairs, and the facilitator leaves themselves out: the members observe each other.
    page.locator("#id_observers_per_visit_0").check()
    page.locator("#id_include_facilitators").uncheck()
    page.locator("button[name=propose]").click()
    expect(proposal.locator("tbody tr")).to_have_count(2)
    expect(proposal).not_to_contain_text(w.facilitator.full_name)
    page.locator("#id_include_facilitators").check()
    page.locator("button[name=propose]").click()
    expect(proposal.locator("tbody tr")).to_have_count(3)
    for person in (w.teacher, w.other_teacher, w.facilitator):
        expect(proposal.locator("tbody th[scope=row]", has_text=person.full_name)).to_have_count(1)
    expect(proposal).not_to_contain_text(w.coach.full_name)
    assert not Visit.objects.exists(), "a proposal creates nothing"

    # The same proposal is there after a reload (its address holds the options).
    page.reload()
    expect(proposal.locator("tbody tr")).to_have_count(3)
    _check_here(page, "rotation page with a proposal, reloaded")

    page.locator("button[name=create]").click()
    expect(page).to_have_url(f"{live_server.url}/communities/{w.community.pk}/plan/")
    expect(page.locator("#messages .message-success")).to_contain_text("3")
    visits = Visit.objects.filter(cycle=cycle)
    assert visits.count() == 3
    assert {v.observed_id for v in visits} == {w.teacher.pk, w.other_teacher.pk, w.facilitator.pk}

    # Back on the page: the cycle's rotation is listed, and planning again asks to replace.
    check_page(page, live_server, path)
    page.set_viewport_size(DESKTOP)
    existing = page.locator("section[aria-labelledby=existing-heading] tbody tr")
    expect(existing).to_have_count(3)
    page.locator("button[name=propose]").click()
    expect(page.locator("#proposal .form-errors")).to_be_visible()
    expect(page.locator("#proposal table")).to_have_count(0)
    _check_here(page, "rotation page asking to replace")
