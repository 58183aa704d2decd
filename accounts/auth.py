from django.http import HttpRequest

from accounts.models import normalize_email


def axes_username(request: HttpRequest, credentials: dict | None) -> str | None:
    """django-axes counts failures per lower-cased email, as login treats them."""
    username = None
    if credentials:
        username = credentials.get("username")
    if username is None:
        username = request.POST.get("username")
    return normalize_email(username) if username else None
