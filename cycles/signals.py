"""Keep each meeting's attendance counts right, however attendance changes: the service, the
admin, or a person's account being erased (a cascade sends post_delete for every row); and
give a new school the official holidays of its region, however it is made."""

from django.db.models import QuerySet
from django.db.models.signals import post_delete, post_save
from django.dispatch import receiver

from communities.models import Community, School
from cycles.models import Attendance, Meeting
from cycles.services.meetings import attendance_recount
from cycles.services.school_calendars import school_holidays_fill


@receiver(post_save, sender=Attendance, dispatch_uid="attendance_saved_recount")
def attendance_saved(sender, instance: Attendance, **kwargs) -> None:
    attendance_recount([instance.meeting_id])


@receiver(post_delete, sender=Attendance, dispatch_uid="attendance_deleted_recount")
def attendance_deleted(sender, instance: Attendance, origin=None, **kwargs) -> None:
    # When the meeting goes too (it, or its community, is being deleted) there is nothing
    # left to count: skip one UPDATE per attendance row.
    deleted = origin.model if isinstance(origin, QuerySet) else type(origin)
    if deleted in (Meeting, Community):
        return
    attendance_recount([instance.meeting_id])


@receiver(post_save, sender=School, dispatch_uid="school_created_fill_holidays")
def school_created(sender, instance: School, created: bool, raw: bool = False, **kwargs) -> None:
    # Not for fixtures being loaded (raw): they bring their own rows.
    if created and not raw:
        school_holidays_fill(instance)
