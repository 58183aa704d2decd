"""A board administrator configures the board's identity provider."""

import re
from urllib.parse import urlsplit

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from accounts.models import User
from communities.models import Organisation
from sso import secrets
from sso.models import IdentityProvider

ENV_NAME = re.compile(r"^[A-Z][A-Z0-9_]{0,99}$")
# Plain http only to a provider on this machine (development and the tests' provider).
LOCAL_HOSTS = {"127.0.0.1", "localhost"}


def issuer_url_clean(value: str) -> str:
    """An issuer is an https URL without query or fragment; returned without a trailing
    slash (the discovery document is at <issuer>/.well-known/openid-configuration)."""
    value = value.strip()
    parts = urlsplit(value)
    local = parts.scheme == "http" and parts.hostname in LOCAL_HOSTS
    if parts.scheme != "https" and not local:
        raise ValidationError(_("The issuer URL starts with https://."), code="https")
    if not parts.hostname or parts.query or parts.fragment or parts.username:
        raise ValidationError(
            _(
                "Give the issuer URL without a question mark or #, e.g. "
                "https://login.microsoftonline.com/<tenant ID>/v2.0."
            ),
            code="shape",
        )
    return value.rstrip("/")


@transaction.atomic
def identity_provider_save(
    *,
    organisation: Organisation,
    by: User,
    kind: str,
    issuer_url: str,
    client_id: str,
    client_secret: str,
    secret_env: str,
    enabled: bool,
    password_login: bool,
) -> IdentityProvider:
    """Create or change the board's provider. An empty `client_secret` keeps the stored one;
    a `secret_env` names the environment variable that holds it instead (the stored one is
    then removed). Saving the same values twice changes nothing."""
    provider = IdentityProvider.objects.select_for_update().filter(
        organisation=organisation
    ).first() or IdentityProvider(organisation=organisation)
    errors: dict[str, list[str]] = {}
    try:
        issuer_url = issuer_url_clean(issuer_url)
    except ValidationError as error:
        errors["issuer_url"] = error.messages
    secret_env = secret_env.strip()
    if secret_env and client_secret:
        errors.setdefault("secret_env", []).append(
            _("Give the secret or the name of an environment variable, not both.")
        )
    elif secret_env and not ENV_NAME.match(secret_env):
        errors.setdefault("secret_env", []).append(
            _("A variable name has capital letters, digits and _, e.g. PLC_SSO_SECRET_BRUG.")
        )
    if client_secret:
        provider.secret_encrypted, provider.secret_env = secrets.encrypt(client_secret), ""
    elif secret_env:
        provider.secret_encrypted, provider.secret_env = "", secret_env
    if enabled and not provider.has_secret:
        errors.setdefault("client_secret", []).append(
            _("Sign-in with the school account needs the client secret.")
        )
    if not password_login and not enabled:
        errors.setdefault("password_login", []).append(
            _(
                "Password login can only be switched off while sign-in with the school "
                "account is on; otherwise nobody of the board could sign in."
            )
        )
    if errors:
        raise ValidationError(errors)
    provider.kind = kind
    provider.issuer_url = issuer_url
    provider.client_id = client_id.strip()
    provider.enabled = enabled
    provider.password_login = password_login
    provider.updated_at = timezone.now()
    provider.full_clean()
    provider.save()
    return provider
