"""Writes for school calendars, cycle templates, the year plan and meetings."""

import datetime as dt
import uuid
from collections.abc import Container
from itertools import cycle as round_robin

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from accounts.models import User
from communities.models import Community, Membership, Organisation
from core.errors import StaleEdit
from core.once import made_before, save_once
from cycles import planning
from cycles.calendar import blocked_days, local_datetime
from cycles.models import (
    ActivityKind,
    AgreedAction,
    Attendance,
    Cycle,
    CycleTemplate,
    Meeting,
    MeetingChange,
    TemplateActivity,
)

DEFAULT_TEMPLATE_NAME = "Vierwekelijkse cyclus"  # created by migration 0002


def template_default() -> CycleTemplate | None:
    """The four-week Dordrecht rhythm (seed 002), for every board (None if an admin removed
    it)."""
    return CycleTemplate.objects.filter(organisation=None, name=DEFAULT_TEMPLATE_NAME).first()


@transaction.atomic
def template_copy(
    *, template: CycleTemplate, organisation: Organisation, name: str
) -> CycleTemplate:
    copy = CycleTemplate(
        organisation=organisation,
        name=name,
        weeks=template.weeks,
        description=template.description,
    )
    copy.full_clean()
    copy.save()
    TemplateActivity.objects.bulk_create(
        TemplateActivity(
            template=copy,
            week=a.week,
            kind=a.kind,
            weekday=a.weekday,
            start_time=a.start_time,
            duration_minutes=a.duration_minutes,
        )
        for a in template.activities.all()
    )
    return copy


@transaction.atomic
def template_update(
    *, template: CycleTemplate, name: str, description: str, weeks: int
) -> CycleTemplate:
    if template.activities.filter(week__gt=weeks).exists():
        raise ValidationError({"weeks": _("Remove the activities of the weeks you drop first.")})
    template.name, template.description, template.weeks = name, description, weeks
    template.full_clean()
    template.save()
    return template


@transaction.atomic
def template_activity_add(*, template: CycleTemplate, **fields) -> TemplateActivity:
    activity = TemplateActivity(template=template, **fields)
    activity.full_clean()
    if activity.week > template.weeks:
        raise ValidationError(
            {"week": _("This template has %(weeks)s weeks.") % {"weeks": template.weeks}}
        )
    activity.save()
    return activity


def _school_ids(community: Community) -> list[int]:
    return list(community.schools.values_list("pk", flat=True))


def plan_propose(
    *, community: Community, template: CycleTemplate, start: dt.date, count: int = 10
) -> planning.Plan:
    """What `plan_create` would make, for the facilitator to check first."""
    kept = _kept_cycles(community)
    if kept and start <= kept[-1].end_date:
        raise ValidationError(
            {
                "start": _("Start after the last cycle that has begun (it ends %(date)s).")
                % {"date": kept[-1].end_date.strftime("%d-%m-%Y")}
            }
        )
    return planning.propose(
        template=template,
        activities=list(template.activities.all()),
        school_ids=_school_ids(community),
        start=start,
        count=count,
        first_number=(kept[-1].number + 1) if kept else 1,
    )


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
def meeting_update(
    *, meeting: Meeting, version: int, by: User, reason: str = "", **fields
) -> Meeting:
    """Save changes made on version `version`; refuse if someone saved a newer one."""
    current = Meeting.objects.select_for_update().get(pk=meeting.pk)
    if current.version != version:
        raise StaleEdit(
            _(
                "Someone else changed this meeting while you were editing. "
                "Your text is still in the form; compare it with the new version and save again."
            )
        )
    old_start = current.starts_at
    for name, value in fields.items():
        setattr(current, name, value)
    current.full_clean()
    moved = current.starts_at != old_start
    visible = moved or any(
        name in fields for name in ("ends_at", "location", "online_url", "topic")
    )
    current.version += 1
    if visible:
        current.sequence += 1
    current.save()
    if moved:
        MeetingChange.objects.create(
            meeting=current,
            kind=MeetingChange.Kind.MOVED,
            changed_by=by,
            old_starts_at=old_start,
            new_starts_at=current.starts_at,
            reason=reason,
        )
    return current


@transaction.atomic
def meeting_cancel(*, meeting: Meeting, by: User, reason: str = "") -> Meeting:
    updated = (
        Meeting.objects.filter(pk=meeting.pk)
        .exclude(status=Meeting.Status.CANCELLED)
        .select_for_update()
        .first()
    )
    if updated is None:
        return meeting
    updated.status = Meeting.Status.CANCELLED
    updated.version += 1
    updated.sequence += 1
    updated.save(update_fields=["status", "version", "sequence", "updated_at"])
    MeetingChange.objects.create(
        meeting=updated,
        kind=MeetingChange.Kind.CANCELLED,
        changed_by=by,
        old_starts_at=updated.starts_at,
        reason=reason,
    )
    return updated


@transaction.atomic
def attendance_set(*, meeting: Meeting, user: User, status: str) -> Attendance:
    """Record one person's attendance; setting it again replaces it."""
    if status not in Attendance.Status.values:
        raise ValidationError({"status": _("Choose present, absent or excused.")})
    if not Membership.objects.filter(community=meeting.community_id, user=user).exists():
        raise ValidationError(_("Only members of the community can attend."))
    attendance, _created = Attendance.objects.update_or_create(
        meeting=meeting, user=user, defaults={"status": status}
    )
    if meeting.status == Meeting.Status.PLANNED and meeting.starts_at <= timezone.now():
        Meeting.objects.filter(pk=meeting.pk, status=Meeting.Status.PLANNED).update(
            status=Meeting.Status.HELD
        )
    return attendance


@transaction.atomic
def action_add(
    *,
    meeting: Meeting,
    description: str,
    owner: User | None,
    due_date: dt.date | None,
    client_key: uuid.UUID | None = None,
) -> AgreedAction:
    """Add an agreed action. The same form sent twice (same client_key) adds it once."""
    if earlier := made_before(AgreedAction, client_key, meeting=meeting):
        return earlier
    action = AgreedAction(
        meeting=meeting,
        description=description,
        owner=owner,
        due_date=due_date,
        client_key=client_key,
    )
    action.full_clean()
    return save_once(action, meeting=meeting)


@transaction.atomic
def action_toggle(*, action: AgreedAction) -> AgreedAction:
    action.done = not action.done
    action.save(update_fields=["done"])
    return action


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
