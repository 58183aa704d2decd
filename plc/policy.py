"""Who may see and do what. The one place that answers it; views and templates ask here.

Scope, outermost first: nobody sees anything of another school board. A board director
sees every community of their board; a school leader the communities that include their
school; a member (any role) their own communities.

Content (reflections, visits, personal goals) belongs to the teacher and is read as far as
they share it: "my community" means the community's current members, whatever their role;
"my coach" its coaches. A school leader or board director who is not a member sees figures,
never content. A coach who leads one of the community's schools or directs its board reads
a teacher's coach-only content and unshared visits only once that teacher has accepted them
as coach (coaching is not appraisal); until then they read what a member reads.

Object helpers answer 404 for what lies outside your scope (never reveal that it exists),
and 403 for what you can see but may not change.
"""

from dataclasses import dataclass, field

from django.core.exceptions import PermissionDenied
from django.db.models import Q, QuerySet
from django.http import Http404

from accounts.models import User
from communities.models import (
    BoardDirector,
    CoachAcceptance,
    Community,
    CommunityGoal,
    Membership,
    PersonalGoal,
    School,
    SchoolLeader,
)


@dataclass(frozen=True)
class Scope:
    """What one person holds, read once per request."""

    roles: dict[int, str] = field(default_factory=dict)  # community id -> role
    led_school_ids: frozenset[int] = frozenset()
    directed_organisation_ids: frozenset[int] = frozenset()

    @property
    def is_leader(self) -> bool:
        return bool(self.led_school_ids or self.directed_organisation_ids)


_EMPTY = Scope()


def scope_of(user: User) -> Scope:
    if not user.is_authenticated:
        return _EMPTY
    cached = getattr(user, "_plc_scope", None)
    if cached is None:
        cached = Scope(
            roles=dict(Membership.objects.filter(user=user).values_list("community_id", "role")),
            led_school_ids=frozenset(
                SchoolLeader.objects.filter(user=user).values_list("school_id", flat=True)
            ),
            directed_organisation_ids=frozenset(
                BoardDirector.objects.filter(user=user).values_list("organisation_id", flat=True)
            ),
        )
        user._plc_scope = cached
    return cached


def forget_scope(user: User) -> None:
    """Call after changing someone's roles within the same request."""
    user.__dict__.pop("_plc_scope", None)


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


def can_manage_community(user: User, community: Community) -> bool:
    """Invite, change roles, edit the community and its goals."""
    return role_in(user, community) == Membership.Role.FACILITATOR or leads(user, community)


def community_for_user(user: User, pk: int) -> Community:
    community = visible_communities(user).select_related("organisation").filter(pk=pk).first()
    if community is None:
        raise Http404
    return community


def community_for_manager(user: User, pk: int) -> Community:
    community = community_for_user(user, pk)
    if not can_manage_community(user, community):
        raise PermissionDenied
    return community


def can_create_community(user: User) -> bool:
    return scope_of(user).is_leader


def schools_for_new_community(user: User) -> QuerySet[School]:
    scope = scope_of(user)
    return School.objects.filter(
        Q(pk__in=scope.led_school_ids) | Q(organisation_id__in=scope.directed_organisation_ids)
    ).select_related("organisation")


# Goals ---------------------------------------------------------------------


def can_edit_community_goal(user: User, goal: CommunityGoal) -> bool:
    return goal.owner_id == user.pk or can_manage_community(user, goal.community)


def community_goal_for_user(user: User, pk: int) -> CommunityGoal:
    goal = (
        CommunityGoal.objects.select_related("community", "owner")
        .filter(pk=pk, community__in=visible_communities(user))
        .first()
    )
    if goal is None:
        raise Http404
    return goal


def community_goal_for_editor(user: User, pk: int) -> CommunityGoal:
    goal = community_goal_for_user(user, pk)
    if not can_edit_community_goal(user, goal):
        raise PermissionDenied
    return goal


def personal_goals_shared_with(user: User, community: Community) -> QuerySet[PersonalGoal]:
    """Other people's personal goals in this community that `user` may read: none for a
    leader who is not a member."""
    if not is_member(user, community):
        return PersonalGoal.objects.none()
    visible = Q(visibility=PersonalGoal.Visibility.COMMUNITY)
    if role_in(user, community) == Membership.Role.COACH:
        visible |= Q(visibility=PersonalGoal.Visibility.COACH) & coached_teachers_q(
            user, "community", "owner"
        )
    return PersonalGoal.objects.filter(visible, community=community).exclude(owner=user)


def can_view_personal_goal(user: User, goal: PersonalGoal) -> bool:
    if goal.owner_id == user.pk:
        return True
    if goal.visibility == PersonalGoal.Visibility.PRIVATE:
        return False
    if goal.visibility == PersonalGoal.Visibility.COACH:
        return reads_as_coach(user, goal.community, goal.owner_id)
    return is_member(user, goal.community)


