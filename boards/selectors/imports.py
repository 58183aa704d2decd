"""The staff import's preview: what committing a stored staff file would do (new people,
changed people and what changes, unchanged, leavers on request) and every problem with its
line and column. A fixed number of queries however many rows; the commit
(`boards.services.imports`) acts on the same plan."""

from dataclasses import dataclass, field

from django.db.models import QuerySet
from django.utils.formats import date_format
from django.utils.translation import gettext as _

from accounts.models import User
from boards import staff_file
from boards.models import StaffImport
from boards.staff_file import Person, Problem
from communities.models import (
    BoardAdministrator,
    BoardDirector,
    Community,
    Membership,
    School,
    SchoolLeader,
    StaffMember,
)

RECENT_IMPORTS = 10


@dataclass(frozen=True)
class Change:
    what: str
    old: str
    new: str


@dataclass
class Line:
    person: Person
    user: User | None = None
    record: StaffMember | None = None
    schools: list[School] = field(default_factory=list)
    # The board's communities the person is to join (those they are not in yet).
    communities: list[Community] = field(default_factory=list)
    changes: list[Change] = field(default_factory=list)


@dataclass
class Plan:
    new: list[Line] = field(default_factory=list)
    changed: list[Line] = field(default_factory=list)
    unchanged: list[Line] = field(default_factory=list)
    leavers: list[StaffMember] = field(default_factory=list)
    problems: list[Problem] = field(default_factory=list)
    # Headers of columns that are not imported.
    ignored: list[str] = field(default_factory=list)
    rows: int = 0

    @property
    def ok(self) -> bool:
        return not self.problems


def recent_imports(organisation_id: int) -> QuerySet[StaffImport]:
    return (
        StaffImport.objects.filter(organisation_id=organisation_id)
        .select_related("uploaded_by")
        .defer("rows", "header", "mapping", "result")[:RECENT_IMPORTS]
    )


def _boards_of_many(user_ids: list[int]) -> dict[int, set[int]]:
    """`boards_of` for many people in one query."""
    found: dict[int, set[int]] = {}
    if not user_ids:
        return found
    pairs = (
        StaffMember.objects.filter(user_id__in=user_ids)
        .values_list("user_id", "organisation_id")
        .union(
            Membership.objects.filter(user_id__in=user_ids).values_list(
                "user_id", "community__organisation_id"
            ),
            SchoolLeader.objects.filter(user_id__in=user_ids).values_list(
                "user_id", "school__organisation_id"
            ),
            BoardDirector.objects.filter(user_id__in=user_ids).values_list(
                "user_id", "organisation_id"
            ),
            BoardAdministrator.objects.filter(user_id__in=user_ids).values_list(
                "user_id", "organisation_id"
            ),
        )
    )
    for user_id, board_id in pairs:
        found.setdefault(user_id, set()).add(board_id)
    return found


class _Schools:
    """The board's schools, found by name (without case) or by BRIN (and location)."""

    def __init__(self, organisation_id: int) -> None:
        schools = list(School.objects.filter(organisation_id=organisation_id).order_by("pk"))
        self.by_name = {school.name.casefold(): school for school in schools}
        self.by_brin: dict[str, list[School]] = {}
        for school in schools:
            if school.brin:
                self.by_brin.setdefault(school.brin, []).append(school)

    def find(self, person: Person, labels: dict[str, str]) -> tuple[list[School], list[Problem]]:
        found, problems = [], []
        for name in person.schools:
            school = self.by_name.get(name.casefold())
            if school is None:
                problems.append(
                    Problem(
                        person.line,
                        labels[staff_file.SCHOOL],
                        _("The board has no school called “%(name)s”.") % {"name": name},
                    )
                )
            else:
                found.append(school)
        for brin, location in person.brins:
            schools = [
                school
                for school in self.by_brin.get(brin, [])
                if not location or school.location == location
            ]
            if len(schools) == 1:
                found += schools
                continue
            code = brin + location
            message = (
                _("The board has no school with BRIN number %(code)s.")
                if not schools
                else _(
                    "BRIN number %(code)s has several locations at the board: add the "
                    "location number (e.g. %(code)s00)."
                )
            )
            problems.append(Problem(person.line, labels[staff_file.BRIN], message % {"code": code}))
        unique = list({school.pk: school for school in found}.values())
        return unique, problems


def _labels(staff_import: StaffImport) -> dict[str, str]:
    labels = {}
    for text, name in zip(staff_import.header, staff_import.mapping, strict=True):
        if name and name not in labels:
            labels[name] = text or str(staff_file.FIELDS[name])
    return labels


def _table(staff_import: StaffImport) -> staff_file.Table:
    return staff_file.Table(
        header=list(staff_import.header),
        rows=[(line, list(cells)) for line, cells in staff_import.rows],
    )


