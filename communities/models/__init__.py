"""The communities app's models, one module per part of the domain; importable from
`communities.models`."""

from communities.models.communities import (
    BoardAdministrator,
    BoardDirector,
    Community,
    Membership,
    Organisation,
    School,
    SchoolLeader,
    StaffMember,
)
from communities.models.departures import Departure
from communities.models.goals import CommunityGoal, GoalStatus, PersonalGoal, ProgressUpdate
from communities.models.invitations import Invitation
from communities.models.readers import CoachAcceptance, ReaderNotice

__all__ = [
    "BoardAdministrator",
    "BoardDirector",
    "CoachAcceptance",
    "Community",
    "CommunityGoal",
    "Departure",
    "GoalStatus",
    "Invitation",
    "Membership",
    "Organisation",
    "PersonalGoal",
    "ProgressUpdate",
    "ReaderNotice",
    "School",
    "SchoolLeader",
    "StaffMember",
]
