"""The board's schools in the board administration: the list (search, pages), a new
school, and a school's details changed."""

from urllib.parse import urlencode

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods

from boards import access
from boards.forms.schools import SchoolForm, SchoolSearchForm
from boards.selectors import schools as selectors
from boards.services import schools as services
from core.http import form_error, render_page


@require_GET
@login_required
def school_list(request: HttpRequest) -> HttpResponse:
    organisation = access.organisation_for_administrator(request.user)
    form = SchoolSearchForm(request.GET)
    search = form.cleaned_data["q"].strip() if form.is_valid() else ""
    page = selectors.school_list(organisation, search=search, page=request.GET.get("page"))
    return render_page(
        request,
        "boards/school_list.html",
        {
            "organisation": organisation,
            "form": form,
            "search": search,
            "page": page,
            "query": urlencode({"q": search}) if search else "",
        },
    )


@require_http_methods(["GET", "POST"])
@login_required
def school_create(request: HttpRequest) -> HttpResponse:
    organisation = access.organisation_for_administrator(request.user)
    form = SchoolForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            school = services.school_create(
                organisation=organisation, by=request.user, **form.cleaned_data
            )
        except ValidationError as error:
            form_error(form, error)
        else:
            messages.success(
                request, _("The school %(name)s has been added.") % {"name": school.name}
            )
            return redirect(_list_showing(school.name))
    return render_page(
        request, "boards/school_form.html", {"form": form, "organisation": organisation}
    )


@require_http_methods(["GET", "POST"])
@login_required
def school_edit(request: HttpRequest, pk: int) -> HttpResponse:
    school = access.school_for_administrator(request.user, pk)
    name = school.name  # the form changes the instance before it is saved
    form = SchoolForm(request.POST or None, instance=school)
    if request.method == "POST" and form.is_valid():
        try:
            services.school_update(school=school, by=request.user, **form.cleaned_data)
        except ValidationError as error:
            form_error(form, error)
        else:
            messages.success(request, _("Your changes have been saved."))
            return redirect(_list_showing(school.name))
    return render_page(
        request,
        "boards/school_form.html",
        {"form": form, "organisation": school.organisation, "school": school, "name": name},
    )


def _list_showing(name: str) -> str:
    """The list of schools, searched for the school just saved, so that it is in sight."""
    return f"{reverse('boards:schools')}?{urlencode({'q': name})}"
