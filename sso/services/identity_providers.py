"""A board administrator configures the board's identity provider."""

from urllib.parse import urlsplit

from allauth.socialaccount.models import SocialAccount
from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from accounts.models import User
from communities.models import Organisation
from sso import secrets
from sso.models import IdentityProvider

# Plain http only to a provider on this machine, and only where SSO_ALLOW_HTTP_LOCALHOST says
# so (development and the tests' provider).
LOCAL_HOSTS = {"127.0.0.1", "localhost"}


def issuer_url_clean(value: str) -> str:
    """An issuer is an https URL without query or fragment; returned without a trailing
    slash (the discovery document is at <issuer>/.well-known/openid-configuration)."""
    value = value.strip()
    shape = ValidationError(
        _(
            "Give the issuer URL without a question mark or #, e.g. "
            "https://login.microsoftonline.com/{tenant ID}/v2.0."
        ),
        code="shape",
    )
    try:
        parts = urlsplit(value)
        hostname = parts.hostname
        parts.port  # noqa: B018 (raises on a port that is not a number)
    except ValueError:  # e.g. "https://[::1" or a port that is not a number
        raise shape from None
    local = parts.scheme == "http" and hostname in LOCAL_HOSTS and settings.SSO_ALLOW_HTTP_LOCALHOST
    if parts.scheme != "https" and not local:
        raise ValidationError(_("The issuer URL starts with https://."), code="https")
    if not hostname or parts.query or parts.fragment or parts.username:
        raise shape
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
    elif secret_env and not secrets.env_name_allowed(secret_env):
        errors.setdefault("secret_env", []).append(
            _(
                "The variable's name starts with %(prefix)s and then has capital letters, "
                "digits and _, e.g. PLC_SSO_SECRET_BRUG. Other variables of the server "
                "cannot be used."
            )
            % {"prefix": secrets.ENV_PREFIX}
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
    client_id = client_id.strip()
    if provider.pk and (provider.issuer_url, provider.client_id) != (issuer_url, client_id):
        # Another issuer or app: its subjects are not the old one's. The links go, and the
        # next sign-in matches on the verified e-mail address again.
        SocialAccount.objects.filter(provider=provider.provider_id).delete()
    provider.kind = kind
    provider.issuer_url = issuer_url
    provider.client_id = client_id
    provider.enabled = enabled
    provider.password_login = password_login
    provider.updated_at = timezone.now()
    provider.full_clean()
    provider.save()
    return provider
