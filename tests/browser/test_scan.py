"""The PLC scan in a real browser: the facilitator opens a round, three members answer
through the page (one with the keyboard only, one on a phone), and after the round is
closed the results show for the facilitator and the school leader, as averages per theme
and never per person. Every page passes axe (WCAG 2.1 A/AA) on a desktop and a phone."""

import importlib
import re

import pytest
from django.apps import apps
from playwright.sync_api import Page, expect

from observations.models import ScanAnswer, ScanParticipation, ScanResponse, ScanRound
from tests.browser.conftest import (
    DESKTOP,
    PHONE,
    assert_accessible,
    assert_no_horizontal_scroll,
    check_page,
    login,
)

MIN_TARGET = 44  # px: a finger-sized target (WCAG 2.5.5)
STATEMENTS = 18


@pytest.fixture
def w(live_world):
    """The shared world, with the built-in scan. A transactional test's flush removes the
    data migration's rows; the migration's own function puts them back."""
    migration = importlib.import_module("observations.migrations.0002_default_instruments_and_scan")
    migration.create(apps, None)
    return live_world


def _switch_user(page: Page, live_server, email: str) -> None:
    page.locator("form[action='/accounts/logout/'] button[type=submit]").click()
    expect(page.locator("form[action='/accounts/logout/']")).to_have_count(0)
    login(page, live_server, email)


def _check_here(page: Page, label: str) -> None:
    """axe on the page as it is now (no reload), on a desktop and on a phone."""
    page.set_viewport_size(DESKTOP)
    assert_accessible(page, f"{label} (desktop)")
    page.set_viewport_size(PHONE)
    assert_accessible(page, f"{label} (phone, {PHONE['width']}px)", phone=True)
    page.set_viewport_size(DESKTOP)


def _open_answer_page(page: Page, live_server, w, scan_round: ScanRound) -> None:
    page.goto(f"{live_server.url}/communities/{w.community.pk}/scan/")
    page.locator(f"a[href='/scan-rounds/{scan_round.pk}/answer/']").click()
    expect(page).to_have_url(re.compile(rf"/scan-rounds/{scan_round.pk}/answer/$"))
    expect(page.locator("fieldset.scan-statement")).to_have_count(STATEMENTS)


def _answer_with_the_keyboard(page: Page, score: int) -> None:
    """Into each radio group with Tab, Space to choose 1, the arrow keys up to `score`."""
    page.locator("fieldset.scan-statement input[type=radio]").first.focus()
    for number in range(STATEMENTS):
        if number:
            page.keyboard.press("Tab")
        page.keyboard.press("Space")
        for _ in range(score - 1):
            page.keyboard.press("ArrowRight")
    page.keyboard.press("Tab")
    focused = page.evaluate("() => document.activeElement.textContent.trim()")
    assert focused, "after the last group the focus should be on the submit button"
    assert page.evaluate("() => document.activeElement.type") == "submit"
    page.keyboard.press("Enter")


def _tap_everything(page: Page, score: int, *, skip: int | None = None) -> None:
    groups = page.locator("fieldset.scan-statement")
    for index in range(STATEMENTS):
        if index != skip:
            groups.nth(index).locator("label.scale-option").nth(score - 1).click()


def _results_row(page: Page, theme: str) -> list[str]:
    row = page.locator("table.scan-results tbody tr", has=page.locator("th", has_text=theme))
    return [cell.strip() for cell in row.locator("td").all_inner_texts()]


