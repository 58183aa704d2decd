"""The board's people in the board administration: the staff list (search, current or
left, pages), a new person, and a person's details changed."""

from urllib.parse import urlencode

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect
from django.urls import reverse
from django.utils.html import format_html
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods

from boards import access
from boards.forms.people import NewPersonForm, PersonForm, PersonSearchForm
from boards.selectors import people as selectors
from boards.selectors.people import StaffStatus
from boards.services import people as services
from core.http import form_error, render_page


@require_GET
@login_required
def people_list(request: HttpRequest) -> HttpResponse:
    organisation = access.organisation_for_administrator(request.user)
    form = PersonSearchForm(request.GET)
    valid = form.is_valid()
    search = form.cleaned_data["q"].strip() if valid else ""
    status = (form.cleaned_data["status"] if valid else "") or StaffStatus.CURRENT
    page = selectors.people_list(
        organisation, search=search, status=status, page=request.GET.get("page")
    )
    params = {key: value for key, value in (("q", search), ("status", status)) if value}
    if status == StaffStatus.CURRENT:
        params.pop("status")
    return render_page(
        request,
        "boards/people_list.html",
        {
            "organisation": organisation,
            "form": form,
            "search": search,
            "status": status,
            "filtered": bool(params),
            "page": page,
            "query": urlencode(params),
        },
    )


@require_http_methods(["GET", "POST"])
@login_required
def person_create(request: HttpRequest) -> HttpResponse:
    organisation = access.organisation_for_administrator(request.user)
    form = NewPersonForm(request.POST or None, organisation=organisation)
    if request.method == "POST" and form.is_valid():
        try:
            staff = services.person_create(
                organisation=organisation, by=request.user, **form.cleaned_data
            )
        except ValidationError as error:
            _show_error(form, error)
        else:
            messages.success(
                request, _("%(name)s has been added.") % {"name": staff.user.full_name}
            )
            return redirect(_list_showing(staff.user.email))
    return render_page(
        request, "boards/person_form.html", {"form": form, "organisation": organisation}
    )


@require_http_methods(["GET", "POST"])
@login_required
def person_edit(request: HttpRequest, pk: int) -> HttpResponse:
    staff = access.staff_record_for_administrator(request.user, pk)
    name = staff.user.full_name  # the name as it was, for the heading
    initial = {
        "full_name": staff.user.full_name,
        "email": staff.user.email,
        "function": staff.function,
        "schools": list(staff.schools.all()),
    }
    form = PersonForm(request.POST or None, initial=initial, organisation=staff.organisation)
    if request.method == "POST" and form.is_valid():
        try:
            services.person_update(staff=staff, by=request.user, **form.cleaned_data)
        except ValidationError as error:
            _show_error(form, error)
        else:
            messages.success(request, _("Your changes have been saved."))
            return redirect(_list_showing(staff.user.email))
    return render_page(
        request,
        "boards/person_form.html",
        {"form": form, "organisation": staff.organisation, "staff": staff, "name": name},
    )


def _show_error(form: PersonForm, error: ValidationError) -> None:
    """The service's errors at their fields; someone already on the list is linked to."""
    errors = dict(getattr(error, "error_dict", {}))
    for item in errors.get("email", []):
        if item.code == services.ON_THIS_BOARD:
            errors["email"] = [
                format_html(
                    '{} <a href="{}">{}</a>',
                    item.message % item.params,
                    reverse("boards:person_edit", args=[item.params["pk"]]),
                    _("Go to %(name)s") % {"name": item.params["name"]},
                )
            ]
            error = ValidationError(errors)
    form_error(form, error)


def _list_showing(email: str) -> str:
    """The staff list, searched for the person just saved, so that they are in sight."""
    return f"{reverse('boards:people')}?{urlencode({'q': email, 'status': StaffStatus.ALL})}"
