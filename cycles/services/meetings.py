"""Writes for meetings: changes and cancellations, attendance (and its counts), agreed actions."""

import datetime as dt
import uuid

from django.core.exceptions import ValidationError
from django.db import models, transaction
from django.db.models.functions import Coalesce
from django.utils import timezone
from django.utils.translation import gettext as _

from accounts.models import User
from communities.models import Membership
from core.errors import StaleEdit
from core.once import made_before, save_once
from cycles.models import AgreedAction, Attendance, Meeting, MeetingChange


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


def attendance_recount(meeting_ids) -> None:
    """Count the attendance of these meetings again: who was present, and how many were
    recorded. Called for every change of attendance (see cycles.signals).

    The meetings are locked first, in a statement of their own: a recount that had to wait
    for another one then counts in a fresh snapshot, with the other's rows in it (an
    UPDATE that waits sees only the other transaction's change to the row it updates)."""
    rows = Attendance.objects.filter(meeting=models.OuterRef("pk")).order_by().values("meeting")

    def counted(rows):
        return Coalesce(models.Subquery(rows.annotate(n=models.Count("pk")).values("n")), 0)

    with transaction.atomic():
        meetings = Meeting.objects.filter(pk__in=meeting_ids)
        list(meetings.select_for_update().order_by("pk").values_list("pk", flat=True))
        meetings.update(
            present_count=counted(rows.filter(status=Attendance.Status.PRESENT)),
            recorded_count=counted(rows),
        )
