"""May this person see or change a classroom visit, a reflection, a scan round or a
checklist, and what the forms offer them (see communities/scope.py for the shared rules)."""

from dataclasses import dataclass

from django.core.exceptions import PermissionDenied
from django.db.models import Exists, F, Q, QuerySet
from django.http import Http404

from accounts.models import User
from communities.models import (
    Community,
    CommunityGoal,
    Membership,
    Organisation,
    PersonalGoal,
    School,
)
from communities.scope import is_member, reads_as_coach, role_in, scope_of, visible_communities
from cycles.access import can_plan
from cycles.models import ActivityKind, Meeting, Product
from observations.models import Instrument, Reflection, ScanRound, Visit

# Visits and reflections ---------------------------------------------------------------
# A visit belongs to the observed teacher: seen by them, the observers and the community's
# coaches (see `reads_as_coach`); by the community's other members only when the teacher
# shares it. Leaders who are not members see counts. Reflections are read as far as their
# author shares them; an observer's reflection about a visit also only by those who see the
# visit, so it is withdrawn with the visit.


def _observer_ids(visit) -> set[int]:
    observer_ids = getattr(visit, "_observer_ids", None)
    if observer_ids is None:
        observer_ids = {o.pk for o in visit.observers.all()}
    return observer_ids


def can_view_visit(user: User, visit) -> bool:
    if not user.is_authenticated:
        return False
    if user.pk == visit.observed_id or user.pk in _observer_ids(visit):
        return True
    if reads_as_coach(user, visit.community, visit.observed_id):
        return True
    return visit.shared_with_community and is_member(user, visit.community)


def visit_for_user(user: User, pk: int):
    visit = (
        Visit.objects.select_related("community", "observed", "instrument")
        .prefetch_related("observers", "community__schools")
        .filter(pk=pk)
        .first()
    )
    if visit is None or not can_view_visit(user, visit):
        raise Http404
    return visit


def takes_part_in_visit(user: User, visit) -> bool:
    """The observed teacher, the observers and the community's coaches hold the contract
    and coaching conversations; a community that only sees a shared visit doesn't."""
    if user.pk == visit.observed_id or user.pk in _observer_ids(visit):
        return True
    return reads_as_coach(user, visit.community, visit.observed_id)


def visit_for_participant(user: User, pk: int):
    visit = visit_for_user(user, pk)
    if not takes_part_in_visit(user, visit):
        raise PermissionDenied
    return visit


def can_change_visit_observers(user: User, visit) -> bool:
    """Who comes to watch is the observed teacher's choice (or the coach's), not an
    observer's."""
    return user.pk == visit.observed_id or role_in(user, visit.community) == Membership.Role.COACH


def visit_for_observer(user: User, pk: int):
    """Only an observer fills in the checklist."""
    visit = visit_for_user(user, pk)
    if user.pk not in {o.pk for o in visit.observers.all()}:
        raise PermissionDenied
    return visit


def can_plan_visit(user: User, community) -> bool:
    """Members plan visits they take part in; facilitators and coaches plan any."""
    return role_in(user, community) is not None


def can_plan_any_visit(user: User, community) -> bool:
    return role_in(user, community) in (Membership.Role.FACILITATOR, Membership.Role.COACH)


def can_view_reflection(user: User, reflection) -> bool:
    if user.pk == reflection.author_id:
        return True
    if reflection.is_draft or reflection.visibility == "private" or reflection.community is None:
        return False
    if reflection.visibility == "coach":
        allowed = reads_as_coach(user, reflection.community, reflection.author_id)
    else:
        allowed = is_member(user, reflection.community)
    visit = reflection.visit if reflection.visit_id else None
    if allowed and visit is not None and visit.observed_id != reflection.author_id:
        allowed = can_view_visit(user, visit)  # an observer's reflection follows the visit
    return allowed


def reflection_for_user(user: User, pk: int):
    reflection = (
        Reflection.objects.select_related(
            "author",
            "community",
            "visit__community",
            "meeting",
            "product",
            "community_goal",
            "personal_goal",
        )
        .prefetch_related("community__schools", "visit__observers", "visit__community__schools")
        .filter(pk=pk)
        .first()
    )
    if reflection is None or not can_view_reflection(user, reflection):
        raise Http404
    return reflection


