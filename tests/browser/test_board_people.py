"""The board's people in a real browser, on a phone: a board administrator finds a teacher
on the staff list by searching, opens their roles and makes them school leader; every state
passes axe, the Nu Html Checker and doesn't scroll sideways; so do the other people and
community pages."""

import re

from playwright.sync_api import Page, expect

from communities.models import SchoolLeader
from tests.browser.conftest import PHONE, assert_accessible, check_page, login


def test_an_administrator_finds_a_person_and_makes_them_school_leader(
    page: Page, live_server, live_world
):
    page.set_viewport_size(PHONE)
    login(page, live_server, live_world.administrator.email)
    page.get_by_role("link", name="Bestuur beheren").click()
    page.get_by_role("navigation", name="Bestuursbeheer").get_by_role("link", name="Mensen").click()
    expect(page).to_have_url(re.compile(r"/board/people/$"))
    expect(page.get_by_role("heading", level=1)).to_have_text("Mensen")
    expect(page.locator("#people-count")).to_have_text("7 mensen")
    assert_accessible(page, "people list (phone)", phone=True)

    page.get_by_label("Zoek op naam, e-mailadres, functie of school").fill("tess")
    page.get_by_role("button", name="Zoeken").click()
    expect(page.locator("#people-count")).to_have_text("1 persoon")
    row = page.get_by_role("row", name=re.compile("Tess Teacher"))
    expect(row).to_contain_text("teacher@example.org")
    assert_accessible(page, "people list searched (phone)", phone=True)

    row.get_by_role("link", name="Rollen van Tess Teacher").click()
    expect(page).to_have_url(re.compile(r"/board/people/\d+/roles/$"))
    expect(page.get_by_role("heading", level=1)).to_have_text("Rollen van Tess Teacher")
    expect(page.get_by_text("Geeft geen leiding aan een school.")).to_be_visible()
    assert_accessible(page, "roles (phone)", phone=True)

    page.get_by_label("School", exact=True).select_option(label="De Horizon")
    page.get_by_role("button", name="Maak schoolleider").click()
    expect(page.locator(".messages")).to_contain_text("De rollen van Tess Teacher zijn opgeslagen")
    expect(page.get_by_text("Schoolleider van De Horizon", exact=True)).to_be_visible()
    expect(page.get_by_role("button", name="Afnemen schoolleider van De Horizon")).to_be_visible()
    assert_accessible(page, "roles after granting (phone)", phone=True)
    assert SchoolLeader.objects.filter(
        user=live_world.teacher, school=live_world.other_school
    ).exists()

    # Back on the list, the role shows beside the person.
    page.get_by_role("link", name="Terug naar de mensen").click()
    page.get_by_label("Zoek op naam, e-mailadres, functie of school").fill("De Horizon")
    page.get_by_role("button", name="Zoeken").click()
    expect(page.get_by_role("row", name=re.compile("Tess Teacher"))).to_contain_text(
        "schoolleider van De Horizon"
    )


def test_the_other_people_and_community_pages_pass_axe(page: Page, live_server, live_world):
    login(page, live_server, live_world.administrator.email)
    teacher = live_world.teacher.staff_record.pk
    community = live_world.community.pk
    for path in (
        "/board/people/new/",
        f"/board/people/{teacher}/edit/",
        "/board/people/?status=all",
        "/board/communities/",
        "/board/communities/new/",
        f"/board/communities/{community}/edit/",
        f"/board/communities/{community}/facilitators/?q=e",
    ):
        check_page(page, live_server, path)
    # A form with its errors, the link to the person who has the address among them.
    page.goto(f"{live_server.url}/board/people/new/")
    page.locator("#id_full_name").fill("Tess")
    page.locator("#id_email").fill("TEACHER@example.org")
    page.locator("main form[method=post] button[type=submit]").click()
    expect(page.get_by_role("link", name="Naar Tess Teacher")).to_be_visible()
    assert_accessible(page, "new person with errors (phone)", phone=True)
