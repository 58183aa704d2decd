import pytest

from sso.models import IdentityProvider
from sso.services.identity_providers import identity_provider_save
from tests.oidc.provider import CLIENT_ID, CLIENT_SECRET, oidc_provider  # noqa: F401


def provider_for(world, issuer: str, **fields) -> IdentityProvider:
    values = {
        "kind": IdentityProvider.Kind.OTHER,
        "issuer_url": issuer,
        "client_id": CLIENT_ID,
        "client_secret": CLIENT_SECRET,
        "secret_env": "",
        "enabled": True,
        "password_login": True,
    }
    values.update(fields)
    return identity_provider_save(organisation=world.board, by=world.administrator, **values)


@pytest.fixture
def english(client):
    client.cookies["django_language"] = "en"
    return client
