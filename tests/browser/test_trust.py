"""In the browser: the teacher learns who can now read what they share, sees who "my
community" and "my coach" are by name, and accepts a coach who leads their school."""

from django.urls import reverse
from playwright.sync_api import Page, expect

from communities import services
from communities.models import CoachAcceptance, Membership
from tests.browser.conftest import check_page, login


def test_a_teacher_accepts_a_coach_who_leads_their_school(live_world, live_server, page: Page):
    w = live_world
    # The leader joins and the facilitator makes them coach: the teacher is told.
    services.membership_add(community=w.community, user=w.leader, role=Membership.Role.MEMBER)
    services.membership_set_role(
        membership=Membership.objects.get(community=w.community, user=w.leader),
        role=Membership.Role.COACH,
        by=w.facilitator,
    )
    login(page, live_server, w.teacher.email)
    check_page(page, live_server, "/")
    notices = page.locator("section.notices")
    expect(notices).to_contain_text(w.leader.full_name)
    audience = page.locator("section.audience")
    expect(audience).to_contain_text(w.other_teacher.full_name)
    expect(audience).to_contain_text("leidt je school of bestuur")

    page.get_by_role("button", name=f"{w.leader.full_name} als mijn coach accepteren").click()
    expect(page.locator("#messages .message-success")).to_be_visible()
    assert CoachAcceptance.objects.filter(teacher=w.teacher, coach=w.leader).exists()
    expect(
        page.get_by_role(
            "button", name=f"{w.leader.full_name} niet langer als mijn coach accepteren"
        )
    ).to_be_visible()

    # Dismissing the notice, with the keyboard.
    button = page.locator("section.notices button")
    button.focus()
    page.keyboard.press("Enter")
    expect(page.locator("section.notices")).to_have_count(0)

    # Where the teacher chooses an audience, the names are there too.
    check_page(page, live_server, reverse("observations:reflection_create"))
    expect(page.locator("section.audience")).to_contain_text(w.coach.full_name)