def personal_goal_for_user(user: User, pk: int) -> PersonalGoal:
    goal = (
        PersonalGoal.objects.select_related("owner", "community", "community_goal")
        .prefetch_related("community__schools")
        .filter(pk=pk)
        .first()
    )
    if goal is None or not can_view_personal_goal(user, goal):
        raise Http404
    return goal


def personal_goal_for_owner(user: User, pk: int) -> PersonalGoal:
    goal = personal_goal_for_user(user, pk)
    if goal.owner_id != user.pk:
        raise PermissionDenied
    return goal


# Cycles, meetings, calendars -------------------------------------------------


def can_plan(user: User, community: Community) -> bool:
    """Only facilitators change a community's plan and meetings."""
    return role_in(user, community) == Membership.Role.FACILITATOR


def can_edit_school_calendar(user: User, school: School) -> bool:
    """Leaders of the school, directors of its board, and facilitators of a community
    that includes the school."""
    scope = scope_of(user)
    if (
        school.pk in scope.led_school_ids
        or school.organisation_id in scope.directed_organisation_ids
    ):
        return True
    facilitated = [pk for pk, role in scope.roles.items() if role == Membership.Role.FACILITATOR]
    return bool(facilitated) and school.communities.filter(pk__in=facilitated).exists()


def schools_with_editable_calendar(user: User, community: Community) -> set[int]:
    """Which of the community's schools' calendars `user` may edit, without a query per
    school (the community's schools should be prefetched)."""
    schools = community.schools.all()
    if role_in(user, community) == Membership.Role.FACILITATOR:
        return {school.pk for school in schools}
    scope = scope_of(user)
    return {
        school.pk
        for school in schools
        if school.pk in scope.led_school_ids
        or school.organisation_id in scope.directed_organisation_ids
    }


def school_for_calendar_editor(user: User, pk: int) -> School:
    school = School.objects.select_related("organisation").filter(pk=pk).first()
    if school is None or not can_edit_school_calendar(user, school):
        raise Http404
    return school


def visible_meetings_q(user: User, community: Community) -> Q:
    """Group meetings for everyone who sees the community; an individual coaching session
    only for its member, its coach and the community's facilitators."""
    group = ~Q(kind="coaching")
    if can_plan(user, community):
        return Q()
    return group | Q(member=user) | Q(coach=user)


def meeting_for_user(user: User, pk: int):
    from cycles.models import Meeting

    meeting = (
        Meeting.objects.select_related("community", "cycle", "coach", "member")
        .filter(pk=pk, community__in=visible_communities(user))
        .first()
    )
    if meeting is None:
        raise Http404
    if meeting.kind == "coaching" and not (
        can_plan(user, meeting.community) or user.pk in (meeting.member_id, meeting.coach_id)
    ):
        raise Http404
    return meeting


def meeting_for_planner(user: User, pk: int):
    meeting = meeting_for_user(user, pk)
    if not can_plan(user, meeting.community):
        raise PermissionDenied
    return meeting


def can_add_meeting_notes(user: User, meeting) -> bool:
    """Members add to the notes of their meetings; the coach and member of a session too."""
    if can_plan(user, meeting.community):
        return True
    if meeting.kind == "coaching":
        return user.pk in (meeting.member_id, meeting.coach_id)
    return role_in(user, meeting.community) is not None


def can_use_product_of(user: User, community: Community) -> bool:
    """Products are the community's: its members add them, everyone who sees it reads them."""
    return can_view_community(user, community)


def can_add_product(user: User, community: Community) -> bool:
    return role_in(user, community) is not None


def can_edit_template(user: User, template) -> bool:
    """A board's own templates are edited by its facilitators and leaders; the built-in
    template by nobody (copy it instead)."""
    if template.organisation_id is None:
        return False
    scope = scope_of(user)
    if template.organisation_id in scope.directed_organisation_ids:
        return True
    if (
        scope.led_school_ids
        and School.objects.filter(
            pk__in=scope.led_school_ids, organisation_id=template.organisation_id
        ).exists()
    ):
        return True
    facilitated = [pk for pk, role in scope.roles.items() if role == Membership.Role.FACILITATOR]
    return Community.objects.filter(
        pk__in=facilitated, organisation_id=template.organisation_id
    ).exists()


def template_for_editor(user: User, pk: int):
    from cycles.models import CycleTemplate

    template = CycleTemplate.objects.filter(pk=pk).first()
    if template is None:
        raise Http404
    if not can_edit_template(user, template):
        # The built-in template and your own board's are visible, read-only; another
        # board's is not revealed.
        visible = (
            template.organisation_id is None
            or visible_communities(user).filter(organisation_id=template.organisation_id).exists()
        )
        raise PermissionDenied if visible else Http404
    return template


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
    from observations.models import Visit

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
    from observations.models import Reflection

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


