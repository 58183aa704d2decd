"""A person who left the board: the page that says what marking them as left changes, and
taking a leaver back."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods, require_POST

from boards import access
from boards.forms.leavers import LeaveForm
from boards.services import leavers as services
from core.http import form_error, render_page


@require_http_methods(["GET", "POST"])
@login_required
def person_leave(request: HttpRequest, pk: int) -> HttpResponse:
    record = access.staff_record_for_administrator(request.user, pk)
    form = LeaveForm(request.POST if request.method == "POST" else None)
    if request.method == "POST" and form.is_valid():
        try:
            services.staff_leave(record=record, by=request.user)
        except ValidationError as error:
            form_error(form, error)
        else:
            messages.success(
                request, _("%(name)s has been marked as left.") % {"name": record.user}
            )
            return redirect("boards:person_leave", pk=record.pk)
    return render_page(
        request,
        "boards/person_leave.html",
        {
            "record": record,
            "organisation": record.organisation,
            "form": form,
            "leaving": None if record.left_at else services.leaving_preview(record),
        },
    )


@require_POST
@login_required
def person_return(request: HttpRequest, pk: int) -> HttpResponse:
    record = access.staff_record_for_administrator(request.user, pk)
    services.staff_return(record=record, by=request.user)
    messages.success(request, _("%(name)s can sign in again.") % {"name": record.user})
    return redirect("boards:person_leave", pk=record.pk)
