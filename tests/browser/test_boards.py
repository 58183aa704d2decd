"""The board administration in a real browser, on a phone: a board administrator finds it
from the home page, adds a school (a first try with mistakes shows them at their fields),
and finds the school in the list; every state passes axe and doesn't scroll sideways."""

import re

from playwright.sync_api import Page, expect

from tests.browser.conftest import PHONE, assert_accessible, login


def test_an_administrator_adds_a_school_and_finds_it_in_the_list(
    page: Page, live_server, live_world
):
    page.set_viewport_size(PHONE)
    login(page, live_server, live_world.administrator.email)
    page.get_by_role("link", name="Bestuur beheren").click()
    expect(page).to_have_url(re.compile(r"/board/schools/$"))
    expect(page.get_by_role("heading", level=1)).to_have_text("Scholen")
    expect(page.locator("#schools-count")).to_have_text("2 scholen")
    assert_accessible(page, "school list (phone)", phone=True)

    page.get_by_role("link", name="Nieuwe school").click()
    expect(page).to_have_url(re.compile(r"/board/schools/new/$"))
    assert_accessible(page, "new school (phone)", phone=True)
    form = page.locator("main form[method=post]")
    form.locator("#id_name").fill("Basisschool De Linde")
    form.locator("#id_brin").fill("1A")
    form.locator("#id_postcode").fill("9401ab")
    form.locator("button[type=submit]").click()
    brin = page.locator("#id_brin")
    expect(brin).to_have_attribute("aria-invalid", "true")
    expect(page.locator(".field", has=brin).locator(".errorlist")).to_contain_text("BRIN")
    expect(page.locator("#id_sector")).to_have_attribute("aria-invalid", "true")
    assert_accessible(page, "new school with errors (phone)", phone=True)

    form.locator("#id_brin").fill("12ab")
    form.locator("#id_sector").select_option("po")
    form.locator("#id_region").select_option("noord")
    form.locator("#id_street").fill("Lindelaan 4")
    form.locator("#id_place").fill("Assen")
    form.locator("button[type=submit]").click()

    expect(page).to_have_url(re.compile(r"/board/schools/\?q=Basisschool"))
    expect(page.locator(".messages")).to_contain_text("De school Basisschool De Linde is")
    row = page.get_by_role("row", name=re.compile("Basisschool De Linde"))
    expect(row).to_contain_text("12AB")
    expect(row).to_contain_text("Assen")
    assert_accessible(page, "school list after adding (phone)", phone=True)

    # Search for it from the whole list, by place.
    page.get_by_role("link", name="Alles tonen").click()
    expect(page.locator("#schools-count")).to_have_text("3 scholen")
    page.get_by_label("Zoek op naam, BRIN-nummer of plaats").fill("assen")
    page.get_by_role("button", name="Zoeken").click()
    expect(page.get_by_role("row")).to_have_count(2)  # the head and De Linde
    page.get_by_role("link", name="Basisschool De Linde").click()
    expect(page).to_have_url(re.compile(r"/board/schools/\d+/edit/$"))
    expect(page.locator("#id_postcode")).to_have_value("9401 AB")
    assert_accessible(page, "edit school (phone)", phone=True)
