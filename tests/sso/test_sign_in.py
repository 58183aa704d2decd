"""Signing in with the school account, against a real OpenID provider in its own process
(tests/oidc/provider.mjs): who gets in, who is refused with a message on the login page, a
provider that fails, logout. The provider signs its tokens with the real clock, so these
tests pause a clock moved by PLC_TEST_NOW (tests/clock.py `real_clock`)."""

import pytest
from allauth.socialaccount.models import SocialAccount
from django.urls import reverse
from django.utils import timezone

from accounts.models import User
from communities.models import StaffMember
from tests.oidc.provider import free_port, sign_in_at_provider
from tests.sso.conftest import provider_for

pytestmark = pytest.mark.usefixtures("real_clock")
HOME = "http://testserver/"


@pytest.fixture
def sso(world, oidc_provider):
    oidc_provider.mode("normal")
    yield provider_for(world, oidc_provider.issuer)
    oidc_provider.mode("normal")


def to_provider(client, email: str, issuer: str) -> str:
    """The login page's first step, then our page that sends the person on; returns the
    provider's authorization URL."""
    response = client.post(reverse("accounts:login"), {"username": email})
    assert response.status_code == 302
    start = response["Location"]
    assert start.startswith("/accounts/school/")
    page = client.get(start)
    assert page.status_code == 200
    # The page's form may go to the provider, and nowhere else outside.
    assert f"form-action 'self' {issuer}" in page["Content-Security-Policy"]
    response = client.post(start.split("?")[0], {"login_hint": email, "next": ""})
    assert response.status_code == 302 and response["Location"].startswith(f"{issuer}/auth?")
    return response["Location"]


def sign_in(client, email: str, login: str, issuer: str):
    back = sign_in_at_provider(to_provider(client, email, issuer), login, until=HOME)
    return client.get(back)


def signed_in_as(client) -> int | None:
    value = client.session.get("_auth_user_id")
    return int(value) if value else None


def sign_out(client) -> None:
    client.logout()  # which forgets every cookie, the language too
    client.cookies["django_language"] = "en"


def login_page_message(client) -> str:
    return client.get(reverse("accounts:login")).content.decode()


def test_a_teacher_signs_in_and_lands_on_the_home_page(world, sso, oidc_provider, english):
    response = sign_in(english, "teacher@example.org", "sub-teacher", oidc_provider.issuer)
    assert response.status_code == 302 and response["Location"] == "/"
    assert signed_in_as(english) == world.teacher.pk
    assert english.get("/").status_code == 200
    account = SocialAccount.objects.get(user=world.teacher)
    assert (account.provider, account.uid) == (sso.provider_id, "sub-teacher")


def test_after_the_first_time_the_subject_counts_not_the_address(world, sso, oidc_provider, client):
    sign_in(client, "teacher@example.org", "sub-teacher", oidc_provider.issuer)
    client.logout()
    User.objects.filter(pk=world.teacher.pk).update(email="tess@new.example.org")
    # The provider still says teacher@example.org: the subject finds her.
    sign_in(client, "tess@new.example.org", "sub-teacher", oidc_provider.issuer)
    assert signed_in_as(client) == world.teacher.pk


def test_another_subject_with_a_known_address_is_refused(world, sso, oidc_provider, english):
    sign_in(english, "teacher@example.org", "sub-teacher", oidc_provider.issuer)
    sign_out(english)
    response = sign_in(english, "teacher@example.org", "sub-impostor", oidc_provider.issuer)
    assert response["Location"] == reverse("accounts:login")
    assert signed_in_as(english) is None
    assert "already linked to another school account" in login_page_message(english)


@pytest.mark.parametrize(
    ("login", "message"),
    [
        ("sub-stranger", "you are not on the staff list of Scholengroep Test"),
        ("sub-outsider", "you are not on the staff list of Scholengroep Test"),
        ("sub-other-teacher", "did not give a verified e-mail address"),
    ],
    ids=["stranger", "person-of-another-board", "unverified-email"],
)
def test_refused_with_a_message_and_no_account_made(
    login, message, world, sso, oidc_provider, english
):
    users = User.objects.count()
    response = sign_in(english, "teacher@example.org", login, oidc_provider.issuer)
    assert response.status_code == 302 and response["Location"] == reverse("accounts:login")
    assert signed_in_as(english) is None
    assert message in login_page_message(english)
    assert User.objects.count() == users
    assert not SocialAccount.objects.exists()


