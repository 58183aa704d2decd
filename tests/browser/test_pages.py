"""Each persona logs in through the form and walks the pages they can see; axe checks each."""

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
