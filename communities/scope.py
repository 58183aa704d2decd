"""What one person holds, and the rules every app's access module shares.

Scope, outermost first: nobody sees anything of another school board. A board director
sees every community of their board; a school leader the communities that include their
school; a member (any role) their own communities.

Content (reflections, visits, personal goals) belongs to the teacher and is read as far as
they share it: "my community" means the community's current members, whatever their role
(`is_member`); "my coach" its coaches. A school leader or board director who is not a member
sees figures, never content. A coach who leads one of the community's schools or directs its
board reads a teacher's coach-only content and unshared visits only once that teacher has
accepted them as coach (`reads_as_coach`); until then they read what a member reads.

A board administrator (*functioneel beheerder*) sets up the board's schools and people: the
role opens no community, no content and no figures (`administered_organisation_ids` is read
by `boards.access` only).

Each app's `access.py` answers for its own objects with these: object helpers answer 404
for what lies outside your scope (never reveal that it exists), and 403 for what you can see
but may not change.
"""

from dataclasses import dataclass, field

from django.db.models import CharField, Q, QuerySet, Value

from accounts.models import User
from communities.models import (
    BoardAdministrator,
    BoardDirector,
    CoachAcceptance,
    Community,
    Membership,
    SchoolLeader,
)


@dataclass(frozen=True)
class Scope:
    """What one person holds, read once per request."""

    roles: dict[int, str] = field(default_factory=dict)  # community id -> role
    led_school_ids: frozenset[int] = frozenset()
    directed_organisation_ids: frozenset[int] = frozenset()
    administered_organisation_ids: frozenset[int] = frozenset()

    @property
    def is_leader(self) -> bool:
        return bool(self.led_school_ids or self.directed_organisation_ids)


_EMPTY = Scope()


def scope_of(user: User) -> Scope:
    if not user.is_authenticated:
        return _EMPTY
    cached = getattr(user, "_plc_scope", None)
    if cached is None:
        boards = _boards_held(user)
        cached = Scope(
            roles=dict(Membership.objects.filter(user=user).values_list("community_id", "role")),
            led_school_ids=frozenset(
                SchoolLeader.objects.filter(user=user).values_list("school_id", flat=True)
            ),
            directed_organisation_ids=frozenset(boards["director"]),
            administered_organisation_ids=frozenset(boards["administrator"]),
        )
        user._plc_scope = cached
    return cached


def _boards_held(user: User) -> dict[str, set[int]]:
    """The boards a person directs and administers, in one query."""
    directed = (
        BoardDirector.objects.filter(user=user)
        .annotate(role=Value("director", CharField()))
        .values_list("role", "organisation_id")
    )
    administered = (
        BoardAdministrator.objects.filter(user=user)
        .annotate(role=Value("administrator", CharField()))
        .values_list("role", "organisation_id")
    )
    boards: dict[str, set[int]] = {"director": set(), "administrator": set()}
    for role, organisation_id in directed.union(administered, all=True):
        boards[role].add(organisation_id)
    return boards


def forget_scope(user: User) -> None:
    """Call after changing someone's roles (or the teachers who accepted them as coach)
    within the same request."""
    user.__dict__.pop("_plc_scope", None)
    user.__dict__.pop("_plc_accepted_by", None)


# Communities ---------------------------------------------------------------


def _community_scope_q(scope: Scope) -> Q:
    return (
        Q(pk__in=list(scope.roles))
        | Q(organisation_id__in=scope.directed_organisation_ids)
        | Q(
            pk__in=Community.schools.through.objects.filter(
                school_id__in=scope.led_school_ids
            ).values("community_id")
        )
    )


def visible_communities(user: User) -> QuerySet[Community]:
    scope = scope_of(user)
    if not (scope.roles or scope.is_leader):
        return Community.objects.none()
    return Community.objects.filter(_community_scope_q(scope))


def _school_ids(community: Community) -> set[int]:
    cache = getattr(community, "_prefetched_objects_cache", {})
    if "schools" in cache:
        return {school.pk for school in cache["schools"]}
    return set(community.schools.values_list("pk", flat=True))


def leads(user: User, community: Community) -> bool:
    """A board director of its board, or the leader of one of its schools."""
    scope = scope_of(user)
    if community.organisation_id in scope.directed_organisation_ids:
        return True
    return bool(scope.led_school_ids and scope.led_school_ids & _school_ids(community))


def role_in(user: User, community: Community) -> str | None:
    return scope_of(user).roles.get(community.pk)


def is_member(user: User, community: Community) -> bool:
    """One of the community's current members, whatever their role: who "my community"
    means when a teacher shares something with it."""
    return role_in(user, community) is not None


def accepted_as_coach_by(user: User) -> frozenset[tuple[int, int]]:
    """(community id, teacher id) for every teacher who accepted `user` as their coach.
    Read once per request, and only when asked (for coaches who lead)."""
    cached = getattr(user, "_plc_accepted_by", None)
    if cached is None:
        cached = frozenset(
            CoachAcceptance.objects.filter(coach=user).values_list("community_id", "teacher_id")
        )
        user._plc_accepted_by = cached
    return cached


def coach_needs_acceptance(user: User, community: Community) -> bool:
    """A coach who leads one of the community's schools or directs its board."""
    return role_in(user, community) == Membership.Role.COACH and leads(user, community)


def reads_as_coach(user: User, community: Community, teacher_id: int) -> bool:
    """May `user` read this teacher's coach-only content and unshared visits?"""
    if role_in(user, community) != Membership.Role.COACH or user.pk == teacher_id:
        return False
    if not leads(user, community):
        return True
    return (community.pk, teacher_id) in accepted_as_coach_by(user)


def coached_teachers_q(user: User, community_field: str, teacher_field: str) -> Q:
    """Rows whose teacher `user` reads as coach, for querysets (see `reads_as_coach`):
    all of a community they coach, or only the teachers who accepted them where they lead."""
    scope = scope_of(user)
    coached = [pk for pk, role in scope.roles.items() if role == Membership.Role.COACH]
    if not coached:
        return Q(pk__in=[])
    leading = (
        set(
            Community.objects.filter(pk__in=coached)
            .filter(
                Q(organisation_id__in=scope.directed_organisation_ids)
                | Q(schools__in=scope.led_school_ids)
            )
            .values_list("pk", flat=True)
        )
        if scope.is_leader
        else set()
    )
    q = Q(**{f"{community_field}__in": [pk for pk in coached if pk not in leading]})
    for community_id, teacher_id in accepted_as_coach_by(user) if leading else ():
        if community_id in leading:
            q |= Q(**{community_field: community_id, teacher_field: teacher_id})
    return q


def can_view_community(user: User, community: Community) -> bool:
    return role_in(user, community) is not None or leads(user, community)
