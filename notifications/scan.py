"""The scan for due mail: every collector registered in `notifications.registry` is asked,
once per scan, to queue what has become due. The outbox's `send_due` runs it, then hands
over what waits to be sent."""

import datetime as dt

from notifications import registry


def queue_due(now: dt.datetime) -> int:
    """Run every collector once: the mails queued in all."""
    return sum(collector(now) for collector in registry.collectors())
