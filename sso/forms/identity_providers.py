"""The board's sign-in settings: which provider, its issuer, client id and secret."""

from django import forms
from django.utils.translation import gettext_lazy as _

from core.forms import PlainText
from sso.models import IdentityProvider
from sso.services.identity_providers import issuer_url_clean


class IdentityProviderForm(PlainText, forms.Form):
    kind = forms.ChoiceField(label=_("Provider"), choices=IdentityProvider.Kind.choices)
    issuer_url = forms.CharField(
        label=_("Issuer URL"),
        max_length=500,
        help_text=_(
            "Microsoft: https://login.microsoftonline.com/{tenant ID}/v2.0 · Google: "
            "https://accounts.google.com"
        ),
        widget=forms.URLInput(attrs={"inputmode": "url", "spellcheck": "false"}),
    )
    client_id = forms.CharField(label=_("Client ID"), max_length=255)
    client_secret = forms.CharField(
        label=_("Client secret"),
        required=False,
        max_length=500,
        strip=True,
        # Never shown back: the field stays empty, and empty keeps the stored secret.
        widget=forms.PasswordInput(attrs={"autocomplete": "off"}, render_value=False),
    )
    secret_env = forms.CharField(
        label=_("Or: the environment variable that holds the secret"),
        required=False,
        max_length=100,
        help_text=_(
            "Set by whoever runs PLC; the name starts with PLC_SSO_SECRET_, e.g. "
            "PLC_SSO_SECRET_BRUG. The secret is then not stored."
        ),
    )
    enabled = forms.BooleanField(
        label=_("The board's people sign in with their school account"), required=False
    )
    password_login = forms.BooleanField(
        label=_("They may also sign in with a PLC password"),
        required=False,
        help_text=_("Switch this off to allow the school account only (password reset too)."),
    )

    def __init__(self, *args, provider: IdentityProvider | None, **kwargs) -> None:
        if provider is not None:
            kwargs.setdefault(
                "initial",
                {
                    "kind": provider.kind,
                    "issuer_url": provider.issuer_url,
                    "client_id": provider.client_id,
                    "secret_env": provider.secret_env,
                    "enabled": provider.enabled,
                    "password_login": provider.password_login,
                },
            )
        else:
            kwargs.setdefault("initial", {"password_login": True})
        super().__init__(*args, **kwargs)
        if provider is not None and provider.secret_encrypted:
            self.fields["client_secret"].help_text = _(
                "A secret is stored (it is never shown). Leave empty to keep it."
            )

    def clean_issuer_url(self) -> str:
        return issuer_url_clean(self.cleaned_data["issuer_url"])
