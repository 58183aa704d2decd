"""django-allauth, told how this app signs in: one OpenID Connect app per board built from
its IdentityProvider (never SocialApp rows), nobody signs up, and every refusal or provider
failure ends on our login page with a message instead of allauth's own pages."""

import logging

from allauth.account.adapter import DefaultAccountAdapter
from allauth.core.exceptions import ImmediateHttpResponse
from allauth.socialaccount.adapter import DefaultSocialAccountAdapter
from allauth.socialaccount.models import SocialApp, SocialLogin
from allauth.socialaccount.providers.base.constants import AuthError
from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import HttpRequest, HttpResponseRedirect
from django.urls import reverse
from django.utils.translation import gettext as _

from sso import access, selectors
from sso.services import sign_ins

logger = logging.getLogger(__name__)

# The session backend of a person signed in with the school account: the one that loads
# them again on every request (axes' backend only counts failures).
SESSION_BACKEND = "django.contrib.auth.backends.ModelBackend"


def refusal_message(code: str, board: str) -> str:
    if code == sign_ins.NO_VERIFIED_EMAIL:
        return _(
            "Your school account did not give a verified e-mail address, so we cannot tell "
            "who you are. Ask the IT department of %(board)s to send the verified e-mail "
            "address with the sign-in."
        ) % {"board": board}
    if code == sign_ins.OTHER_SUBJECT:
        return _(
            "This e-mail address is already linked to another school account. Ask the "
            "board administrator of %(board)s."
        ) % {"board": board}
    return _(
        "Your school account has no access to PLC: you are not on the staff list of "
        "%(board)s. Ask your board administrator to add you."
    ) % {"board": board}


def back_to_login(request: HttpRequest, message: str) -> ImmediateHttpResponse:
    messages.error(request, message)
    return ImmediateHttpResponse(HttpResponseRedirect(reverse("accounts:login")))


def provider_failed(request: HttpRequest) -> ImmediateHttpResponse:
    return back_to_login(
        request,
        _(
            "Signing in with your school account did not work: the sign-in service did not "
            "answer, or answered something we could not check. Try again in a few minutes; "
            "if it keeps happening, tell your board administrator."
        ),
    )


class AccountAdapter(DefaultAccountAdapter):
    def is_open_for_signup(self, request: HttpRequest) -> bool:
        return False

    def login(self, request: HttpRequest, user) -> None:
        user.backend = SESSION_BACKEND
        super().login(request, user)

    def add_message(self, *args, **kwargs) -> None:
        # allauth's "Successfully signed in as ..." messages: the home page greets people.
        return None


class SocialAccountAdapter(DefaultSocialAccountAdapter):
    def is_open_for_signup(self, request: HttpRequest, sociallogin: SocialLogin) -> bool:
        return False

    def list_apps(self, request: HttpRequest, provider=None, client_id=None) -> list[SocialApp]:
        return selectors.social_apps(provider=provider, client_id=client_id)

    def pre_social_login(self, request: HttpRequest, sociallogin: SocialLogin) -> None:
        try:
            sign_ins.sign_in_admit(request=request, sociallogin=sociallogin)
        except ValidationError as error:
            logger.info(
                "school sign-in refused (%s) at %s", error.code, sociallogin.account.provider
            )
            provider = access.provider_by_id(sociallogin.account.provider)
            board = provider.organisation.name if provider else ""
            raise back_to_login(request, refusal_message(error.code, board)) from None

    def on_authentication_error(
        self, request, provider, error=None, exception=None, extra_context=None
    ) -> None:
        if error == AuthError.CANCELLED:
            raise back_to_login(request, _("Signing in with your school account was cancelled."))
        cause = getattr(exception, "__cause__", None)
        logger.warning(
            "school sign-in failed at %s: %r (%r)", provider.app.provider_id, exception, cause
        )
        raise provider_failed(request)
