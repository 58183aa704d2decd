"""The board's communities in the board administration: the list (search, pages), a new
community, its structure changed, and its facilitators. Structure only: no page here shows
what a community's members write, their visits, goals, meetings or figures."""

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
from boards.forms.communities import (
    CommunityForm,
    CommunitySearchForm,
    FacilitatorForm,
    FacilitatorSearchForm,
)
from boards.selectors import communities as selectors
from boards.services import communities as services
from core.http import form_error, render_page


@require_GET
@login_required
def community_list(request: HttpRequest) -> HttpResponse:
    organisation = access.organisation_for_administrator(request.user)
    form = CommunitySearchForm(request.GET)
    search = form.cleaned_data["q"].strip() if form.is_valid() else ""
    page = selectors.community_list(organisation, search=search, page=request.GET.get("page"))
    return render_page(
        request,
        "boards/community_list.html",
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
def community_create(request: HttpRequest) -> HttpResponse:
    organisation = access.organisation_for_administrator(request.user)
    form = CommunityForm(request.POST or None, organisation=organisation)
    if request.method == "POST" and form.is_valid():
        try:
            community = services.community_create(
                organisation=organisation, by=request.user, **form.cleaned_data
            )
        except ValidationError as error:
            form_error(form, error)
        else:
            messages.success(
                request,
                _("The community %(name)s has been added. Choose its facilitators now.")
                % {"name": community.name},
            )
            return redirect("boards:community_facilitators", pk=community.pk)
    return render_page(
        request, "boards/community_form.html", {"form": form, "organisation": organisation}
    )


@require_http_methods(["GET", "POST"])
@login_required
def community_edit(request: HttpRequest, pk: int) -> HttpResponse:
    community = access.community_for_administrator(request.user, pk)
    name = community.name  # the form changes the instance before it is saved
    form = CommunityForm(
        request.POST or None, instance=community, organisation=community.organisation
    )
    if request.method == "POST" and form.is_valid():
        try:
            services.community_change(community=community, by=request.user, **form.cleaned_data)
        except ValidationError as error:
            form_error(form, error)
        else:
            messages.success(request, _("Your changes have been saved."))
            return redirect(_list_showing(community.name))
    return render_page(
        request,
        "boards/community_form.html",
        {
            "form": form,
            "organisation": community.organisation,
            "community": community,
            "name": name,
        },
    )


@require_http_methods(["GET", "POST"])
@login_required
def community_facilitators(request: HttpRequest, pk: int) -> HttpResponse:
    community = access.community_for_administrator(request.user, pk)
    search_form = FacilitatorSearchForm(request.GET)
    search = search_form.cleaned_data["q"].strip() if search_form.is_valid() else ""
    form = FacilitatorForm(
        request.POST if request.method == "POST" else None, organisation=community.organisation
    )
    if request.method == "POST" and form.is_valid():
        staff = form.cleaned_data["person"]
        adding = form.cleaned_data["action"] == FacilitatorForm.Action.ADD
        change = services.facilitator_add if adding else services.facilitator_remove
        try:
            change(community=community, staff=staff, by=request.user)
        except ValidationError as error:
            form_error(form, error)
        else:
            done = (
                _("%(name)s is now a facilitator of %(community)s.")
                if adding
                else _("%(name)s is no longer a facilitator of %(community)s, and stays a member.")
            )
            messages.success(
                request, done % {"name": staff.user.full_name, "community": community.name}
            )
            return redirect("boards:community_facilitators", pk=community.pk)
    return render_page(
        request,
        "boards/community_facilitators.html",
        {
            "organisation": community.organisation,
            "community": community,
            "form": form,
            "search_form": search_form,
            "search": search,
            **selectors.community_facilitators(community, search=search),
        },
    )


def _list_showing(name: str) -> str:
    """The list of communities, searched for the one just saved, so that it is in sight."""
    return f"{reverse('boards:communities')}?{urlencode({'q': name})}"
