"""Where an address signs in, and whether its person may use a password: a leaf that
imports nothing of ours. The single sign-on app (`sso`) registers its answers by dotted
path in its `AppConfig.ready`; the login and password reset forms ask here, so accounts
never imports an upper layer. Without a registration everyone signs in with a password."""

from collections.abc import Callable

from django.utils.module_loading import import_string

_paths: dict[str, str] = {}


def register(*, school_sign_in: str, password_allowed: str) -> None:
    """`school_sign_in(email, next_url) -> str | None`: the URL of a page of ours that sends
    this address to its board's identity provider, or None for a password.
    `password_allowed(email) -> bool`: False when the person's board switched passwords off."""
    _paths.update(school_sign_in=school_sign_in, password_allowed=password_allowed)


def _answer(name: str) -> Callable | None:
    path = _paths.get(name)
    return import_string(path) if path else None


def school_sign_in_url(email: str, next_url: str) -> str | None:
    answer = _answer("school_sign_in")
    return answer(email, next_url) if answer else None


def password_allowed(email: str) -> bool:
    answer = _answer("password_allowed")
    return answer(email) if answer else True
