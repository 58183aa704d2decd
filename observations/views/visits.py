"""Classroom visits: plan, contract conversation, observation (phone-first, saved as you go),
coaching conversation, sharing. Who may do what is asked of `observations.access`."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from communities import access as community_access
from communities.selectors import audiences
from core.http import form_error, render_page, whole_number
from observations import access as observation_access
from observations.forms.visits import (
    CoachingForm,
    ContractForm,
    ScoresForm,
    VisitEditForm,
    VisitForm,
)
from observations.models import Visit
from observations.selectors import visits as selectors
from observations.services import visits as services


@require_GET
@login_required
def my_visits(request: HttpRequest) -> HttpResponse:
    visits = selectors.visits_of(request.user)
    now = timezone.now()
    return render_page(
        request,
        "observations/visits/my_visits.html",
        {
            "upcoming": [v for v in reversed(visits) if v.starts_at >= now],
            "past": [v for v in visits if v.starts_at < now],
        },
    )


@require_GET
@login_required
def community_visits(request: HttpRequest, pk: int) -> HttpResponse:
    community = community_access.community_for_user(request.user, pk)
    return render_page(
        request,
        "observations/visits/community_visits.html",
        {
            "community": community,
            "visits": selectors.community_visits(request.user, community),
            "counts": selectors.visit_counts(community),
            "can_plan": observation_access.can_plan_visit(request.user, community),
        },
    )


@require_http_methods(["GET", "POST"])
@login_required
def visit_create(request: HttpRequest, pk: int) -> HttpResponse:
    community = community_access.community_for_user(request.user, pk)
    if not observation_access.can_plan_visit(request.user, community):
        raise PermissionDenied
    plan_any = observation_access.can_plan_any_visit(request.user, community)
    initial = {"observed": request.user.pk} if not plan_any else {}
    form = VisitForm(
        request.POST or None,
        community=community,
        user=request.user,
        plan_any=plan_any,
        initial=initial,
    )
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            visit = services.visit_plan(
                community=community,
                observed=data["observed"],
                observers=list(data["observers"]),
                instrument=data["instrument"],
                starts_at=data["starts_at"],
                group=data["group"],
                subject=data["subject"],
                community_goal=data["community_goal"],
                personal_goal=data["personal_goal"],
                client_key=data.get("client_key"),
            )
        except ValidationError as error:
            form_error(form, error)
        else:
            messages.success(request, _("The visit has been planned."))
            if not observation_access.can_view_visit(request.user, visit):
                return redirect("observations:community_visits", pk=community.pk)
            return redirect("observations:visit", pk=visit.pk)
    return render_page(
        request, "observations/visits/visit_form.html", {"form": form, "community": community}
    )


@require_GET
@login_required
def visit(request: HttpRequest, pk: int) -> HttpResponse:
    visit = observation_access.visit_for_user(request.user, pk)
    observer_ids = {o.pk for o in visit.observers.all()}
    return render_page(
        request,
        "observations/visits/visit.html",
        {
            "visit": visit,
            "community": visit.community,
            "sheet": selectors.visit_sheet(visit),
            "reflections": selectors.visit_reflections(visit, request.user),
            "takes_part": observation_access.takes_part_in_visit(request.user, visit),
            "is_observer": request.user.pk in observer_ids,
            "is_observed": request.user.pk == visit.observed_id,
            "audiences": audiences(request.user, visit.community_id)
            if request.user.pk == visit.observed_id
            else [],
            "steps": _steps(visit),
            "can_cancel": visit.status in (Visit.Status.PLANNED, Visit.Status.CONTRACTED),
            "cleared": _cleared(request, visit),
        },
    )


def _cleared(request: HttpRequest, visit: Visit) -> str:
    """The browser-side copy of the domain that was just saved by its button."""
    saved = request.GET.get("saved", "")
    if saved in ("contract", "coaching") or whole_number(saved, digits=3) is not None:
        return f"visit-{visit.pk}-{saved}"
    return ""


def _steps(visit: Visit) -> list[tuple[str, bool]]:
    order = list(Visit.Status.values)
    reached = order.index(visit.status)
    return [(label, i <= reached) for i, (_value, label) in enumerate(Visit.Status.choices)]


@require_http_methods(["GET", "POST"])
@login_required
def visit_edit(request: HttpRequest, pk: int) -> HttpResponse:
    visit = observation_access.visit_for_participant(request.user, pk)
    may_change_observers = observation_access.can_change_visit_observers(request.user, visit)
    form = VisitEditForm(
        request.POST or None, visit=visit, may_change_observers=may_change_observers
    )
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        observers = data.get("observers")
        try:
            services.visit_update(
                visit=visit,
                version=data["version"],
                by=request.user,
                starts_at=data["starts_at"],
                group=data["group"],
                subject=data["subject"],
                observers=list(observers) if observers is not None else None,
            )
        except ValidationError as error:
            form_error(form, error)
        else:
            messages.success(request, _("Your changes have been saved."))
            return redirect("observations:visit", pk=visit.pk)
    return render_page(
        request,
        "observations/visits/visit_edit.html",
        {"form": form, "visit": visit, "community": visit.community},
    )


@require_POST
@login_required
def visit_cancel(request: HttpRequest, pk: int) -> HttpResponse:
    visit = observation_access.visit_for_participant(request.user, pk)
    try:
        services.visit_cancel(visit=visit, by=request.user)
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
        return redirect("observations:visit", pk=visit.pk)
    messages.success(request, _("The visit has been cancelled."))
    return redirect("observations:community_visits", pk=visit.community_id)


@require_http_methods(["GET", "POST"])
@login_required
def visit_contract(request: HttpRequest, pk: int) -> HttpResponse:
    visit = observation_access.visit_for_participant(request.user, pk)
    form = ContractForm(request.POST or None, visit=visit)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            services.visit_record_contract(
                visit=visit,
                version=data["version"],
                focus=data["focus"],
                data_collection=data["data_collection"],
                agreements=data["agreements"],
                focus_items=list(data["focus_items"]),
            )
        except ValidationError as error:
            form_error(form, error)
        else:
            messages.success(request, _("The contract conversation has been saved."))
            return redirect(reverse("observations:visit", args=[visit.pk]) + "?saved=contract")
    return render_page(
        request,
        "observations/visits/contract.html",
        {"form": form, "visit": visit, "community": visit.community},
    )


@require_http_methods(["GET", "POST"])
@login_required
def visit_coaching(request: HttpRequest, pk: int) -> HttpResponse:
    visit = observation_access.visit_for_participant(request.user, pk)
    form = CoachingForm(request.POST or None, visit=visit)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            services.visit_record_coaching(
                visit=visit,
                version=data["version"],
                feed_up=data["feed_up"],
                feed_back=data["feed_back"],
                feed_forward=data["feed_forward"],
                coaching_agreements=data["coaching_agreements"],
            )
        except ValidationError as error:
            form_error(form, error)
        else:
            messages.success(request, _("The coaching conversation has been saved."))
            return redirect(reverse("observations:visit", args=[visit.pk]) + "?saved=coaching")
    return render_page(
        request,
        "observations/visits/coaching.html",
        {"form": form, "visit": visit, "community": visit.community},
    )


@require_POST
@login_required
def visit_share(request: HttpRequest, pk: int) -> HttpResponse:
    visit = observation_access.visit_for_participant(request.user, pk)
    if request.user.pk != visit.observed_id:
        raise PermissionDenied
    shared = request.POST.get("shared") == "1"
    services.visit_share(visit=visit, by=request.user, shared=shared)
    if shared:
        messages.success(request, _("The community can now see this visit."))
    else:
        messages.success(request, _("This visit is no longer shared with the community."))
    return redirect("observations:visit", pk=visit.pk)


# The observation form ------------------------------------------------------------------


def _domain_number(request: HttpRequest, count: int) -> int:
    raw = request.GET.get("d", "1")
    number = whole_number(raw, digits=3) or 1
    return min(max(number, 1), max(count, 1))


@require_http_methods(["GET", "POST"])
@login_required
def visit_observe(request: HttpRequest, pk: int) -> HttpResponse:
    """One domain at a time, for a phone in the classroom. Each change is saved at once
    (htmx, see `visit_score`); the buttons save the domain and move on."""
    visit = observation_access.visit_for_observer(request.user, pk)
    sheet = selectors.visit_sheet(visit)
    if not sheet:
        messages.error(request, _("This checklist has no items to fill in."))
        return redirect("observations:visit", pk=visit.pk)
    number = _domain_number(request, len(sheet))
    domain = sheet[number - 1]
    levels = selectors.scale_of(visit)
    form = ScoresForm(
        request.POST if request.method == "POST" else None, domain=domain, levels=levels
    )
    if form.is_valid():
        try:
            services.scores_save(visit=visit, entries=form.entries())
        except ValidationError as error:
            messages.error(request, " ".join(error.messages))
            return redirect("observations:visit", pk=visit.pk)
        go = request.POST.get("go", "")
        target = whole_number(go, digits=3)
        if target is not None and 1 <= target <= len(sheet):
            url = reverse("observations:visit_observe", args=[visit.pk])
            return redirect(f"{url}?d={target}&saved={number}")
        messages.success(request, _("The observation has been saved."))
        return redirect(reverse("observations:visit", args=[visit.pk]) + f"?saved={number}")
    return render_page(
        request,
        "observations/visits/observe.html",
        {
            "visit": visit,
            "community": visit.community,
            "sheet": sheet,
            "domain": domain,
            "levels": levels,
            "form": form,
            "previous": number - 1 if number > 1 else None,
            "next": number + 1 if number < len(sheet) else None,
            "cleared": _cleared(request, visit),
        },
    )


@require_POST
def visit_score(request: HttpRequest, pk: int) -> HttpResponse:
    """Autosave of one domain of the observation form. Without a session it saves nothing
    and says so: the browser keeps its copy until it can."""
    if not request.user.is_authenticated:
        return render_page(
            request, "observations/visits/save_status.html", {"expired": True}, status=401
        )
    visit = observation_access.visit_for_observer(request.user, pk)
    sheet = selectors.visit_sheet(visit)
    number = _domain_number(request, len(sheet))
    if not sheet:
        return render_page(request, "observations/visits/save_status.html", {"error": True})
    form = ScoresForm(request.POST, domain=sheet[number - 1], levels=selectors.scale_of(visit))
    if not form.is_valid():
        reasons = {message for errors in form.errors.values() for message in errors}
        return render_page(
            request,
            "observations/visits/save_status.html",
            {"error": True, "reason": " ".join(sorted(reasons))},
            status=422,
        )
    try:
        services.scores_save(visit=visit, entries=form.entries())
    except ValidationError as error:
        return render_page(
            request,
            "observations/visits/save_status.html",
            {"error": True, "reason": " ".join(error.messages)},
            status=422,
        )
    return render_page(
        request, "observations/visits/save_status.html", {"saved_at": timezone.now()}
    )
