"""Collectors of due mail (see notifications.due)."""

import datetime as dt
from collections.abc import Callable

from notifications.models import Message

COLLECTORS: list[Callable[[dt.datetime], int]] = []
STILL_NEEDED: dict[str, Callable[[Message], bool]] = {}
