"""A person signs in with their school account: admitted only when they are on the staff
list of the provider's board. Matched on the verified e-mail claim the first time, then on
the provider's subject (allauth's SocialAccount uid); nobody gets a new account."""

from allauth.socialaccount.models import SocialAccount, SocialLogin
from django.core.exceptions import ValidationError
from django.db import transaction
from django.http import HttpRequest

from accounts.models import User, normalize_email
from sso import access
from sso.models import IdentityProvider

# Why a sign-in was refused (the login page says it in words).
NOT_ON_STAFF_LIST = "not_on_staff_list"
NO_VERIFIED_EMAIL = "no_verified_email"
OTHER_SUBJECT = "other_subject"


def _true(value: object) -> bool:
    # Some providers send the claim as a string.
    return value is True or (isinstance(value, str) and value.strip().lower() == "true")


def claims(sociallogin: SocialLogin) -> dict:
    """The ID token's claims with the userinfo's over them (allauth keeps both)."""
    data = sociallogin.account.extra_data or {}
    return {**(data.get("id_token") or {}), **(data.get("userinfo") or {})}


def verified_email(provider: IdentityProvider, claims: dict) -> str | None:
    """The e-mail claim, when the provider says it verified it. Microsoft Entra ID sends no
    email_verified: its optional claim xms_edov says the domain's owner verified it."""
    email = claims.get("email")
    if not isinstance(email, str) or "@" not in email:
        return None
    verified = _true(claims.get("email_verified"))
    if provider.kind == IdentityProvider.Kind.ENTRA and not verified:
        verified = _true(claims.get("xms_edov"))
    return normalize_email(email) if verified else None


@transaction.atomic
def sign_in_admit(*, request: HttpRequest, sociallogin: SocialLogin) -> User:
    """Admit the person behind `sociallogin` or raise ValidationError (code: why). The first
    time, their school account is linked to them by its subject."""
    provider = access.provider_for_provider_id(sociallogin.account.provider)
    if sociallogin.is_existing:
        user = sociallogin.user
        if not access.may_sign_in(user, provider):
            raise ValidationError(NOT_ON_STAFF_LIST, code=NOT_ON_STAFF_LIST)
        return user
    email = verified_email(provider, claims(sociallogin))
    if email is None:
        raise ValidationError(NO_VERIFIED_EMAIL, code=NO_VERIFIED_EMAIL)
    user = User.objects.filter(email=email).first()
    if user is None or not access.may_sign_in(user, provider):
        raise ValidationError(NOT_ON_STAFF_LIST, code=NOT_ON_STAFF_LIST)
    if SocialAccount.objects.filter(user=user, provider=provider.provider_id).exists():
        # Linked to another subject of this provider before: a reassigned address is not
        # the same person.
        raise ValidationError(OTHER_SUBJECT, code=OTHER_SUBJECT)
    sociallogin.connect(request, user)
    return user
