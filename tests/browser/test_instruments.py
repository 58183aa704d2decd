"""Observation checklists (kijkwijzers) in a real browser: a checklist is built with the
keyboard alone, and the list, a checklist, its older version, the builder and a community's
checklists pass axe on a desktop and a phone."""

import datetime as dt
import importlib

import pytest
from django.apps import apps
from django.utils import timezone, translation
from playwright.sync_api import Page, expect

from observations import checklist_text
from observations.models import Instrument
from observations.services import instruments as instrument_services
from observations.services import visits as visit_services
from tests.browser.conftest import DESKTOP, PHONE, assert_accessible, check_page, login
from tests.observations.matrix_instruments import OUTLINE, SCALE, board_checklist


@pytest.fixture
def w(live_world):
    """The shared world with the built-in checklists (a transactional test's flush removes
    what the data migration made; its own function puts it back)."""
    migration = importlib.import_module("observations.migrations.0002_default_instruments_and_scan")
    migration.create(apps, None)
    return live_world


def _check_here(page: Page, label: str) -> None:
    """axe on the page as it is now (after a POST, or a 403), on a desktop and a phone."""
    page.set_viewport_size(DESKTOP)
    assert_accessible(page, f"{label} (desktop)")
    page.set_viewport_size(PHONE)
    assert_accessible(page, f"{label} (phone, {PHONE['width']}px)", phone=True)
    page.set_viewport_size(DESKTOP)


def _tab_to(page: Page, selector: str, limit: int = 12) -> None:
    """Press Tab until the element has focus, as a keyboard user does."""
    target = page.locator(selector)
    for _ in range(limit):
        if target.evaluate("el => el === document.activeElement"):
            return
        page.keyboard.press("Tab")
    pytest.fail(f"Tab never reached {selector}")


def test_a_facilitator_builds_a_checklist_with_the_keyboard(w, live_server, page: Page):
    login(page, live_server, w.facilitator.email)
    check_page(page, live_server, "/checklists/")
    page.set_viewport_size(DESKTOP)
    page.locator("a[href='/checklists/new/']").click()
    expect(page).to_have_url(f"{live_server.url}/checklists/new/")
    check_page(page, live_server, "/checklists/new/")
    page.set_viewport_size(DESKTOP)

    page.locator("#id_name").focus()
    page.keyboard.type("Lezen in groep 6")
    page.keyboard.press("Tab")
    expect(page.locator("#id_description")).to_be_focused()
    page.keyboard.type("Voor de lesbezoeken van dit jaar.")
    # A preset fills the scale without leaving the page (htmx), and says so.
    _tab_to(page, "a[href='?preset=four']")
    page.keyboard.press("Enter")
    with translation.override("nl"):  # the people of the world read Dutch
        four = checklist_text.format_scale(checklist_text.PRESETS["four"][1])
    expect(page.locator("#id_scale")).to_have_value(four)
    expect(page.locator("#preset-status")).not_to_be_empty()
    expect(page.locator("#id_name")).to_have_value("Lezen in groep 6")
    # Then the scale is made our own: two levels and "not seen".
    page.locator("#id_scale").focus()
    page.keyboard.press("ControlOrMeta+a")
    page.keyboard.type("1 = Onvoldoende\n2 = Voldoende\nniet gezien")
    _tab_to(page, "#id_outline")
    # A mistake first: an item above any domain, and a domain without items.
    page.keyboard.type("- Leerlingen lezen hardop\nVoorlezen")
    _tab_to(page, "main form button[type=submit]")
    page.keyboard.press("Enter")
    outline = page.locator("#id_outline")
    expect(outline).to_have_attribute("aria-invalid", "true")
    expect(page.locator(".field-error .errorlist")).to_have_count(1)
    expect(page.locator(".field-error .errorlist li")).to_have_count(2)
    assert not Instrument.objects.filter(organisation=w.board).exists()
    _check_here(page, "the builder with errors")

    outline.focus()
    page.keyboard.press("ControlOrMeta+a")
    page.keyboard.type(
        "Voorlezen\n- De leraar leest vloeiend voor.\n- Leerlingen lezen mee.\n"
        "Begrip\n- Leerlingen voorspellen wat komt."
    )
    _tab_to(page, "main form button[type=submit]")
    page.keyboard.press("Enter")
    expect(page.locator("#messages .message-success")).to_be_visible()
    made = Instrument.objects.get(organisation=w.board)
    expect(page).to_have_url(f"{live_server.url}/checklists/{made.pk}/")
    assert made.name == "Lezen in groep 6"
    assert [(level.value, level.label) for level in made.levels.all()] == [
        (1, "Onvoldoende"),
        (2, "Voldoende"),
        (None, "niet gezien"),
    ]
    assert [domain.items.count() for domain in made.domains.all()] == [2, 1]
    expect(page.locator("main h3")).to_have_count(2)
    check_page(page, live_server, f"/checklists/{made.pk}/")


