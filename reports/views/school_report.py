"""The school-year report pages: choose a school year, ask for its report, watch it being
made. A single report's status and download are the shared pages of
`reports.views.cycle_report`."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect
from django.urls import reverse
from django.utils import timezone, translation
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_POST

from core.http import render_page
from cycles.calendar import school_year_of
from reports import access as report_access
from reports.forms import PeriodFilter, filter_by_year
from reports.pdf.school_report import report_years, school_report_page
from reports.services import school_report_request


def _page_url(pk: int, year: int) -> str:
    return f"{reverse('reports:school_report', args=[pk])}?year={year}"


@require_GET
@login_required
def school_report(request: HttpRequest, pk: int) -> HttpResponse:
    school = report_access.school_for_report(request.user, pk)
    today = timezone.localdate()
    years = report_years(school, today)
    form, year = filter_by_year(request.GET, years=years, today=today)
    return render_page(
        request,
        "reports/school_report.html",
        {
            "school": school,
            "year": year,
            "form": form,
            "page": school_report_page(school, year=year, years=years),
            "can_request": report_access.can_request_school_report(request.user, school),
        },
    )


# Signed in first: someone signed out is sent to log in, whatever the method.
@login_required
@require_POST
def school_report_create(request: HttpRequest, pk: int) -> HttpResponse:
    school = report_access.school_for_report(request.user, pk)
    if not report_access.can_request_school_report(request.user, school):
        raise PermissionDenied
    today = timezone.localdate()
    years = report_years(school, today)
    form = PeriodFilter({"year": request.POST.get("year")}, years=years)
    if not form.is_valid():
        messages.error(
            request,
            _("There is no such school year for this school. Choose one from the list."),
        )
        return redirect(_page_url(school.pk, school_year_of(today)))
    year = form.cleaned_data["year"]
    try:
        _report, created = school_report_request(
            school=school, year=year, by=request.user, language=translation.get_language()
        )
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
        return redirect(_page_url(school.pk, school_year_of(today)))
    if created:
        messages.success(
            request, _("The report is being made. You will get a mail when it is ready.")
        )
    else:
        messages.info(request, _("This report is already being made."))
    return redirect(_page_url(school.pk, year))
