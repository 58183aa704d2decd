"""The login page's questions (registered with accounts.registry): where does this address
sign in, and may its person use a password?"""

from urllib.parse import urlencode

from django.urls import reverse

from sso import access


def school_sign_in_url(email: str, next_url: str) -> str | None:
    """Our page that sends a person of a board with single sign-on to its provider."""
    provider = access.provider_of_staff(access.staff_record(email))
    if provider is None:
        return None
    query = {"login_hint": email}
    if next_url:
        query["next"] = next_url
    return f"{reverse('sso:start', args=[provider.provider_id])}?{urlencode(query)}"


def password_allowed(email: str) -> bool:
    """False for the people of a board that signs in with the school account only."""
    provider = access.provider_of_staff(access.staff_record(email))
    return provider is None or provider.password_login
