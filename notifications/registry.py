"""Who finds due mail, and who says whether a queued mail is still needed: a leaf that
imports nothing of ours. The collectors' modules (`collectors/meetings`, `observations`,
`digest`) register themselves when the app is ready (`NotificationsConfig.ready`); the
outbox and the scan ask here, so they never import the collectors (pretix's notification
registry).

A collector takes the moment of the scan and queues what is due, returning how many mails
it queued. A check takes a queued message and answers whether it is still to be sent.
"""

import datetime as dt
from collections.abc import Callable, Iterable, Mapping
from typing import Any

Collector = Callable[[dt.datetime], int]
Check = Callable[[Any], bool]  # takes a notifications.models.Message

_collectors: list[Collector] = []
_checks: dict[str, Check] = {}


def register(collectors: Iterable[Collector] = (), checks: Mapping[str, Check] = ()) -> None:
    """Add collectors (in order, once each) and checks per kind of mail."""
    for collector in collectors:
        if collector not in _collectors:
            _collectors.append(collector)
    _checks.update(checks)


def collectors() -> list[Collector]:
    return list(_collectors)


def check_for(kind: str) -> Check | None:
    return _checks.get(kind)
