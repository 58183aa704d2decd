"""Keep each meeting's attendance counts right, however attendance changes: the service, the
admin, or a person's account being erased (a cascade sends post_delete for every row)."""

from django.db.models.signals import post_delete, post_save
from django.dispatch import receiver

from cycles.models import Attendance, attendance_recount


@receiver(post_save, sender=Attendance, dispatch_uid="attendance_saved_recount")
def attendance_saved(sender, instance: Attendance, **kwargs) -> None:
    attendance_recount([instance.meeting_id])


@receiver(post_delete, sender=Attendance, dispatch_uid="attendance_deleted_recount")
def attendance_deleted(sender, instance: Attendance, **kwargs) -> None:
    attendance_recount([instance.meeting_id])
