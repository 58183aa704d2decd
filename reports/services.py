"""Reports (a community's cycle report, a school's school-year report): requested once,
built in the background (`reports.tasks`), stored, and announced by mail.

The build is idempotent by its claim: only the worker that moves the report from queued to
building renders it, so a retry, a second delivery (acks_late) or a double click never
builds twice.
"""

import datetime as dt
import logging

from celery.exceptions import SoftTimeLimitExceeded
from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.files.base import ContentFile
from django.db import IntegrityError, transaction
from django.db.models import Q, QuerySet
from django.urls import reverse
from django.utils import timezone, translation
from django.utils.translation import gettext as _

from accounts.models import User
from communities.models import School
from cycles.models import Cycle
from notifications import outbox as mail
from notifications.models import Kind
from reports.models import Report
from reports.pdf.cycle_report import cycle_report_pdf
from reports.pdf.school_report import school_report_pdf

log = logging.getLogger(__name__)

# The build's time limits (the tasks' soft and hard limits), in seconds.
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


def cycle_report_request(
    *, cycle: Cycle, by: User, language: str, with_content: bool
) -> tuple[Report, bool]:
    """Queue a cycle report in `language`, or return the one already in the making (a
    double click, or two people at once, build it once). True when a new one was queued.
    `with_content`: with what members shared (for members), or figures only (leaders)."""
    language = report_language(language)
    return _queue(
        Report.objects.filter(
            cycle=cycle, language=language, with_content=with_content, status__in=IN_PROGRESS
        ),
        kind=Report.Kind.CYCLE,
        cycle=cycle,
        community_id=cycle.community_id,
        requested_by=by,
        language=language,
        with_content=with_content,
    )


# School years a report can be asked for: well before the app existed up to well after now.
FIRST_YEAR, LAST_YEAR = 2000, 2100


def school_report_request(
    *, school: School, year: int, by: User, language: str
) -> tuple[Report, bool]:
    """Queue the school-year report of `school` for the school year starting in `year`, or
    return the one already in the making for that year and language. True when queued."""
    if not FIRST_YEAR <= year <= LAST_YEAR:
        raise ValidationError(_("Choose a school year."), code="year")
    language = report_language(language)
    return _queue(
        Report.objects.filter(school=school, year=year, language=language, status__in=IN_PROGRESS),
        kind=Report.Kind.SCHOOL_YEAR,
        school=school,
        year=year,
        requested_by=by,
        language=language,
    )


def _queue(existing: QuerySet[Report], **fields) -> tuple[Report, bool]:
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
            report = Report.objects.create(**fields)
    except IntegrityError:  # the other request won the race: the constraint said no
        return existing.get(), False
    _enqueue(report)
    return report, True


def _enqueue(report: Report) -> None:
    """Build it in the background once the request's transaction commits."""
    # Imported here: the tasks call this module's services (the one circle allowed).
    from reports import tasks

    if report.kind == Report.Kind.SCHOOL_YEAR:
        tasks.build_school_report.delay_on_commit(report.pk)
    else:
        tasks.build_cycle_report.delay_on_commit(report.pk)


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


def _render(report: Report) -> tuple[bytes, str]:
    """The report's PDF and the name it is stored under (ours; see `report_upload_to`)."""
    if report.kind == Report.Kind.SCHOOL_YEAR:
        asked = str(report.requested_by) if report.requested_by else ""
        pdf = school_report_pdf(report.school, report.year, report.language, requested_by=asked)
        return pdf, f"school-{report.school_id}-{report.year}.pdf"
    pdf = cycle_report_pdf(report.cycle, report.language, with_content=report.with_content)
    return pdf, f"cycle-{report.cycle.number}.pdf"


def report_build(*, report_id: int) -> str:
    """Render, store, mark ready and mail the requester; or mark failed with the error."""
    if not _claim(report_id):
        return "skipped"
    report = Report.objects.select_related(
        "cycle__community", "school__organisation", "requested_by"
    ).get(pk=report_id)
    try:
        pdf, name = _render(report)
    except (SoftTimeLimitExceeded, Exception) as error:
        log.exception("%s %s failed", report.kind, report_id)
        Report.objects.filter(pk=report_id, status=Report.Status.BUILDING).update(
            status=Report.Status.FAILED,
            error=f"{type(error).__name__}: {error}"[:2000],
            finished_at=timezone.now(),
        )
        return "failed"
    report.file.save(name, ContentFile(pdf), save=False)
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


def report_page_url(report: Report) -> str:
    """The page that lists the report with the others of its cycle or school year."""
    if report.kind == Report.Kind.SCHOOL_YEAR:
        return reverse("reports:school_report", args=[report.school_id]) + f"?year={report.year}"
    return reverse("reports:cycle_report", args=[report.cycle_id])


def _mail_ready(report: Report) -> None:
    """Through the outbox like every mail: once per report, in the requester's language."""
    with translation.override(report.language):
        page = settings.SITE_URL + report_page_url(report)
        download = settings.SITE_URL + reverse("reports:report_download", args=[report.pk])
    if report.kind == Report.Kind.SCHOOL_YEAR:
        about = {"school_name": report.school.name, "year": report.year}
    else:
        about = {"cycle": report.cycle, "community_name": report.cycle.community.name}
    try:
        mail.message_queue(
            key=f"report_ready:{report.pk}",
            kind=Kind.REPORT_READY,
            template="report_ready",
            recipient=report.requested_by,
            context={
                "recipient": report.requested_by,
                "report": report,
                **about,
                "url": page,
                "download_url": download,
            },
            language=report.language,
        )
    except Exception:  # the report is ready either way; the page shows it
        log.exception("mail for report %s failed", report.pk)
