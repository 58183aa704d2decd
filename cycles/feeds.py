"""A person's private calendar feed: the token services and the queries behind the feed.

The token in the address is the only key (calendar apps can't log in), so it is long,
random, and replaced or removed at the owner's request: the old address stops working
at once.
"""

import datetime as dt
import secrets

from django.db import transaction
from django.db.models import Q
from django.utils import timezone

from accounts.models import User
from communities.models import Membership
from cycles.models import ActivityKind, CalendarFeed, Meeting

# Past meetings stay this long, so a cancellation still reaches calendars that sync late.
PAST = dt.timedelta(days=60)


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


# Selectors -----------------------------------------------------------------


def feed_of(user: User) -> CalendarFeed | None:
    return CalendarFeed.objects.filter(user=user).first()


def feed_by_token(token: str) -> CalendarFeed | None:
    """The active feed behind an address, with its owner (one query)."""
    return (
        CalendarFeed.objects.select_related("user")
        .filter(token=token, user__is_active=True)
        .first()
    )


def feed_meetings(user: User) -> list[Meeting]:
    """Everything in a person's feed, in one query.

    Group meetings of the communities they are a member of (any role) and coaching
    sessions where they are the member or the coach; from PAST ago on, cancelled ones
    included (calendars need to see STATUS:CANCELLED to remove them). A leader or
    director who is not a member gets no group meetings.
    """
    communities = Membership.objects.filter(user=user).values("community_id")
    return list(
        Meeting.objects.filter(
            ~Q(kind=ActivityKind.COACHING)
            | Q(kind=ActivityKind.COACHING) & (Q(member=user) | Q(coach=user)),
            # Someone who left a community no longer gets any of its meetings.
            community_id__in=communities,
            ends_at__gte=timezone.now() - PAST,
        )
        .select_related("community", "member", "coach")
        .order_by("starts_at", "pk")
    )
