"""The step between our login page and the board's provider."""

from django import forms
from django.utils.http import url_has_allowed_host_and_scheme

from core.forms import PlainText


class SignInStartForm(PlainText, forms.Form):
    login_hint = forms.EmailField(required=False, max_length=254)
    next = forms.CharField(required=False, max_length=2000)

    def __init__(self, *args, allowed_hosts: set[str], **kwargs) -> None:
        super().__init__(*args, **kwargs)
        self.allowed_hosts = allowed_hosts

    def clean_next(self) -> str:
        # Only a page of ours: anything else goes to the home page.
        url = self.cleaned_data["next"]
        return url if url_has_allowed_host_and_scheme(url, self.allowed_hosts) else ""
