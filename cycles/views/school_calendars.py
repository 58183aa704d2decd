"""A school's calendar: its holidays and study days, added one by one, pasted as a list, or
filled in from the official holidays of its region."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect
from django.utils.translation import gettext as _
from django.utils.translation import ngettext
from django.views.decorators.http import require_http_methods, require_POST

from core.http import form_error, render_page
from cycles import access as cycle_access
from cycles import selectors
from cycles.forms import HolidayForm, HolidayImportForm
from cycles.models import SchoolHoliday
from cycles.services import school_calendars as calendar_services


def _calendar_context(school, **forms) -> dict:
    return {
        "school": school,
        "form": forms.get("form") or HolidayForm(),
        "import_form": forms.get("import_form") or HolidayImportForm(),
        **selectors.school_calendar(school),
    }


@require_http_methods(["GET", "POST"])
@login_required
def school_calendar(request: HttpRequest, pk: int) -> HttpResponse:
    school = cycle_access.school_for_calendar_editor(request.user, pk)
    form = HolidayForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            calendar_services.holiday_add(school=school, **form.cleaned_data)
        except ValidationError as error:
            form_error(form, error)
        else:
            messages.success(request, _("The day off has been added."))
            return redirect("cycles:school_calendar", pk=school.pk)
    return render_page(request, "cycles/school_calendar.html", _calendar_context(school, form=form))


@require_POST
@login_required
def school_calendar_import(request: HttpRequest, pk: int) -> HttpResponse:
    school = cycle_access.school_for_calendar_editor(request.user, pk)
    form = HolidayImportForm(request.POST)
    if form.is_valid():
        try:
            added, skipped = calendar_services.holidays_import(
                school=school, text=form.cleaned_data["lines"]
            )
        except ValidationError as error:
            form.add_error("lines", error)
        else:
            messages.success(
                request,
                _("%(added)s added, %(skipped)s already in the calendar.")
                % {"added": added, "skipped": skipped},
            )
            return redirect("cycles:school_calendar", pk=school.pk)
    return render_page(
        request, "cycles/school_calendar.html", _calendar_context(school, import_form=form)
    )


@require_POST
@login_required
def school_calendar_fill(request: HttpRequest, pk: int) -> HttpResponse:
    school = cycle_access.school_for_calendar_editor(request.user, pk)
    added = calendar_services.school_holidays_fill(school)
    if added:
        messages.success(
            request,
            ngettext(
                "%(count)s holiday of region %(region)s has been added.",
                "%(count)s holidays of region %(region)s have been added.",
                added,
            )
            % {"count": added, "region": school.get_region_display()},
        )
    else:
        messages.info(
            request,
            _(
                "Nothing to add: the calendar has holidays in this school year and every later "
                "one published so far. Holidays you changed or removed stay as you left them."
            ),
        )
    return redirect("cycles:school_calendar", pk=school.pk)


@require_POST
@login_required
def holiday_delete(request: HttpRequest, pk: int) -> HttpResponse:
    holiday = get_object_or_404(SchoolHoliday.objects.select_related("school"), pk=pk)
    school = cycle_access.school_for_calendar_editor(request.user, holiday.school_id)
    calendar_services.holiday_delete(holiday=holiday)
    messages.success(request, _("%(name)s has been removed.") % {"name": holiday.name})
    return redirect("cycles:school_calendar", pk=school.pk)
