from celery import shared_task

from communities import services


@shared_task(autoretry_for=(OSError,), retry_backoff=True, max_retries=5)
def send_invitation(invitation_id: int) -> None:
    services.invitation_send_mail(invitation_id=invitation_id)
