"""Cycle reports: requested once, built in the background, stored, and announced by mail.

`cycle_report_request` and `cycle_report_build` are the services; the task is the thin
wrapper a worker runs. The build is idempotent by its claim: only the worker that moves the
report from queued to building renders it, so a retry, a second delivery (acks_late) or a
double click never builds twice.
"""

import datetime as dt
import logging

from celery import shared_task
from celery.exceptions import SoftTimeLimitExceeded
from django.conf import settings
from django.core.files.base import ContentFile
from django.db import IntegrityError, transaction
from django.db.models import Q
from django.urls import reverse
from django.utils import timezone, translation

from accounts.models import User
from cycles.models import Cycle
from reports.models import Report
from reports.pdf import cycle_report_pdf

log = logging.getLogger(__name__)

SOFT_TIME_LIMIT = 120
TIME_LIMIT = 150
# A report left "building" by a worker that died is claimed again after this long (well
# past the hard time limit, so a live worker is never overtaken).
BUILD_LEASE = dt.timedelta(seconds=TIME_LIMIT * 4)
# A queued report no worker has taken within this time is given up (a new one may be asked).
QUEUE_LEASE = dt.timedelta(hours=1)
IN_PROGRESS = [Report.Status.QUEUED, Report.Status.BUILDING]


def report_language(language: str | None) -> str:
    """One of the site's languages ("nl-nl" → "nl"); the default for anything else."""
    code = (language or "").split("-")[0].lower()
    return code if code in dict(settings.LANGUAGES) else settings.LANGUAGE_CODE


def cycle_report_request(*, cycle: Cycle, by: User, language: str) -> tuple[Report, bool]:
    """Queue a cycle report in `language`, or return the one already in the making (a
    double click, or two people at once, build it once). True when a new one was queued."""
    language = report_language(language)
    existing = Report.objects.filter(cycle=cycle, language=language, status__in=IN_PROGRESS)
    # A report whose worker died (or whose message was lost) would block new ones forever.
    now = timezone.now()
    existing.filter(
        Q(status=Report.Status.BUILDING, started_at__lt=now - BUILD_LEASE)
        | Q(status=Report.Status.QUEUED, created_at__lt=now - QUEUE_LEASE)
    ).update(status=Report.Status.FAILED, error="abandoned", finished_at=now)
    report = existing.first()
    if report is not None:
        return report, False
    try:
        with transaction.atomic():
            report = Report.objects.create(
                kind=Report.Kind.CYCLE,
                cycle=cycle,
                community_id=cycle.community_id,
                requested_by=by,
                language=language,
            )
    except IntegrityError:  # the other request won the race: the constraint said no
        return existing.get(), False
    build_cycle_report.delay_on_commit(report.pk)
    return report, True


def _claim(report_id: int) -> bool:
    now = timezone.now()
    return (
        Report.objects.filter(
            Q(status=Report.Status.QUEUED)
            | Q(status=Report.Status.BUILDING, started_at__lt=now - BUILD_LEASE),
            pk=report_id,
        ).update(status=Report.Status.BUILDING, started_at=now, error="")
        == 1
    )


def cycle_report_build(*, report_id: int) -> str:
    """Render, store, mark ready and mail the requester; or mark failed with the error."""
    if not _claim(report_id):
        return "skipped"
    report = Report.objects.select_related("cycle__community", "requested_by").get(pk=report_id)
    try:
        pdf = cycle_report_pdf(report.cycle, report.language)
    except (SoftTimeLimitExceeded, Exception) as error:
        log.exception("cycle report %s failed", report_id)
        Report.objects.filter(pk=report_id, status=Report.Status.BUILDING).update(
            status=Report.Status.FAILED,
            error=f"{type(error).__name__}: {error}"[:2000],
            finished_at=timezone.now(),
        )
        return "failed"
    report.file.save(f"cycle-{report.cycle.number}.pdf", ContentFile(pdf), save=False)
    stored = Report.objects.filter(pk=report_id, status=Report.Status.BUILDING).update(
        status=Report.Status.READY,
        file=report.file.name,
        size=len(pdf),
        finished_at=timezone.now(),
    )
    if stored != 1:  # taken over after the lease ran out: the other build wins
        report.file.delete(save=False)
        return "skipped"
    if report.requested_by is not None and report.requested_by.email:
        transaction.on_commit(lambda: _mail_ready(report))
    return "ready"


def _mail_ready(report: Report) -> None:
    """Through the outbox like every mail: once per report, in the requester's language."""
    from notifications import services as mail
    from notifications.models import Kind

    with translation.override(report.language):
        page = settings.SITE_URL + reverse("reports:cycle_report", args=[report.cycle_id])
        download = settings.SITE_URL + reverse("reports:report_download", args=[report.pk])
    try:
        mail.message_queue(
            key=f"report_ready:{report.pk}",
            kind=Kind.REPORT_READY,
            template="report_ready",
            recipient=report.requested_by,
            context={
                "recipient": report.requested_by,
                "report": report,
                "cycle": report.cycle,
                "community_name": report.cycle.community.name,
                "url": page,
                "download_url": download,
            },
            language=report.language,
        )
    except Exception:  # the report is ready either way; the page shows it
        log.exception("mail for cycle report %s failed", report.pk)


@shared_task(
    acks_late=True,
    reject_on_worker_lost=True,
    soft_time_limit=SOFT_TIME_LIMIT,
    time_limit=TIME_LIMIT,
)
def build_cycle_report(report_id: int) -> str:
    return cycle_report_build(report_id=report_id)
