"""The reads of the sign-in pages, and the allauth apps built from the boards' providers."""

import logging

from allauth.socialaccount.models import SocialApp
from django.conf import settings
from django.urls import reverse

from communities.models import Organisation
from sso import secrets
from sso.models import PROVIDER_PREFIX, IdentityProvider, board_id_of

logger = logging.getLogger(__name__)
OPENID_CONNECT = "openid_connect"


def social_app(provider: IdentityProvider) -> SocialApp:
    """The allauth app of one board (unsaved: the IdentityProvider is the one record)."""
    try:
        secret = provider.client_secret()
    except secrets.SecretUnreadable:
        # The token request then fails and the person reads that sign-in did not work.
        logger.error("the client secret of %s cannot be read", provider.provider_id)
        secret = ""
    return SocialApp(
        provider=OPENID_CONNECT,
        provider_id=provider.provider_id,
        name=provider.organisation.name,
        client_id=provider.client_id,
        secret=secret,
        settings={
            "server_url": provider.issuer_url,
            "fetch_userinfo": True,
            "oauth_pkce_enabled": True,
        },
    )


def social_apps(*, provider: str | None = None, client_id: str | None = None) -> list[SocialApp]:
    """allauth's `list_apps`: the enabled boards' apps, all of them or the one `provider`
    ("openid_connect" or a board's "board-12") names."""
    providers = IdentityProvider.objects.select_related("organisation").filter(enabled=True)
    if provider and provider != OPENID_CONNECT:
        board_id = board_id_of(provider)
        if board_id is None:
            return []
        providers = providers.filter(organisation_id=board_id)
    if client_id:
        providers = providers.filter(client_id=client_id)
    return [social_app(p) for p in providers]


def identity_provider_of(organisation: Organisation) -> IdentityProvider | None:
    return IdentityProvider.objects.filter(organisation=organisation).first()


def redirect_uri(organisation: Organisation) -> str:
    """What the board's IT person registers at the provider as the redirect URI."""
    path = reverse(
        "openid_connect_callback", kwargs={"provider_id": f"{PROVIDER_PREFIX}{organisation.pk}"}
    )
    return f"{settings.SITE_URL}{path}"
