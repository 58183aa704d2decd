"""Observation checklists (kijkwijzers), classroom visits, reflections and the PLC scan.

A teacher's reflections and the visits in which they were observed are theirs: who else sees
them is decided by `observations.access`, never by a view.
"""

from observations.models.instruments import Domain, Instrument, Item, ScaleLevel
from observations.models.reflections import Reflection, Visibility
from observations.models.scan import (
    Scan,
    ScanAnswer,
    ScanParticipation,
    ScanResponse,
    ScanRound,
    ScanStatement,
    ScanTheme,
)
from observations.models.visits import Score, Visit

__all__ = [
    "Domain",
    "Instrument",
    "Item",
    "Reflection",
    "ScaleLevel",
    "Scan",
    "ScanAnswer",
    "ScanParticipation",
    "ScanResponse",
    "ScanRound",
    "ScanStatement",
    "ScanTheme",
    "Score",
    "Visibility",
    "Visit",
]