def import_plan(staff_import: StaffImport, *, by: User) -> Plan:
    """What committing `staff_import` would do, and what stops it. Eight queries (nine
    with leavers), whatever the number of rows."""
    organisation_id = staff_import.organisation_id
    mapping = list(staff_import.mapping)
    people, problems = staff_file.people(_table(staff_import), mapping)
    labels = _labels(staff_import)
    plan = Plan(
        problems=problems,
        rows=len(people),
        ignored=[text for text, name in zip(staff_import.header, mapping, strict=True) if not name],
    )
    usable = [person for person in people if person.usable]
    users = {
        user.email: user
        for user in User.objects.filter(email__in=[p.email for p in usable]).select_related(
            "staff_record"
        )
    }
    boards = _boards_of_many([user.pk for user in users.values()])
    records = {
        user.staff_record.pk: user.staff_record
        for user in users.values()
        if getattr(user, "staff_record", None) is not None
        and user.staff_record.organisation_id == organisation_id
    }
    current_schools: dict[int, set[int]] = {}
    for record_id, school_id in StaffMember.schools.through.objects.filter(
        staffmember_id__in=list(records)
    ).values_list("staffmember_id", "school_id"):
        current_schools.setdefault(record_id, set()).add(school_id)
    joined = set(
        Membership.objects.filter(
            user_id__in=[user.pk for user in users.values()],
            community__organisation_id=organisation_id,
        ).values_list("user_id", "community_id")
    )
    schools = _Schools(organisation_id)
    school_names = {school.pk: school.name for school in schools.by_name.values()}
    communities = {
        community.name.casefold(): community
        for community in Community.objects.filter(organisation_id=organisation_id)
    }
    with_function = staff_file.FUNCTION in mapping
    with_schools = bool({staff_file.SCHOOL, staff_file.BRIN} & set(mapping))
    for person in usable:
        line = Line(person=person, user=users.get(person.email))
        line.schools, found_problems = schools.find(person, labels)
        plan.problems += found_problems
        for name in person.communities:
            community = communities.get(name.casefold())
            if community is None:
                plan.problems.append(
                    Problem(
                        person.line,
                        labels[staff_file.COMMUNITY],
                        _("The board has no learning community called “%(name)s”.")
                        % {"name": name},
                    )
                )
            elif line.user is None or (line.user.pk, community.pk) not in joined:
                line.communities.append(community)
        if line.user is None:
            plan.new.append(line)
            continue
        if boards.get(line.user.pk, set()) - {organisation_id}:
            plan.problems.append(
                Problem(
                    person.line,
                    labels[staff_file.EMAIL],
                    _(
                        "%(email)s belongs to someone of another school board: one person, "
                        "one board."
                    )
                    % {"email": person.email},
                )
            )
            continue
        if line.user.is_staff or line.user.is_superuser:
            plan.problems.append(
                Problem(
                    person.line,
                    labels[staff_file.EMAIL],
                    _(
                        "%(email)s belongs to an administrator of the application: that "
                        "account can't be imported."
                    )
                    % {"email": person.email},
                )
            )
            continue
        if line.user.pk == by.pk and line.communities:
            plan.problems.append(
                Problem(
                    person.line,
                    labels[staff_file.COMMUNITY],
                    _("You can't add yourself to a learning community; ask someone else."),
                )
            )
            continue
        record = getattr(line.user, "staff_record", None)
        line.record = record
        if record is not None and record.left_at is not None:
            line.changes.append(
                Change(
                    _("Staff list"),
                    _("left on %(date)s") % {"date": date_format(record.left_at.date())},
                    _("back"),
                )
            )
        if record is None:
            line.changes.append(Change(_("Staff list"), "", _("added")))
        if line.user.full_name != person.name:
            line.changes.append(Change(_("Name"), line.user.full_name, person.name))
        if with_function and (record.function if record else "") != person.function:
            line.changes.append(
                Change(_("Function"), record.function if record else "", person.function)
            )
        before = current_schools.get(record.pk, set()) if record else set()
        if with_schools and before != {school.pk for school in line.schools}:
            line.changes.append(
                Change(
                    _("Schools"),
                    ", ".join(sorted(school_names.get(pk, "?") for pk in before)),
                    ", ".join(sorted(school.name for school in line.schools)),
                )
            )
        if line.communities:
            line.changes.append(
                Change(
                    _("Learning communities"),
                    "",
                    _("joins %(names)s")
                    % {"names": ", ".join(community.name for community in line.communities)},
                )
            )
        (plan.changed if line.changes else plan.unchanged).append(line)
    if staff_import.leavers:
        in_file = {person.email for person in people}
        plan.leavers = [
            record
            for record in StaffMember.objects.filter(
                organisation_id=organisation_id, left_at__isnull=True
            )
            .exclude(user_id=by.pk)
            .select_related("user")
            .order_by("user__full_name", "user__email")
            if record.user.email not in in_file
        ]
    plan.problems.sort(key=lambda problem: problem.line)
    return plan