def reflection_for_author(user: User, pk: int):
    reflection = reflection_for_user(user, pk)
    if reflection.author_id != user.pk:
        raise PermissionDenied
    return reflection


def follows_its_visit_q() -> Q:
    """Reflections that others may read as far as their visit goes: any not about a visit,
    the observed teacher's own, and an observer's only while the visit is shared with the
    community (an observer's reflection is withdrawn with the visit)."""
    return (
        Q(visit__isnull=True)
        | Q(visit__observed=F("author"))
        | Q(visit__shared_with_community=True)
    )


# What a reflection is about -----------------------------------------------------------
# Its author ties it to one of their communities; to their own personal goals; to the goals,
# products and meetings of their communities (group meetings, and the coaching sessions they
# are the member or coach of); and to the visits in which they observed or were observed. The
# form offers these; the service checks the community and the visit.


@dataclass(frozen=True)
class ReflectionLinks:
    """What a reflection may be linked to, one queryset per field (none runs until used)."""

    community: QuerySet[Community]
    personal_goal: QuerySet[PersonalGoal]
    community_goal: QuerySet[CommunityGoal]
    meeting: QuerySet[Meeting]
    product: QuerySet[Product]
    visit: QuerySet[Visit]


def reflection_links(author: User) -> ReflectionLinks:
    communities = Community.objects.filter(memberships__user=author).order_by("name")
    return ReflectionLinks(
        community=communities,
        personal_goal=PersonalGoal.objects.filter(owner=author),
        community_goal=CommunityGoal.objects.filter(Q(community__in=communities)),
        meeting=Meeting.objects.filter(community__in=communities).filter(
            ~Q(kind=ActivityKind.COACHING) | Q(member=author) | Q(coach=author)
        ),
        product=Product.objects.filter(community__in=communities),
        visit=Visit.objects.filter(Q(observed=author) | Q(observers=author)).distinct(),
    )


def can_link_reflection_to_community(author: User, community_id: int) -> bool:
    return Membership.objects.filter(community_id=community_id, user=author).exists()


def can_link_reflection_to_visit(author: User, visit) -> bool:
    """The observed teacher and the observers write about a visit."""
    return visit.observed_id == author.pk or visit.observers.filter(pk=author.pk).exists()


# PLC scan ---------------------------------------------------------------------------------
# Everyone who sees a community sees its scan results (averages from 3 respondents, never
# per person); its members, whatever their role, answer; its facilitator opens and closes
# rounds. Leaders and directors see the figures only.


def can_answer_scan(user: User, community: Community) -> bool:
    return role_in(user, community) is not None


def can_run_scan(user: User, community: Community) -> bool:
    return can_plan(user, community)


def scan_round_for_user(user: User, pk: int):
    scan_round = (
        ScanRound.objects.select_related("community__organisation", "scan")
        .filter(pk=pk, community__in=visible_communities(user))
        .first()
    )
    if scan_round is None:
        raise Http404
    return scan_round


def scan_round_for_respondent(user: User, pk: int):
    scan_round = scan_round_for_user(user, pk)
    if not can_answer_scan(user, scan_round.community):
        raise PermissionDenied
    return scan_round


def scan_round_for_facilitator(user: User, pk: int):
    scan_round = scan_round_for_user(user, pk)
    if not can_run_scan(user, scan_round.community):
        raise PermissionDenied
    return scan_round


# Checklists ---------------------------------------------------------------------------
# The built-in checklists are seen by everyone with a community in scope, a board's own
# checklists by the people of that board. A board's checklists are built and changed by
# the facilitators and coaches of its communities, its school leaders and its directors;
# a built-in checklist by nobody (copy it instead). Older versions are read-only.


@dataclass(frozen=True)
class ChecklistBoards:
    seen: frozenset[int]  # boards whose own checklists the person sees
    built: frozenset[int]  # boards the person builds and changes checklists for


