"""The mail pages run a pinned number of queries, the same with little and with much mail."""

import datetime as dt

from django.urls import reverse
from django.utils import timezone

from notifications import preferences
from notifications.models import Kind, Message


def grow(world, n: int = 20) -> None:
    Message.objects.bulk_create(
        Message(
            key=f"x:{i}",
            kind=Kind.DIGEST,
            recipient=world.teacher,
            to=world.teacher.email,
            language="nl",
            status=Message.Status.SENT,
            created_at=timezone.now() - dt.timedelta(days=i),
        )
        for i in range(n)
    )


def test_the_preferences_page(world, client_for, queries):
    client_for("teacher")
    url = reverse("notifications:preferences")
    queries.assert_count(url, 6)
    preferences.preference_update(user=world.teacher, digest=False)
    grow(world)
    queries.assert_count(url, 6)


def test_the_unsubscribe_page(world, client, queries):
    url = reverse(
        "notifications:unsubscribe",
        kwargs={"token": preferences.unsubscribe_token(world.teacher, "digest")},
    )
    queries.assert_count(url, 1)
    grow(world)
    queries.assert_count(url, 1)
