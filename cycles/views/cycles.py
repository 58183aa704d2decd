"""The year plan of a community: its cycles, planning a new year, a cycle's topic."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods

from communities import access as community_access
from core.http import form_error, render_page
from cycles import access as cycle_access
from cycles import selectors
from cycles.forms import CycleForm, PlanForm, default_start
from cycles.models import ActivityKind
from cycles.services import cycles as cycle_services


@require_GET
@login_required
def plan(request: HttpRequest, pk: int) -> HttpResponse:
    community = community_access.community_for_user(request.user, pk)
    return render_page(
        request,
        "cycles/plan.html",
        {
            "community": community,
            "rows": selectors.plan_page(request.user, community),
            "can_plan": cycle_access.can_plan(request.user, community),
        },
    )


@require_http_methods(["GET", "POST"])
@login_required
def plan_new(request: HttpRequest, pk: int) -> HttpResponse:
    community = community_access.community_for_user(request.user, pk)
    if not cycle_access.can_plan(request.user, community):
        raise PermissionDenied
    form = PlanForm(
        request.POST or None,
        community=community,
        initial={"start": default_start(), "template": selectors.template_default()},
    )
    proposal = None
    missing: list = []
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            if request.POST.get("confirm"):
                cycle_services.plan_create(
                    community=community,
                    template=data["template"],
                    start=data["start"],
                    count=data["count"],
                )
                messages.success(request, _("The year plan has been made."))
                return redirect("cycles:plan", pk=community.pk)
            proposal = cycle_services.plan_propose(
                community=community,
                template=data["template"],
                start=data["start"],
                count=data["count"],
            )
            if not proposal.complete:
                form.add_error(
                    None, _("Not all cycles fit in the next two years; plan fewer cycles.")
                )
        except ValidationError as error:
            form_error(form, error)
            if isinstance(error, cycle_services.HolidaysMissing):
                missing = [school for school, _years in error.missing]
    return render_page(
        request,
        "cycles/plan_form.html",
        {
            "community": community,
            "form": form,
            "proposal": proposal,
            "missing_calendars": missing,
            "kinds": ActivityKind.choices,
            "replaces": community.cycles.exists(),
        },
    )


@require_http_methods(["GET", "POST"])
@login_required
def cycle_edit(request: HttpRequest, pk: int) -> HttpResponse:
    cycle = cycle_access.cycle_for_planner(request.user, pk)
    community = cycle.community
    form = CycleForm(request.POST or None, initial={"topic": cycle.topic, "version": cycle.version})
    if request.method == "POST" and form.is_valid():
        try:
            cycle_services.cycle_update(
                cycle=cycle, version=form.cleaned_data["version"], topic=form.cleaned_data["topic"]
            )
        except ValidationError as error:
            form_error(form, error)
            cycle.refresh_from_db()
        else:
            messages.success(request, _("The cycle has been saved."))
            return redirect("cycles:plan", pk=community.pk)
    return render_page(
        request, "cycles/cycle_form.html", {"form": form, "cycle": cycle, "community": community}
    )