# PLC scan ---------------------------------------------------------------------------------
# Everyone who sees a community sees its scan results (averages from 3 respondents, never
# per person); its members, whatever their role, answer; its facilitator opens and closes
# rounds. Leaders and directors see the figures only.


def can_answer_scan(user: User, community: Community) -> bool:
    return role_in(user, community) is not None


def can_run_scan(user: User, community: Community) -> bool:
    return can_plan(user, community)


def scan_round_for_user(user: User, pk: int):
    from observations.models import ScanRound

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


def can_edit_instrument(user: User, instrument) -> bool:
    return (
        instrument.organisation_id is not None
        and instrument.is_current
        and instrument.organisation_id in checklist_boards(user).built
    )


def instrument_for_user(user: User, pk: int):
    from observations.models import Instrument

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


# Rotation ---------------------------------------------------------------------


def cycle_for_planner(user: User, pk: int):
    """A cycle of a community the user sees (else 404) and plans (else 403)."""
    from cycles.models import Cycle

    cycle = (
        Cycle.objects.select_related("community")
        .filter(pk=pk, community__in=visible_communities(user))
        .first()
    )
    if cycle is None:
        raise Http404
    if not can_plan(user, cycle.community):
        raise PermissionDenied
    return cycle


# Dashboards ------------------------------------------------------------------


def can_view_community_dashboard(user: User, community: Community) -> bool:
    """Its facilitator and coaches, and the school leaders and board director in scope.
    Plain members have the community's own pages instead."""
    return role_in(user, community) in {
        Membership.Role.FACILITATOR,
        Membership.Role.COACH,
    } or leads(user, community)


def community_for_dashboard(user: User, pk: int) -> Community:
    """404 outside your scope, 403 for a plain member."""
    community = community_for_user(user, pk)
    if not can_view_community_dashboard(user, community):
        raise PermissionDenied
    return community


# Reports ---------------------------------------------------------------------------------
# A cycle report holds figures and what members shared: the latter version is for the
# community's members, a figures-only version for the leaders who are not members. Its
# facilitator, school leaders and board directors ask for one.


def can_request_report(user: User, community: Community) -> bool:
    return role_in(user, community) == Membership.Role.FACILITATOR or leads(user, community)


def cycle_for_user(user: User, pk: int):
    from cycles.models import Cycle

    cycle = (
        Cycle.objects.select_related("community__organisation")
        .filter(pk=pk, community__in=visible_communities(user))
        .first()
    )
    if cycle is None:
        raise Http404
    return cycle


def report_for_user(user: User, pk: int):
    from reports.models import Report

    # A cycle report by its community (with what members shared: by its members only); a
    # school-year report (no community) by its school.
    members_of = list(scope_of(user).roles)
    report = (
        Report.objects.select_related("cycle__community", "school", "requested_by")
        .filter(
            Q(community__in=visible_communities(user), with_content=False)
            | Q(community_id__in=members_of, with_content=True)
            | _school_reports_q(user),
            pk=pk,
        )
        .first()
    )
    if report is None:
        raise Http404
    return report


# School dashboards ------------------------------------------------------------------------
# A school's dashboard is for its leaders and the board director of its board. Everyone
# else, members of its communities included, gets a 404: a school outside your scope
# doesn't exist for you.


def school_for_dashboard(user: User, pk: int) -> School:
    scope = scope_of(user)
    if not scope.is_leader:
        raise Http404
    school = (
        School.objects.select_related("organisation")
        .filter(
            Q(pk__in=scope.led_school_ids) | Q(organisation_id__in=scope.directed_organisation_ids),
            pk=pk,
        )
        .first()
    )
    if school is None:
        raise Http404
    return school


# Board dashboards -------------------------------------------------------------------------
# A board's dashboard is for its board directors only; for everyone else the board doesn't
# exist (404), school leaders of its schools included.


def board_for_dashboard(user: User, pk: int):
    from communities.models import Organisation

    scope = scope_of(user)
    if pk not in scope.directed_organisation_ids:
        raise Http404
    return Organisation.objects.get(pk=pk)


# School-year reports ----------------------------------------------------------------------
# A school-year report holds the school dashboard's figures, so it is for the same people:
# the school's leaders and its board's directors ask for it, read it and download it. For
# everyone else, members of its communities included, it doesn't exist (404).


def school_for_report(user: User, pk: int) -> School:
    return school_for_dashboard(user, pk)


def can_request_school_report(user: User, school: School) -> bool:
    scope = scope_of(user)
    return school.pk in scope.led_school_ids or (
        school.organisation_id in scope.directed_organisation_ids
    )


def _school_reports_q(user: User) -> Q:
    """The school-year reports `user` may read (for `report_for_user`)."""
    scope = scope_of(user)
    if not scope.is_leader:
        return Q(pk__in=[])
    return Q(kind="school_year") & (
        Q(school_id__in=scope.led_school_ids)
        | Q(school__organisation_id__in=scope.directed_organisation_ids)
    )
