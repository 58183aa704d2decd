"""A leaver in a real browser, on a phone: the board administrator reads what marking a
teacher as left changes, confirms it, and the facilitator sees on the members page who left;
every state passes axe and doesn't scroll sideways."""

from playwright.sync_api import Page, expect

from communities.models import StaffMember
from tests.browser.conftest import PHONE, assert_accessible, login


def test_an_administrator_marks_a_teacher_as_left_and_the_facilitator_sees_it(
    page: Page, live_server, live_world
):
    w = live_world
    record = StaffMember.objects.get(user=w.teacher)
    page.set_viewport_size(PHONE)
    login(page, live_server, w.administrator.email)
    page.goto(f"{live_server.url}/board/people/{record.pk}/edit/")
    page.locator("#leave-link").click()
    expect(page).to_have_url(f"{live_server.url}/board/people/{record.pk}/leave/")
    expect(page.get_by_role("heading", level=1)).to_have_text(
        "Tess Teacher als vertrokken markeren"
    )
    expect(page.locator("#changes")).to_contain_text("PLG Lezen")
    assert_accessible(page, "mark as left (phone)", phone=True)

    page.get_by_role("button", name="Als vertrokken markeren").click()
    expect(page.locator("#id_confirm")).to_have_attribute("aria-invalid", "true")
    assert_accessible(page, "mark as left, not confirmed (phone)", phone=True)
    page.get_by_label("Ja, deze persoon is uit dienst bij het bestuur").check()
    page.get_by_role("button", name="Als vertrokken markeren").click()
    expect(page.locator(".messages")).to_contain_text("Tess Teacher is als vertrokken gemarkeerd")
    expect(page.locator("#left-on")).to_contain_text("Vertrokken op")
    assert_accessible(page, "left (phone)", phone=True)

    page.context.clear_cookies()
    login(page, live_server, w.facilitator.email)
    page.goto(f"{live_server.url}/communities/{w.community.pk}/members/")
    expect(page.locator("#departures")).to_contain_text("Tess Teacher")
    assert_accessible(page, "members with a leaver (phone)", phone=True)
