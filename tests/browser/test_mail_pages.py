"""The mail pages in a real browser: choices saved with the keyboard, one-click unsubscribe
page without a session; axe finds nothing on a desktop or a phone."""

from playwright.sync_api import Page, expect

from notifications import preferences
from notifications.models import Preference
from tests.browser.conftest import check_page, login


def test_a_teacher_turns_off_the_digest_and_sets_reminders(live_world, live_server, page: Page):
    login(page, live_server, live_world.teacher.email)
    check_page(page, live_server, "/my/mail/")
    page.set_viewport_size({"width": 1280, "height": 800})
    page.locator("#id_digest").focus()
    page.keyboard.press("Space")  # untick
    page.fill("#id_reminder_hours", "3")
    page.locator("#id_reminder_hours").press("Enter")
    expect(page.locator("#messages .message-success")).to_be_visible()
    preference = Preference.objects.get(user=live_world.teacher)
    assert (preference.digest, preference.reminder_hours) == (False, 3)


def test_the_unsubscribe_link_works_without_logging_in(live_world, live_server, page: Page):
    token = preferences.unsubscribe_token(live_world.teacher, "meeting_reminder")
    check_page(page, live_server, f"/mail/unsubscribe/{token}/")
    page.locator("main form button[type=submit]").click()
    expect(page.locator("main")).to_contain_text("teacher@example.org")
    assert not Preference.objects.get(user=live_world.teacher).meeting_reminder
    check_page(page, live_server, f"/mail/unsubscribe/{token}/")