def test_a_scan_round_from_opening_to_results(page: Page, live_server, w):
    community = w.community
    scan_url = f"{live_server.url}/communities/{community.pk}/scan/"

    # 1. The facilitator finds the scan from the community page and opens a round.
    login(page, live_server, w.facilitator.email)
    page.goto(f"{live_server.url}/communities/{community.pk}/")
    page.locator(f"p.actions a[href='/communities/{community.pk}/scan/']").click()
    expect(page).to_have_url(re.compile(rf"/communities/{community.pk}/scan/$"))
    check_page(page, live_server, f"/communities/{community.pk}/scan/")
    page.set_viewport_size(DESKTOP)
    page.locator(f"form[action='/communities/{community.pk}/scan/open/'] button").click()
    expect(page.locator("#messages .message-success")).to_be_visible()
    scan_round = ScanRound.objects.get(community=community)
    expect(page.locator(".scan-count")).to_contain_text("0")
    expect(page.locator(f"form[action='/scan-rounds/{scan_round.pk}/close/']")).to_be_visible()
    _check_here(page, "scan page with an open round (facilitator)")

    # 2. A member answers with the keyboard only.
    _switch_user(page, live_server, w.teacher.email)
    _open_answer_page(page, live_server, w, scan_round)
    _check_here(page, "answer page")
    _answer_with_the_keyboard(page, 2)
    expect(page).to_have_url(re.compile(rf"/communities/{community.pk}/scan/$"))
    expect(page.locator("#messages .message-success")).to_be_visible()
    expect(page.locator(".scan-answered")).to_be_visible()
    expect(page.locator(f"a[href='/scan-rounds/{scan_round.pk}/answer/']")).to_have_count(0)
    assert sorted(ScanAnswer.objects.values_list("score", flat=True)) == [2] * STATEMENTS

    # 3. A member forgets one statement: the error is at that statement, the rest is kept.
    _switch_user(page, live_server, w.other_teacher.email)
    _open_answer_page(page, live_server, w, scan_round)
    _tap_everything(page, 4, skip=5)
    page.locator("form.scan-form button[type=submit]").click()
    expect(page.locator(".form-errors[role=alert] li")).to_have_count(1)
    missing = page.locator("fieldset.scan-statement.field-error")
    expect(missing).to_have_count(1)
    expect(missing.locator(".errorlist")).to_be_visible()
    expect(page.locator("fieldset.scan-statement input:checked")).to_have_count(STATEMENTS - 1)
    _check_here(page, "answer page with an error")
    page.locator(".form-errors a").click()
    expect(page).to_have_url(re.compile(r"#statement_\d+$"))
    missing.locator("label.scale-option").nth(3).click()
    page.locator("form.scan-form button[type=submit]").click()
    expect(page.locator("#messages .message-success")).to_be_visible()

    # 4. The coach answers on a phone: five finger-sized targets per statement.
    _switch_user(page, live_server, w.coach.email)
    page.set_viewport_size(PHONE)
    _open_answer_page(page, live_server, w, scan_round)
    assert_no_horizontal_scroll(page, "answer page on a phone")
    for target in page.locator("fieldset.scan-statement").first.locator("label").all():
        box = target.bounding_box()
        assert box and box["width"] >= MIN_TARGET and box["height"] >= MIN_TARGET, box
    _tap_everything(page, 5)
    page.locator("form.scan-form button[type=submit]").click()
    expect(page.locator("#messages .message-success")).to_be_visible()
    page.set_viewport_size(DESKTOP)
    assert ScanParticipation.objects.count() == ScanResponse.objects.count() == 3
    assert ScanAnswer.objects.count() == 3 * STATEMENTS

    # 5. Three answered; no figures while the round is open. The facilitator closes it.
    _switch_user(page, live_server, w.facilitator.email)
    page.goto(scan_url)
    expect(page.locator(".scan-count")).to_contain_text("3")
    expect(page.locator("table.scan-results")).to_have_count(0)
    page.locator(f"form[action='/scan-rounds/{scan_round.pk}/close/'] button").click()
    expect(page.locator("#messages .message-success")).to_be_visible()

    # 6. The results: per theme (2 + 4 + 5) / 3 = 3.7, in a table and as bars.
    expect(page.locator("table.scan-results caption")).to_be_visible()
    expect(page.locator("table.scan-results tbody tr")).to_have_count(6)
    assert _results_row(page, "Gedeelde visie en waarden") == ["3,7"]
    expect(page.locator("table.scan-results tfoot td")).to_have_text(["3"])
    bars = page.locator("svg.scan-bar[role=img]")
    expect(bars).to_have_count(6)
    expect(bars.first.locator("title")).to_contain_text("3,7")
    assert bars.first.locator("rect.scan-bar-fill").get_attribute("width") == "74"
    check_page(page, live_server, f"/communities/{community.pk}/scan/")
    _assert_no_one_in_particular(page, w)

    # 7. The school leader sees the same figures, and nothing to answer.
    page.set_viewport_size(DESKTOP)
    _switch_user(page, live_server, w.leader.email)
    check_page(page, live_server, f"/communities/{community.pk}/scan/")
    page.set_viewport_size(DESKTOP)
    assert _results_row(page, "Vertrouwen en veiligheid") == ["3,7"]
    expect(page.locator("a[href$='/answer/']")).to_have_count(0)
    expect(page.locator(f"form[action='/scan-rounds/{scan_round.pk}/close/']")).to_have_count(0)
    _assert_no_one_in_particular(page, w)


def _assert_no_one_in_particular(page: Page, w) -> None:
    """Who answered what is nowhere: no respondent's name or address, no single score."""
    main = page.locator("main").inner_text()
    for person in (w.teacher, w.other_teacher, w.coach):
        assert person.full_name not in main and person.email not in main
    figures = page.locator("table.scan-results td").all_inner_texts()
    assert not {"2,0", "4,0", "5,0"} & set(figures), figures
