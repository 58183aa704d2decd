"""From our login page to the board's provider and back. allauth does the OpenID Connect
work; these views put its steps behind our own pages, so a provider that is down or answers
nonsense ends on the login page with a message, never a 500."""

import logging
from urllib.parse import urlsplit

from allauth.core.exceptions import ImmediateHttpResponse
from allauth.socialaccount.adapter import get_adapter
from allauth.socialaccount.providers.oauth2.client import OAuth2Error
from allauth.socialaccount.providers.openid_connect import views as oidc_views
from django.http import HttpRequest, HttpResponse
from django.views.decorators.http import require_GET, require_http_methods
from requests import RequestException

from core.http import render_page
from sso import access
from sso.adapter import provider_failed
from sso.forms.sign_in import SignInStartForm

logger = logging.getLogger(__name__)
# What a provider's broken answers raise inside allauth: no answer, no JSON, a JSON without
# the endpoints or keys it must have, a token that does not check out.
PROVIDER_FAILURES = (RequestException, OAuth2Error, KeyError, TypeError, ValueError)


def _origin(url: str) -> str:
    parts = urlsplit(url)
    return f"{parts.scheme}://{parts.netloc}"


@require_http_methods(["GET", "POST"])
def start(request: HttpRequest, provider_id: str) -> HttpResponse:
    """GET: a page that says where the person signs in, with one button. POST: off to the
    provider. The page is ours so that its Content-Security-Policy lets this one form go to
    the provider (form-action holds for the redirect that follows a form)."""
    provider = access.provider_for_provider_id(provider_id)
    form = SignInStartForm(
        request.POST if request.method == "POST" else request.GET,
        allowed_hosts={request.get_host()},
    )
    hint = form.cleaned_data["login_hint"] if form.is_valid() else ""
    next_url = form.cleaned_data["next"] if form.is_valid() else ""
    try:
        allauth_provider = get_adapter(request).get_provider(request, provider_id)
        oauth2 = allauth_provider.get_oauth2_adapter(request)
        authorize_url = oauth2.authorize_url
        if request.method == "POST":
            params = {**allauth_provider.get_auth_params()}
            if hint:
                params["login_hint"] = hint
            return allauth_provider.redirect(
                request, "login", next_url=next_url or None, auth_params=params
            )
    except ImmediateHttpResponse as response:
        return response.response
    except PROVIDER_FAILURES as error:
        logger.warning("the provider of %s failed: %r", provider_id, error)
        return provider_failed(request).response
    response = render_page(
        request,
        "sso/start.html",
        {"provider": provider, "login_hint": hint, "next": next_url},
    )
    response._csp_update = {"form-action": [_origin(authorize_url)]}
    return response


@require_GET
def callback(request: HttpRequest, provider_id: str) -> HttpResponse:
    """The provider sends the person back here (the redirect URI): allauth's callback, with
    a provider failure turned into the login page's message."""
    access.provider_for_provider_id(provider_id)
    try:
        return oidc_views.callback(request, provider_id)
    except PROVIDER_FAILURES as error:
        logger.warning("the provider of %s failed in the callback: %r", provider_id, error)
        return provider_failed(request).response
