"""Thin tasks of the board administration: ids in, a service does the work."""

from celery import shared_task

from boards.services import invitation_mail


@shared_task
def staff_invitation_mails(record_ids: list[int], inviter_id: int | None) -> int:
    """Queue the invitation mails of one batch of staff records in the outbox."""
    return invitation_mail.staff_invitation_mails(record_ids=record_ids, inviter_id=inviter_id)
