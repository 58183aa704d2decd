"""The communities' pages: the list of communities, a new community, a community's page,
and editing it."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.db.models import prefetch_related_objects
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods

from communities import access as community_access
from communities import scope, selectors, services
from communities.forms import CommunityForm
from core.http import form_error, render_page
from cycles import access as cycle_access
from reports import access as report_access


@require_GET
@login_required
def community_list(request: HttpRequest) -> HttpResponse:
    return render_page(
        request,
        "communities/community_list.html",
        {
            "communities": selectors.communities_overview(request.user),
            "can_create": community_access.can_create_community(request.user),
        },
    )


@require_http_methods(["GET", "POST"])
@login_required
def community_create(request: HttpRequest) -> HttpResponse:
    if not community_access.can_create_community(request.user):
        raise PermissionDenied
    schools = list(community_access.schools_for_new_community(request.user))
    form = CommunityForm(request.POST or None, schools=schools)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            community = services.community_create(
                name=data["name"],
                focus=data["focus"],
                schools=data["schools"],
                start_date=data["start_date"],
                vision=data["vision"],
                status=data["status"],
            )
        except ValidationError as error:
            form_error(form, error)
        else:
            messages.success(request, _("The community has been created."))
            return redirect("communities:detail", pk=community.pk)
    return render_page(request, "communities/community_form.html", {"form": form})


@require_GET
@login_required
def community_detail(request: HttpRequest, pk: int) -> HttpResponse:
    community = community_access.community_for_user(request.user, pk)
    prefetch_related_objects([community], "schools")
    page = selectors.community_page(request.user, community)
    return render_page(
        request,
        "communities/community_detail.html",
        {
            "community": community,
            "page": page,
            "can_manage": community_access.can_manage_community(request.user, community),
            "can_view_dashboard": report_access.can_view_community_dashboard(
                request.user, community
            ),
            "is_member": scope.role_in(request.user, community) is not None,
            "calendar_school_ids": cycle_access.schools_with_editable_calendar(
                request.user, community
            ),
        },
    )


@require_http_methods(["GET", "POST"])
@login_required
def community_edit(request: HttpRequest, pk: int) -> HttpResponse:
    community = community_access.community_for_manager(request.user, pk)
    # Leaders choose among the schools they lead; a facilitator can't add schools (that
    # would widen their own rights), only keep the ones the community has.
    schools = {*community_access.schools_for_new_community(request.user), *community.schools.all()}
    form = CommunityForm(request.POST or None, instance=community, schools=list(schools))
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            services.community_update(
                community=community,
                schools=data.pop("schools"),
                **data,
            )
        except ValidationError as error:
            form_error(form, error)
        else:
            messages.success(request, _("Your changes have been saved."))
            return redirect("communities:detail", pk=community.pk)
    return render_page(
        request, "communities/community_form.html", {"form": form, "community": community}
    )
