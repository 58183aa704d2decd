"""The cycle report pages: ask for a report, watch it being made, download it. The status
and download pages serve every kind of report (a school-year report's too)."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.http import FileResponse, Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect
from django.utils import translation
from django.utils.translation import gettext as _
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_GET, require_POST

from communities import scope
from core.http import render_page
from cycles import access as cycle_access
from reports import access as report_access
from reports.models import Report
from reports.pdf.cycle_report import report_page
from reports.services import cycle_report_request


@require_GET
@login_required
def cycle_report(request: HttpRequest, pk: int) -> HttpResponse:
    cycle = cycle_access.cycle_for_user(request.user, pk)
    return render_page(
        request,
        "reports/cycle_report.html",
        {
            "cycle": cycle,
            "community": cycle.community,
            "page": report_page(cycle, with_content=scope.is_member(request.user, cycle.community)),
            "can_request": report_access.can_request_report(request.user, cycle.community),
            "with_content": scope.is_member(request.user, cycle.community),
        },
    )


@require_POST
@login_required
def cycle_report_create(request: HttpRequest, pk: int) -> HttpResponse:
    cycle = cycle_access.cycle_for_user(request.user, pk)
    if not report_access.can_request_report(request.user, cycle.community):
        raise PermissionDenied
    report, created = cycle_report_request(
        cycle=cycle,
        by=request.user,
        language=translation.get_language(),
        with_content=scope.is_member(request.user, cycle.community),
    )
    if created:
        messages.success(
            request, _("The report is being made. You will get a mail when it is ready.")
        )
    else:
        messages.info(request, _("This report is already being made."))
    return redirect("reports:cycle_report", pk=cycle.pk)


@require_GET
@login_required
@never_cache
def report_status(request: HttpRequest, pk: int) -> HttpResponse:
    report = report_access.report_for_user(request.user, pk)
    return render_page(
        request,
        "reports/report_status.html",
        {
            "report": report,
            "cycle": report.cycle,
            "community": report.cycle.community if report.cycle else None,
            "school": report.school,
        },
        partial="status",
    )


@require_GET
@login_required
def report_download(request: HttpRequest, pk: int) -> FileResponse:
    report = report_access.report_for_user(request.user, pk)
    if report.status != Report.Status.READY or not report.file:
        raise Http404
    try:
        handle = report.file.open("rb")
    except FileNotFoundError:
        raise Http404 from None
    response = FileResponse(
        handle, as_attachment=True, filename=report.filename, content_type="application/pdf"
    )
    response["Cache-Control"] = "no-store"
    response["X-Content-Type-Options"] = "nosniff"
    return response
