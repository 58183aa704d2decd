"""The board's sign-in settings: who may, the rules the service keeps, the secret stored
encrypted and never shown back, the page's pinned query count."""

import pytest
from allauth.socialaccount.models import SocialAccount
from django.core.exceptions import ValidationError
from django.urls import reverse

from sso import secrets
from sso.models import IdentityProvider
from tests.communities.growth import grow
from tests.oidc.provider import CLIENT_ID
from tests.sso.conftest import provider_for

ISSUER = "https://login.microsoftonline.com/0a1b2c3d-0000-4000-8000-000000000000/v2.0"


def post(client, **fields):
    data = {
        "kind": "entra",
        "issuer_url": ISSUER,
        "client_id": "client-123",
        "client_secret": "s3cr3t-value",
        "secret_env": "",
        "enabled": "on",
        "password_login": "on",
    }
    data.update(fields)
    sent = {name: value for name, value in data.items() if value is not None}
    return client.post(reverse("sso:identity_provider"), sent)


def test_the_administrator_configures_the_board_and_the_secret_is_never_shown(world, client_for):
    client = client_for("administrator")
    client.cookies["django_language"] = "en"
    response = post(client)
    assert response.status_code == 302
    provider = IdentityProvider.objects.get(organisation=world.board)
    assert provider.enabled and provider.client_id == "client-123"
    assert "s3cr3t-value" not in provider.secret_encrypted
    assert secrets.decrypt(provider.secret_encrypted) == "s3cr3t-value"
    page = client.get(reverse("sso:identity_provider")).content.decode()
    assert "s3cr3t-value" not in page and provider.secret_encrypted not in page
    assert "A secret is stored" in page
    # The redirect URI the IT person registers, with the exact path.
    assert f"/accounts/oidc/board-{world.board.pk}/login/callback/" in page
    # Saved again without a secret: the stored one stays.
    assert post(client, client_secret="").status_code == 302
    provider.refresh_from_db()
    assert secrets.decrypt(provider.secret_encrypted) == "s3cr3t-value"


def test_the_board_menu_leads_to_the_sign_in_page(client_for):
    page = client_for("director").get(reverse("boards:schools")).content.decode()
    assert reverse("sso:identity_provider") in page


@pytest.mark.parametrize(
    "issuer",
    [
        "http://login.example.org",
        "https://idp.example.org/?x=1",
        "not a url",
        "ftp://a",
        "https://[::1",
        "https://idp.example.org:port",
    ],
)
def test_an_issuer_that_is_not_an_https_url_is_refused(issuer, world, client_for, english):
    response = post(client_for("administrator"), issuer_url=issuer)
    assert response.status_code == 200
    assert response.context["form"].errors["issuer_url"]
    assert not IdentityProvider.objects.exists()


def test_the_secret_can_come_from_the_environment(world, monkeypatch):
    provider = provider_for(world, ISSUER, client_secret="", secret_env="PLC_SSO_SECRET_TEST")
    assert provider.secret_encrypted == ""
    monkeypatch.setenv("PLC_SSO_SECRET_TEST", "from-env")
    assert provider.client_secret() == "from-env"
    monkeypatch.delenv("PLC_SSO_SECRET_TEST")
    with pytest.raises(secrets.SecretUnreadable):
        provider.client_secret()


def test_rules_without_half_saves(world):
    with pytest.raises(ValidationError) as caught:
        provider_for(world, ISSUER, client_secret="")
    assert "client_secret" in caught.value.message_dict
    with pytest.raises(ValidationError) as caught:
        provider_for(world, ISSUER, enabled=False, password_login=False)
    assert "password_login" in caught.value.message_dict
    with pytest.raises(ValidationError) as caught:
        provider_for(world, ISSUER, secret_env="PLC_X")
    assert "secret_env" in caught.value.message_dict
    with pytest.raises(ValidationError) as caught:
        provider_for(world, ISSUER, client_secret="", secret_env="lower case")
    assert "secret_env" in caught.value.message_dict
    assert not IdentityProvider.objects.exists()


def test_a_stored_secret_from_another_key_is_unreadable(world, settings):
    provider = provider_for(world, ISSUER)
    settings.SECRET_KEY = "another-secret-key-for-this-test"
    with pytest.raises(secrets.SecretUnreadable):
        provider.client_secret()


def test_the_page_query_count_is_pinned_and_flat(world, client_for, queries):
    provider_for(world, ISSUER)
    client_for("administrator")
    url = reverse("sso:identity_provider")
    queries.assert_count(url, 10)
    grow(world)
    queries.assert_count(url, 10)


def administrator_in_english(client_for):
    client = client_for("administrator")
    client.cookies["django_language"] = "en"
    return client


def test_an_issuer_that_urlsplit_cannot_read_gets_the_shape_message(world, client_for):
    response = post(administrator_in_english(client_for), issuer_url="https://[::1")
    assert response.status_code == 200
    assert "without a question mark or #" in response.context["form"].errors["issuer_url"][0]


@pytest.mark.parametrize("allowed", [True, False])
def test_plain_http_on_this_machine_only_where_the_setting_allows_it(allowed, world, settings):
    settings.SSO_ALLOW_HTTP_LOCALHOST = allowed
    for issuer in ("http://127.0.0.1:9000", "http://localhost:9000/oidc"):
        if allowed:
            assert provider_for(world, issuer).issuer_url == issuer
        else:
            with pytest.raises(ValidationError) as caught:
                provider_for(world, issuer)
            assert "https://" in caught.value.message_dict["issuer_url"][0]


@pytest.mark.parametrize(
    "name", ["SECRET_KEY", "EMAIL_URL", "DATABASE_URL", "PLC_SSO_SECRET_", "plc_sso_secret_brug"]
)
def test_only_the_sso_secret_variables_can_be_named(name, world, client_for, monkeypatch):
    monkeypatch.setenv(name, "server-secret")
    client = administrator_in_english(client_for)
    response = post(client, client_secret="", secret_env=name)
    assert response.status_code == 200
    assert "starts with PLC_SSO_SECRET_" in response.context["form"].errors["secret_env"][0]
    assert not IdentityProvider.objects.exists()


def test_a_variable_named_before_the_rule_is_not_read(world, monkeypatch):
    provider = provider_for(world, ISSUER, client_secret="", secret_env="PLC_SSO_SECRET_TEST")
    IdentityProvider.objects.filter(pk=provider.pk).update(secret_env="SECRET_KEY")
    provider.refresh_from_db()
    monkeypatch.setenv("SECRET_KEY", "the-server-key")
    with pytest.raises(secrets.SecretUnreadable):
        provider.client_secret()


@pytest.mark.parametrize(
    ("issuer", "client_id"),
    [("https://other.example.org", CLIENT_ID), (ISSUER, "another-client")],
    ids=["issuer", "client"],
)
def test_another_issuer_or_client_ends_the_links(issuer, client_id, world):
    provider = provider_for(world, ISSUER)
    SocialAccount.objects.create(user=world.teacher, provider=provider.provider_id, uid="sub-1")
    SocialAccount.objects.create(user=world.outsider, provider="board-999999", uid="sub-2")
    # Saved again with the same issuer and client (a new secret, a trailing slash): kept.
    provider_for(world, ISSUER + "/", client_secret="a-new-secret", password_login=False)
    assert SocialAccount.objects.filter(provider=provider.provider_id).count() == 1
    provider_for(world, issuer, client_id=client_id)
    assert not SocialAccount.objects.filter(provider=provider.provider_id).exists()
    # Another board's links stay.
    assert SocialAccount.objects.filter(provider="board-999999").exists()
