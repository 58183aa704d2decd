"""What reports do when a teacher withdraws what they shared (see communities.withdrawal)."""

from django.db import transaction
from django.dispatch import receiver
from django.utils import timezone

from communities.withdrawal import content_withdrawn
from reports.models import Report


@receiver(content_withdrawn, dispatch_uid="reports.withdraw_reports")
def withdraw_reports(sender, *, community_id: int, **kwargs) -> None:
    """Cycle reports with what members shared are deleted (ask for a new one); one that is
    being made is stopped, so its worker throws its file away instead of storing it."""
    reports = Report.objects.filter(community_id=community_id, with_content=True)
    ready = reports.filter(status=Report.Status.READY)
    stored = list(ready.exclude(file=""))
    ready.delete()
    reports.filter(status__in=[Report.Status.QUEUED, Report.Status.BUILDING]).update(
        status=Report.Status.FAILED, error="withdrawn", finished_at=timezone.now()
    )
    for report in stored:
        storage, name = report.file.storage, report.file.name
        transaction.on_commit(lambda storage=storage, name=name: storage.delete(name))
