"""The staff import in the board administration: the file uploaded, its columns chosen when
a header isn't recognised, the preview (new, changed, unchanged, leavers, every problem with
its line and column), the commit, and invitations for the new people."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect
from django.utils.translation import gettext as _
from django.utils.translation import ngettext
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from boards import access, staff_file
from boards.forms.imports import ColumnsForm, LeaversForm, StaffFileForm
from boards.models import StaffImport
from boards.selectors import imports as selectors
from boards.selectors import invitations as invitation_selectors
from boards.services import imports as services
from boards.services import invitations as invitation_services
from core.http import form_error, render_page


@require_http_methods(["GET", "POST"])
@login_required
def import_upload(request: HttpRequest) -> HttpResponse:
    organisation = access.organisation_for_administrator(request.user)
    form = StaffFileForm(request.POST or None, request.FILES or None)
    if request.method == "POST" and form.is_valid():
        try:
            staff_import = services.staff_import_create(
                organisation=organisation, by=request.user, **form.cleaned_data
            )
        except ValidationError as error:
            form_error(form, error)
        else:
            if staff_file.missing(staff_import.mapping):
                return redirect("boards:import_columns", pk=staff_import.pk)
            return redirect("boards:import_preview", pk=staff_import.pk)
    return render_page(
        request,
        "boards/import_upload.html",
        {
            "organisation": organisation,
            "form": form,
            "imports": selectors.recent_imports(organisation.pk),
        },
    )


@require_http_methods(["GET", "POST"])
@login_required
def import_columns(request: HttpRequest, pk: int) -> HttpResponse:
    staff_import = access.staff_import_for_administrator(request.user, pk)
    if staff_import.status != StaffImport.Status.PREVIEW:
        return redirect("boards:import_preview", pk=staff_import.pk)
    form = ColumnsForm(
        request.POST or None,
        header=staff_import.header,
        rows=staff_import.rows,
        mapping=staff_import.mapping,
    )
    if request.method == "POST" and form.is_valid():
        try:
            services.staff_import_map(
                staff_import=staff_import, by=request.user, mapping=form.mapping()
            )
        except ValidationError as error:
            form_error(form, error)
        else:
            return redirect("boards:import_preview", pk=staff_import.pk)
    return render_page(
        request,
        "boards/import_columns.html",
        {
            "organisation": staff_import.organisation,
            "staff_import": staff_import,
            "form": form,
            "missing": staff_file.missing(staff_import.mapping),
        },
    )


@require_GET
@login_required
def import_preview(request: HttpRequest, pk: int) -> HttpResponse:
    staff_import = access.staff_import_for_administrator(request.user, pk)
    if staff_import.status == StaffImport.Status.PREVIEW and staff_file.missing(
        staff_import.mapping
    ):
        return redirect("boards:import_columns", pk=staff_import.pk)
    committed = staff_import.status == StaffImport.Status.COMMITTED
    return render_page(
        request,
        "boards/import_preview.html",
        {
            "organisation": staff_import.organisation,
            "staff_import": staff_import,
            "committed": committed,
            "plan": None if committed else selectors.import_plan(staff_import, by=request.user),
            "uninvited": (invitation_selectors.uninvited_count(staff_import) if committed else 0),
        },
    )


@require_POST
@login_required
def import_leavers(request: HttpRequest, pk: int) -> HttpResponse:
    staff_import = access.staff_import_for_administrator(request.user, pk)
    form = LeaversForm(request.POST)
    if form.is_valid():
        try:
            services.staff_import_set_leavers(
                staff_import=staff_import, by=request.user, leavers=form.cleaned_data["leavers"]
            )
        except ValidationError as error:
            messages.error(request, " ".join(error.messages))
    return redirect("boards:import_preview", pk=staff_import.pk)


@require_POST
@login_required
def import_commit(request: HttpRequest, pk: int) -> HttpResponse:
    staff_import = access.staff_import_for_administrator(request.user, pk)
    was_committed = staff_import.status == StaffImport.Status.COMMITTED
    try:
        staff_import = services.staff_import_commit(staff_import=staff_import, by=request.user)
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
    else:
        if not was_committed:
            result = staff_import.result
            messages.success(
                request,
                _("The file has been imported: %(new)s new, %(changed)s changed, %(left)s left.")
                % {
                    "new": len(result.get("created", [])),
                    "changed": result.get("changed", 0),
                    "left": result.get("left", 0),
                },
            )
    return redirect("boards:import_preview", pk=staff_import.pk)


@require_POST
@login_required
def import_invite(request: HttpRequest, pk: int) -> HttpResponse:
    staff_import = access.staff_import_for_administrator(request.user, pk)
    try:
        invited = invitation_services.staff_invite_imported(
            staff_import=staff_import, by=request.user
        )
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
        return redirect("boards:import_preview", pk=staff_import.pk)
    messages.success(
        request,
        ngettext(
            "%(count)s person has been invited.",
            "%(count)s people have been invited.",
            invited,
        )
        % {"count": invited},
    )
    return redirect("boards:invitations")
