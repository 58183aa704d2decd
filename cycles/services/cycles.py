"""Writes for the year plan: a community's cycles and their meetings, and a cycle's topic."""

import datetime as dt
from collections.abc import Container
from itertools import cycle as round_robin

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from communities.models import Community, Membership, School
from core.errors import StaleEdit
from cycles import planning
from cycles.calendar import (
    blocked_days,
    local_datetime,
    school_year_of,
    school_years_without_holidays,
)
from cycles.models import ActivityKind, Cycle, CycleTemplate, Meeting
from cycles.school_holidays import school_year_label


def _school_ids(community: Community) -> list[int]:
    return list(community.schools.values_list("pk", flat=True))


class HolidaysMissing(ValidationError):
    """The plan would run through a school year in which a school of the community has no
    holidays: planning it would lay meetings in that school's holidays."""

    def __init__(self, missing: list[tuple[School, list[int]]]) -> None:
        self.missing = missing
        super().__init__(
            {
                "start": [
                    _(
                        "%(school)s has no holidays for school year %(years)s. Fill them in on "
                        "the school's calendar page (Calendar of %(school)s) first."
                    )
                    % {
                        "school": school.name,
                        "years": ", ".join(school_year_label(year) for year in years),
                    }
                    for school, years in missing
                ]
            }
        )


def _holidays_check(school_ids: list[int], start: dt.date, plan: planning.Plan) -> None:
    last = plan.cycles[-1].end_date if plan.cycles else start
    gaps = school_years_without_holidays(
        school_ids, range(school_year_of(start), school_year_of(last) + 1)
    )
    if gaps:
        schools = School.objects.filter(pk__in=gaps).order_by("name")
        raise HolidaysMissing([(school, gaps[school.pk]) for school in schools])


def plan_propose(
    *, community: Community, template: CycleTemplate, start: dt.date, count: int = 10
) -> planning.Plan:
    """What `plan_create` would make, for the facilitator to check first. Refused while a
    school of the community has no holidays in a school year the plan runs through."""
    kept = _kept_cycles(community)
    if kept and start <= kept[-1].end_date:
        raise ValidationError(
            {
                "start": _("Start after the last cycle that has begun (it ends %(date)s).")
                % {"date": kept[-1].end_date.strftime("%d-%m-%Y")}
            }
        )
    school_ids = _school_ids(community)
    plan = planning.propose(
        template=template,
        activities=list(template.activities.all()),
        school_ids=school_ids,
        start=start,
        count=count,
        first_number=(kept[-1].number + 1) if kept else 1,
    )
    _holidays_check(school_ids, start, plan)
    return plan


def _kept_cycles(community: Community) -> list[Cycle]:
    """Cycles in which a meeting has begun: re-planning keeps them and everything in them."""
    begun = Meeting.objects.filter(community=community, starts_at__lte=timezone.now()).values(
        "cycle_id"
    )
    return list(Cycle.objects.filter(community=community, pk__in=begun).order_by("number"))


@transaction.atomic
def plan_create(
    *, community: Community, template: CycleTemplate, start: dt.date, count: int = 10
) -> list[Cycle]:
    """Create the proposed year. Cycles that have not begun are replaced; the rest stays."""
    # Lock the community so two facilitators confirming at once can't both plan.
    Community.objects.select_for_update().get(pk=community.pk)
    plan = plan_propose(community=community, template=template, start=start, count=count)
    if not plan.complete:
        raise ValidationError(_("Not all cycles fit in the next two years; plan fewer cycles."))
    kept = {cycle.pk for cycle in _kept_cycles(community)}
    replaced = Cycle.objects.filter(community=community).exclude(pk__in=kept)
    # Their meetings go too (Meeting.cycle is SET_NULL, so delete them explicitly).
    Meeting.objects.filter(cycle__in=replaced).delete()
    replaced.delete()

    members = list(
        Membership.objects.filter(community=community, role=Membership.Role.MEMBER)
        .select_related("user")
        .order_by("user__full_name")
    )
    coaches = list(
        Membership.objects.filter(community=community, role=Membership.Role.COACH)
        .values_list("user_id", flat=True)
        .order_by("user_id")
    ) or list(
        Membership.objects.filter(community=community, role=Membership.Role.FACILITATOR)
        .values_list("user_id", flat=True)
        .order_by("user_id")
    )

    cycles = Cycle.objects.bulk_create(
        Cycle(
            community=community,
            number=planned.number,
            template=template,
            start_date=planned.start_date,
            end_date=planned.end_date,
        )
        for planned in plan.cycles
    )
    meetings: list[Meeting] = []
    # Coaching that runs over into the next days skips weekends and blocked days too.
    blocked = blocked_days(_school_ids(community), start, start + planning.HORIZON)
    for cycle, planned in zip(cycles, plan.cycles, strict=True):
        for activity in planned.activities:
            starts = local_datetime(activity.date, activity.start_time)
            length = dt.timedelta(minutes=activity.duration_minutes)
            if activity.kind == ActivityKind.COACHING:
                # One session per member, one after another, with a coach in turn; what
                # doesn't fit before the end of the afternoon goes to the next school day.
                coach_ids = round_robin(coaches or [None])
                for slot, membership in enumerate(members):
                    day, position = _coaching_slot(activity, slot, length, blocked)
                    begin = local_datetime(day, activity.start_time) + position * length
                    meetings.append(
                        Meeting(
                            community=community,
                            cycle=cycle,
                            week=activity.week,
                            kind=activity.kind,
                            starts_at=begin,
                            ends_at=begin + length,
                            member_id=membership.user_id,
                            coach_id=next(coach_ids),
                        )
                    )
            else:
                meetings.append(
                    Meeting(
                        community=community,
                        cycle=cycle,
                        week=activity.week,
                        kind=activity.kind,
                        starts_at=starts,
                        ends_at=starts + length,
                    )
                )
    Meeting.objects.bulk_create(meetings, batch_size=1000)
    return cycles


COACHING_DAY_ENDS = dt.time(19, 0)


def _coaching_slot(
    activity, slot: int, length: dt.timedelta, blocked: Container[dt.date] = ()
) -> tuple[dt.date, int]:
    """The school day and the position on it of the `slot`-th coaching session: what
    doesn't fit goes to the next school day (not a weekend, holiday, study day or public
    holiday)."""
    start = dt.datetime.combine(activity.date, activity.start_time)
    end = dt.datetime.combine(activity.date, COACHING_DAY_ENDS)
    per_day = max(1, int((end - start) / length)) if end > start else 1
    day = activity.date
    for _day in range(slot // per_day):
        day += dt.timedelta(days=1)
        while day.weekday() >= 5 or day in blocked:
            day += dt.timedelta(days=1)
    return day, slot % per_day


@transaction.atomic
def cycle_update(*, cycle: Cycle, version: int, topic: str) -> Cycle:
    """Save a cycle's topic as edited on `version`; refuse if someone saved since."""
    current = Cycle.objects.select_for_update().get(pk=cycle.pk)
    if current.version != version:
        raise StaleEdit(
            _(
                "Someone else changed this cycle while you were editing. "
                "Your text is still in the form; compare it with the new version and save again."
            )
        )
    current.topic = topic.strip()
    current.version += 1
    current.full_clean()
    current.save(update_fields=["topic", "version"])
    return current