def checklist_boards(user: User) -> ChecklistBoards:
    """Read once per request, like the scope (and again after `forget_scope`)."""
    scope = scope_of(user)
    cached = getattr(user, "_plc_checklist_boards", None)
    if cached is not None and cached[0] is scope:
        return cached[1]
    seen, built = set(scope.directed_organisation_ids), set(scope.directed_organisation_ids)
    builders = {Membership.Role.FACILITATOR, Membership.Role.COACH}
    if scope.roles:
        for pk, organisation_id in Community.objects.filter(pk__in=list(scope.roles)).values_list(
            "pk", "organisation_id"
        ):
            seen.add(organisation_id)
            if scope.roles[pk] in builders:
                built.add(organisation_id)
    if scope.led_school_ids:
        led = set(
            School.objects.filter(pk__in=scope.led_school_ids).values_list(
                "organisation_id", flat=True
            )
        )
        seen |= led
        built |= led
    boards = ChecklistBoards(seen=frozenset(seen), built=frozenset(built))
    if user.is_authenticated:
        user._plc_checklist_boards = (scope, boards)
    return boards


def visible_instruments_q(user: User) -> Q:
    """Built-in checklists and those of the person's boards (all versions)."""
    scope = scope_of(user)
    if not (scope.roles or scope.is_leader):
        return Q(pk__in=[])
    return Q(organisation__isnull=True) | Q(organisation_id__in=checklist_boards(user).seen)


def can_build_instruments(user: User) -> bool:
    """Make new checklists and copies for one's board."""
    return bool(checklist_boards(user).built)


def instrument_boards(user: User) -> QuerySet[Organisation]:
    """The boards the person builds checklists for: the forms' choice of board."""
    return Organisation.objects.filter(pk__in=checklist_boards(user).built)


def can_edit_instrument(user: User, instrument) -> bool:
    return (
        instrument.organisation_id is not None
        and instrument.is_current
        and instrument.organisation_id in checklist_boards(user).built
    )


def instrument_for_user(user: User, pk: int):
    instrument = (
        Instrument.objects.select_related("organisation", "created_by")
        .filter(visible_instruments_q(user), pk=pk)
        .first()
    )
    if instrument is None:
        raise Http404
    return instrument


def instrument_for_editor(user: User, pk: int):
    instrument = instrument_for_user(user, pk)
    if not can_edit_instrument(user, instrument):
        raise PermissionDenied
    return instrument


def instrument_for_copier(user: User, pk: int):
    instrument = instrument_for_user(user, pk)
    if not can_build_instruments(user):
        raise PermissionDenied
    return instrument


def can_choose_instruments(user: User, community: Community) -> bool:
    """The facilitator chooses the checklists a community uses; the others read the list."""
    return role_in(user, community) == Membership.Role.FACILITATOR


# Which checklists a community uses: its facilitator chooses among the options; visits and
# rotations are planned with those chosen or, while none is chosen, with a default.

DEFAULT_INSTRUMENT = "Algemene lesobservatie"  # built in, from migration 0002


def can_community_choose_instrument(community: Community, instrument) -> bool:
    """A community chooses among the current built-in checklists and its board's own."""
    return instrument.is_current and instrument.organisation_id in (
        None,
        community.organisation_id,
    )


def community_instrument_options(community: Community) -> QuerySet[Instrument]:
    """The checklists a community can choose: built-in and its board's, current versions."""
    return (
        Instrument.objects.filter(is_current=True)
        .filter(Q(organisation__isnull=True) | Q(organisation=community.organisation_id))
        .select_related("organisation")
        .order_by(F("organisation__name").asc(nulls_first=True), "name")
    )


def visit_instrument_options(community: Community) -> QuerySet[Instrument]:
    """The checklists a community chose; while it chose none, the built-in ones and the
    board's own."""
    chosen = Instrument.objects.filter(communities=community, is_current=True)
    if chosen.exists():
        return chosen.order_by("name")
    return Instrument.objects.filter(
        Q(organisation__isnull=True) | Q(organisation=community.organisation_id),
        is_current=True,
    ).order_by("name")


def rotation_instruments(community: Community) -> QuerySet[Instrument]:
    """The checklists the community chose, or else the built-in general one."""
    chosen = Instrument.objects.filter(is_current=True, communities=community)
    built_in = Q(organisation=None, name=DEFAULT_INSTRUMENT, is_current=True) & ~Exists(chosen)
    return Instrument.objects.filter(Q(pk__in=chosen.values("pk")) | built_in).order_by("name")
