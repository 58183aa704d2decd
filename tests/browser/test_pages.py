"""Each persona logs in through the real form and walks the pages they can see.

Every page is checked with axe (WCAG 2.1 A/AA) on a desktop and, for the teacher and the
facilitator, on a phone as well, where it must not scroll sideways.
"""

from playwright.sync_api import Page, expect

from communities import services
from tests.browser.conftest import assert_accessible, check_page, login


def test_teacher_walk(page: Page, live_server, live_world):
    w = live_world
    login(page, live_server, w.teacher.email)
    for path in [
        "/",
        "/communities/",
        f"/communities/{w.community.pk}/",
        f"/goals/{w.goal.pk}/",
        "/my/goals/",
        "/my/goals/new/",
        f"/my/goals/{w.private_goal.pk}/",
        "/accounts/profile/",
    ]:
        check_page(page, live_server, path)


def test_facilitator_walk(page: Page, live_server, live_world):
    w = live_world
    own_goal = services.personal_goal_create(
        owner=w.facilitator, community=w.community, title="Facilitate with fewer words"
    )
    login(page, live_server, w.facilitator.email)
    for path in [
        "/",
        "/communities/",
        f"/communities/{w.community.pk}/",
        f"/goals/{w.goal.pk}/",
        "/my/goals/",
        "/my/goals/new/",
        f"/my/goals/{own_goal.pk}/",
        # A teacher's goal shared with the community: read-only for the facilitator.
        f"/my/goals/{w.shared_goal.pk}/",
        "/accounts/profile/",
        f"/communities/{w.community.pk}/members/",
        f"/communities/{w.community.pk}/edit/",
        f"/communities/{w.community.pk}/goals/new/",
        f"/goals/{w.goal.pk}/edit/",
    ]:
        check_page(page, live_server, path)


def test_school_leader_walk(page: Page, live_server, live_world):
    w = live_world
    login(page, live_server, w.leader.email)
    for path in ["/", "/communities/", "/communities/new/", f"/communities/{w.community.pk}/"]:
        check_page(page, live_server, path)


def test_board_director_walk(page: Page, live_server, live_world):
    w = live_world
    login(page, live_server, w.director.email)
    for path in ["/", "/communities/", "/communities/new/", f"/communities/{w.community.pk}/"]:
        check_page(page, live_server, path)


def test_anonymous_pages(page: Page, live_server, live_world):
    token = services.invitation_token(live_world.invitation)
    for path in ["/accounts/login/", "/accounts/password/reset/", f"/accounts/invite/{token}/"]:
        check_page(page, live_server, path)
    # The invitation is for an address without an account: the page asks for a password.
    expect(page.locator("#id_password1")).to_be_visible()

    response = page.goto(f"{live_server.url}/no-such-page/")
    assert response is not None and response.status == 404
    expect(page.locator("main h1")).to_be_visible()
    assert_accessible(page, "404 page")
