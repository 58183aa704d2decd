"""Withdrawal: a teacher takes back what they shared (a reflection made private again or
deleted, a visit taken back, a goal's audience narrowed). Pages ask the access rules each time, so
they follow at once; surfaces that keep a copy (stored PDF reports, mail not yet sent)
connect a receiver to `content_withdrawn` in their AppConfig.ready and remove or rebuild
that copy in the same transaction, before anyone can get it again.
"""

from django.dispatch import Signal

# Sent with community_id: the community whose members could read what was withdrawn.
content_withdrawn = Signal()

# How far something is shared: narrowing it is a withdrawal.
AUDIENCE_RANK = {"private": 0, "coach": 1, "community": 2}


def content_withdraw(*, community_id: int | None) -> None:
    """Tell every surface that keeps copies; call inside the withdrawing transaction."""
    if community_id is not None:
        content_withdrawn.send(sender=None, community_id=community_id)


def narrows(before: str, after: str) -> bool:
    return AUDIENCE_RANK.get(after, 0) < AUDIENCE_RANK.get(before, 0)
