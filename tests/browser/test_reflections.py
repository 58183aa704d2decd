"""Reflections in a real browser: the journal, the editor and a reflection pass axe on a
desktop and a phone; a guided reflection is written and shared through the pages."""

from playwright.sync_api import Page, expect

from observations.models import Reflection
from tests.browser.conftest import check_page, login


def test_teacher_writes_and_shares_a_reflection(live_world, live_server, page: Page):
    w = live_world
    login(page, live_server, w.teacher.email)
    check_page(page, live_server, "/my/reflections/")
    check_page(page, live_server, "/my/reflections/new/")
    page.set_viewport_size({"width": 1280, "height": 900})
    page.select_option("#id_community", str(w.community.pk))
    page.fill("#id_happened", "Pupils summarised the text in pairs.")
    page.fill("#id_next_step", "Model a summary first next time.")
    page.locator("main form button[type=submit]").click()
    expect(page).to_have_url(f"{live_server.url}/reflections/{Reflection.objects.get().pk}/")
    check_page(page, live_server, f"/reflections/{Reflection.objects.get().pk}/")
    page.set_viewport_size({"width": 1280, "height": 900})
    page.check("#visibility-coach")
    page.locator("form[action$='/visibility/'] button[type=submit]").click()
    expect(page.locator("#messages .message-success")).to_be_visible()
    assert Reflection.objects.get().visibility == "coach"


def test_an_empty_reflection_shows_the_error_where_the_teacher_looks(
    live_world, live_server, page: Page
):
    login(page, live_server, live_world.teacher.email)
    page.goto(f"{live_server.url}/my/reflections/new/")
    page.locator("main form button[type=submit]").click()
    expect(page.locator(".form-errors")).to_be_visible()
    check_page(page, live_server, "/my/reflections/new/")
    assert not Reflection.objects.exists()


def test_the_draft_autosaves_and_survives_a_reload(live_world, live_server, page: Page):
    login(page, live_server, live_world.teacher.email)
    page.goto(f"{live_server.url}/my/reflections/new/")
    page.fill("#id_happened", "The class read in pairs and")
    page.locator("#id_expected").focus()  # leaving the field saves at once
    expect(page.locator("#draft-status")).not_to_be_empty()
    assert Reflection.objects.get().is_draft
    page.reload()  # as after a lost connection: the browser's copy comes back
    expect(page.locator("#id_happened")).to_have_value("The class read in pairs and")
    page.fill("#id_happened", "The class read in pairs and summarised.")
    page.locator("main form button[type=submit]").click()
    expect(page.locator("#messages .message-success")).to_be_visible()
    reflection = Reflection.objects.get()  # one reflection: the draft, now saved
    assert (reflection.is_draft, reflection.happened) == (
        False,
        "The class read in pairs and summarised.",
    )
    page.goto(f"{live_server.url}/my/reflections/new/")
    expect(page.locator("#id_happened")).to_have_value("")  # the copy was cleared
