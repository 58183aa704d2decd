"""Thin tasks: ids in, the outbox does the work. Due mail is found by scanning the database
(`send_due`, run by beat every minute), never by a long countdown."""

from celery import shared_task

from notifications import outbox


@shared_task
def send_due() -> dict[str, int]:
    return outbox.send_due()


@shared_task(bind=True, acks_late=True, reject_on_worker_lost=True, max_retries=None)
def send_message(self, message_id: int) -> str:
    """Idempotent by the outbox claim, so it may run again after a lost worker (acks_late).
    A failed send is recorded with its next attempt time and retried then."""
    try:
        return outbox.message_send(message_id)
    except Exception as error:
        if self.request.is_eager:
            return "failed"  # in-process: the next scan tries again at the recorded time
        delay = outbox.backoff(max(self.request.retries + 1, 1)).total_seconds()
        raise self.retry(exc=error, countdown=delay) from error