def test_checklist_pages_pass_axe(w, live_server, page: Page):
    own = board_checklist(w)
    own.communities.add(w.community)
    visit_services.visit_plan(
        community=w.community,
        observed=w.teacher,
        observers=[w.other_teacher],
        instrument=own,
        starts_at=timezone.now() + dt.timedelta(days=2),
    )
    new, _saved = instrument_services.instrument_update(
        instrument=own,
        name=own.name,
        description="Met een extra item.",
        levels=checklist_text.parse_scale(SCALE),
        domains=checklist_text.parse_outline(OUTLINE + "\n- Pupils retell."),
        by=w.facilitator,
    )
    general = Instrument.objects.get(name="Algemene lesobservatie")
    login(page, live_server, w.facilitator.email)
    for path in (
        "/checklists/",
        f"/checklists/{new.pk}/",
        f"/checklists/{own.pk}/",
        f"/checklists/{general.pk}/",
        f"/checklists/{new.pk}/edit/",
        f"/communities/{w.community.pk}/checklists/",
    ):
        check_page(page, live_server, path)
    # The older version links to the current one.
    page.set_viewport_size(DESKTOP)
    page.goto(f"{live_server.url}/checklists/{own.pk}/")
    page.locator(f"main .panel a[href='/checklists/{new.pk}/']").click()
    expect(page).to_have_url(f"{live_server.url}/checklists/{new.pk}/")
    # A built-in checklist is not edited: the answer offers a copy, and passes axe too.
    response = page.goto(f"{live_server.url}/checklists/{general.pk}/edit/")
    assert response is not None and response.status == 403
    _check_here(page, "editing a built-in checklist")
    page.locator(f"form[action='/checklists/{general.pk}/copy/'] button[type=submit]").click()
    copy = Instrument.objects.exclude(pk__in=[own.pk, new.pk]).get(organisation=w.board)
    expect(page).to_have_url(f"{live_server.url}/checklists/{copy.pk}/edit/")
    expect(page.locator("#id_outline")).to_have_value(
        checklist_text.format_outline(copy.domains.prefetch_related("items"))
    )


def test_the_facilitator_chooses_checklists_and_members_read_them(w, live_server, page: Page):
    own = board_checklist(w)
    login(page, live_server, w.facilitator.email)
    page.goto(f"{live_server.url}/communities/{w.community.pk}/")
    page.locator(f"a[href='/communities/{w.community.pk}/checklists/']").click()
    checkbox = page.locator(f"input[name=instruments][value='{own.pk}']")
    checkbox.focus()
    page.keyboard.press("Space")
    expect(checkbox).to_be_checked()
    _tab_to(page, "main form button[type=submit]")
    page.keyboard.press("Enter")
    expect(page.locator("#messages .message-success")).to_be_visible()
    assert list(w.community.instruments.all()) == [own]

    page.locator("form[action='/accounts/logout/'] button[type=submit]").click()
    login(page, live_server, w.teacher.email)
    check_page(page, live_server, f"/communities/{w.community.pk}/checklists/")
    expect(page.locator("main input[type=checkbox]")).to_have_count(0)
    expect(page.locator(f"main a[href='/checklists/{own.pk}/']")).to_be_visible()
