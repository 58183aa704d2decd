"""Signing in with the school account in a real browser: a teacher types their address on
our login page, is sent to the board's provider (a real OpenID provider in its own process,
tests/oidc/provider.mjs), signs in there and lands on their home page. Our pages on the way
pass axe; the Content-Security-Policy lets the one form go to the provider."""

import re

import pytest
from playwright.sync_api import Page, expect

from sso.services.identity_providers import identity_provider_save
from tests.browser.conftest import PHONE, assert_accessible
from tests.oidc.provider import CLIENT_ID, CLIENT_SECRET, oidc_provider  # noqa: F401

pytestmark = pytest.mark.usefixtures("real_clock")


def test_a_teacher_signs_in_with_the_school_account(
    page: Page,
    live_server,
    live_world,
    oidc_provider,  # noqa: F811 (the fixture imported above)
):
    oidc_provider.mode("normal")
    identity_provider_save(
        organisation=live_world.board,
        by=live_world.administrator,
        kind="entree",
        issuer_url=oidc_provider.issuer,
        client_id=CLIENT_ID,
        client_secret=CLIENT_SECRET,
        secret_env="",
        enabled=True,
        password_login=False,
    )
    # The provider's development page asks the internet for a font: not in a test.
    page.route(
        "https://fonts.googleapis.com/**",
        lambda route: route.fulfill(body="", content_type="text/css"),
    )
    page.set_viewport_size(PHONE)
    page.goto(f"{live_server.url}/accounts/login/")
    assert_accessible(page, "login, the address (phone)", phone=True)
    form = page.locator("form[action='/accounts/login/']")
    form.locator("#id_username").fill(live_world.teacher.email)
    form.locator("button[type=submit]").click()

    expect(page).to_have_url(re.compile(r"/accounts/school/board-\d+/"))
    expect(page.locator("main")).to_contain_text(live_world.board.name)
    assert_accessible(page, "on to the school account (phone)", phone=True)
    page.locator("main form button[type=submit]").click()

    expect(page).to_have_url(re.compile(re.escape(oidc_provider.issuer) + r"/interaction/"))
    page.locator("input[name=login]").fill("sub-teacher")
    page.locator("input[name=password]").fill("whatever the school account's password is")
    page.locator("button[type=submit]").click()

    expect(page).to_have_url(f"{live_server.url}/")
    expect(page.locator("main h1")).to_contain_text(live_world.teacher.get_short_name())
    assert_accessible(page, "home after the school account (phone)", phone=True)
