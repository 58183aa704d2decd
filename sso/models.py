"""A board's identity provider: where its people sign in with their school account
(OpenID Connect: Microsoft Entra ID, Google Workspace, the Entree Federatie)."""

import os

from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from communities.models import Organisation
from sso import secrets

# allauth knows a board's provider by this prefix and the board's id ("board-12"); it is also
# the part of the redirect URI that the board's IT person registers at the provider.
PROVIDER_PREFIX = "board-"


def board_id_of(provider_id: str) -> int | None:
    """The board's id in a provider id ("board-12" -> 12), or None."""
    number = provider_id.removeprefix(PROVIDER_PREFIX)
    if provider_id.startswith(PROVIDER_PREFIX) and number.isascii() and number.isdigit():
        return int(number[:18])
    return None


class IdentityProvider(models.Model):
    class Kind(models.TextChoices):
        ENTRA = "entra", _("Microsoft Entra ID (Microsoft 365)")
        GOOGLE = "google", _("Google Workspace")
        ENTREE = "entree", _("Entree Federatie (Kennisnet)")
        OTHER = "other", _("Another OpenID Connect provider")

    organisation = models.OneToOneField(
        Organisation,
        on_delete=models.CASCADE,
        related_name="identity_provider",
        verbose_name=_("school board"),
    )
    kind = models.CharField(_("provider"), max_length=16, choices=Kind.choices)
    issuer_url = models.URLField(_("issuer URL"), max_length=500)
    client_id = models.CharField(_("client ID"), max_length=255)
    # Fernet-encrypted (sso.secrets); empty when the secret comes from the environment.
    secret_encrypted = models.TextField(_("client secret (encrypted)"), blank=True)
    secret_env = models.CharField(
        _("environment variable with the client secret"), max_length=100, blank=True
    )
    enabled = models.BooleanField(_("sign in with the school account"), default=False)
    password_login = models.BooleanField(_("password login allowed"), default=True)
    updated_at = models.DateTimeField(_("changed"), default=timezone.now)

    class Meta:
        verbose_name = _("identity provider")
        verbose_name_plural = _("identity providers")
        constraints = [
            # Password login can only be switched off while the school account works.
            models.CheckConstraint(
                condition=models.Q(password_login=True) | models.Q(enabled=True),
                name="sso_password_off_needs_enabled",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.organisation} – {self.get_kind_display()}"

    @property
    def provider_id(self) -> str:
        return f"{PROVIDER_PREFIX}{self.organisation_id}"

    @property
    def has_secret(self) -> bool:
        return bool(self.secret_encrypted or self.secret_env)

    def client_secret(self) -> str:
        """The secret in plain text, for the token request only. Raises
        `secrets.SecretUnreadable` when it cannot be read."""
        if self.secret_env:
            # A name saved before the prefix rule is not read either.
            allowed = secrets.env_name_allowed(self.secret_env)
            value = os.environ.get(self.secret_env, "") if allowed else ""
            if not value:
                raise secrets.SecretUnreadable(self.secret_env)
            return value
        return secrets.decrypt(self.secret_encrypted)