@pytest.mark.parametrize("how", ["left", "deactivated"])
def test_a_person_who_left_is_refused(how, world, sso, oidc_provider, english):
    # Signed in before: the subject is known, the staff list still decides.
    sign_in(english, "coach@example.org", "sub-coach", oidc_provider.issuer)
    sign_out(english)
    if how == "left":
        StaffMember.objects.filter(user=world.coach).update(left_at=timezone.now())
    else:
        User.objects.filter(pk=world.coach.pk).update(is_active=False)
    response = sign_in(english, "coach@example.org", "sub-coach", oidc_provider.issuer)
    assert response["Location"] == reverse("accounts:login")
    assert signed_in_as(english) is None
    assert "not on the staff list" in login_page_message(english)


FAILED = "Signing in with your school account did not work"


@pytest.mark.parametrize(
    ("mode", "cause"),
    [("wrong-audience", "InvalidAudienceError"), ("expired", "ExpiredSignatureError")],
)
def test_an_id_token_that_does_not_check_out_is_refused(
    mode, cause, world, sso, oidc_provider, english, caplog
):
    authorize = to_provider(english, "teacher@example.org", oidc_provider.issuer)
    oidc_provider.mode(mode)
    response = english.get(sign_in_at_provider(authorize, "sub-teacher", until=HOME))
    assert response.status_code == 302 and response["Location"] == reverse("accounts:login")
    assert signed_in_as(english) is None
    assert FAILED in login_page_message(english)
    assert not SocialAccount.objects.exists()
    assert cause in caplog.text  # refused for this reason, not another


def test_a_provider_that_is_down_gets_a_message(world, english):
    provider_for(world, f"http://127.0.0.1:{free_port()}")
    start = english.post(reverse("accounts:login"), {"username": "teacher@example.org"})
    response = english.get(start["Location"])
    assert response.status_code == 302 and response["Location"] == reverse("accounts:login")
    assert FAILED in login_page_message(english)
    response = english.post(start["Location"].split("?")[0])
    assert response.status_code == 302 and response["Location"] == reverse("accounts:login")


def test_a_provider_that_answers_nonsense_gets_a_message(world, sso, oidc_provider, english):
    authorize = to_provider(english, "teacher@example.org", oidc_provider.issuer)
    back = sign_in_at_provider(authorize, "sub-teacher", until=HOME)
    oidc_provider.mode("nonsense")
    response = english.get(back)  # the callback reads the discovery document again
    assert response.status_code == 302 and response["Location"] == reverse("accounts:login")
    assert FAILED in login_page_message(english)
    start = english.post(reverse("accounts:login"), {"username": "teacher@example.org"})
    assert english.get(start["Location"])["Location"] == reverse("accounts:login")


def test_logout_ends_the_session(world, sso, oidc_provider, client):
    sign_in(client, "teacher@example.org", "sub-teacher", oidc_provider.issuer)
    assert client.get("/").status_code == 200
    response = client.post(reverse("accounts:logout"))
    assert response.status_code == 302
    assert signed_in_as(client) is None
    assert client.get("/")["Location"].startswith(reverse("accounts:login"))


def test_a_callback_without_a_started_sign_in_is_refused(world, sso, english):
    url = reverse("openid_connect_callback", kwargs={"provider_id": sso.provider_id})
    response = english.get(url, {"code": "made-up", "state": "made-up"})
    assert response.status_code == 302 and response["Location"] == reverse("accounts:login")
    assert signed_in_as(english) is None


def test_after_another_issuer_or_client_the_address_counts_again(
    world, sso, oidc_provider, english
):
    sign_in(english, "teacher@example.org", "sub-teacher", oidc_provider.issuer)
    sign_out(english)
    # The board moved to another app (and back): the old subjects mean nothing any more.
    provider_for(world, oidc_provider.issuer, client_id="another-client")
    provider_for(world, oidc_provider.issuer)
    sign_in(english, "teacher@example.org", "sub-impostor", oidc_provider.issuer)
    assert signed_in_as(english) == world.teacher.pk
    account = SocialAccount.objects.get(user=world.teacher)
    assert account.uid == "sub-impostor"
