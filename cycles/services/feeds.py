"""Writes for a person's private calendar feed: make, replace or stop its address.

The token in the address is the only key (calendar apps can't log in), so it is long,
random, and replaced or removed at the owner's request: the old address stops working
at once.
"""

import secrets

from django.db import transaction
from django.utils import timezone

from accounts.models import User
from cycles.models import CalendarFeed


def _new_token() -> str:
    return secrets.token_urlsafe(32)


@transaction.atomic
def feed_get_or_create(*, user: User) -> CalendarFeed:
    """The person's feed, made on first use."""
    feed, _created = CalendarFeed.objects.get_or_create(user=user, defaults={"token": _new_token()})
    return feed


@transaction.atomic
def feed_regenerate(*, user: User) -> CalendarFeed:
    """A new address; the old one answers 404 from now on. Makes the feed if there was none."""
    feed, created = CalendarFeed.objects.select_for_update().get_or_create(
        user=user, defaults={"token": _new_token()}
    )
    if not created:
        feed.token = _new_token()
        feed.created_at = timezone.now()
        feed.full_clean()
        feed.save(update_fields=["token", "created_at"])
    return feed


@transaction.atomic
def feed_revoke(*, user: User) -> None:
    """Stop the feed: its address answers 404. A later regenerate makes a new address."""
    CalendarFeed.objects.filter(user=user).delete()
