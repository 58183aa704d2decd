"""Goals: a community's goals and a member's own goals, with their progress updates."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from communities import access as community_access
from communities import scope, selectors, services
from communities.forms import CommunityGoalForm, PersonalGoalForm, ProgressForm, VisibilityForm
from communities.models import CommunityGoal, PersonalGoal
from core.http import form_error, render_page


@require_http_methods(["GET", "POST"])
@login_required
def goal_create(request: HttpRequest, pk: int) -> HttpResponse:
    community = community_access.community_for_manager(request.user, pk)
    form = CommunityGoalForm(request.POST or None, community=community)
    if request.method == "POST" and form.is_valid():
        try:
            goal = services.community_goal_create(community=community, **form.cleaned_data)
        except ValidationError as error:
            form_error(form, error)
        else:
            messages.success(request, _("The goal has been added."))
            return redirect("communities:goal", pk=goal.pk)
    return render_page(
        request, "communities/goal_form.html", {"form": form, "community": community}
    )


@require_GET
@login_required
def goal_detail(request: HttpRequest, pk: int) -> HttpResponse:
    goal = community_access.community_goal_for_user(request.user, pk)
    can_edit = community_access.can_edit_community_goal(request.user, goal)
    return render_page(
        request,
        "communities/goal_detail.html",
        {
            "goal": goal,
            "community": goal.community,
            "updates": selectors.goal_updates(goal),
            "can_edit": can_edit,
            "is_member": scope.role_in(request.user, goal.community) is not None,
            "progress_form": ProgressForm() if can_edit else None,
            "progress_url": goal_progress_url(goal),
        },
    )


def goal_progress_url(goal: CommunityGoal | PersonalGoal) -> str:
    if isinstance(goal, CommunityGoal):
        return reverse("communities:goal_progress", kwargs={"pk": goal.pk})
    return reverse("communities:my_goal_progress", kwargs={"pk": goal.pk})


@require_http_methods(["GET", "POST"])
@login_required
def goal_edit(request: HttpRequest, pk: int) -> HttpResponse:
    goal = community_access.community_goal_for_editor(request.user, pk)
    form = CommunityGoalForm(request.POST or None, instance=goal, community=goal.community)
    if request.method == "POST" and form.is_valid():
        try:
            services.community_goal_update(goal=goal, **form.cleaned_data)
        except ValidationError as error:
            form_error(form, error)
        else:
            messages.success(request, _("Your changes have been saved."))
            return redirect("communities:goal", pk=goal.pk)
    return render_page(
        request,
        "communities/goal_form.html",
        {"form": form, "community": goal.community, "goal": goal},
    )


def _progress(request: HttpRequest, goal, template: str, detail_url: str) -> HttpResponse:
    form = ProgressForm(request.POST)
    if form.is_valid():
        try:
            services.goal_progress_add(goal=goal, author=request.user, **form.cleaned_data)
        except ValidationError as error:
            form_error(form, error)
        else:
            messages.success(request, _("The progress has been recorded."))
            if not request.htmx:
                return redirect(detail_url, pk=goal.pk)
            form = ProgressForm()
    context = {
        "goal": goal,
        "community": goal.community,
        "updates": selectors.goal_updates(goal),
        "can_edit": True,
        "progress_form": form,
        "progress_url": goal_progress_url(goal),
    }
    status = 422 if form.errors and request.htmx else 200
    return render_page(request, template, context, partial="progress", status=status)


@require_POST
@login_required
def goal_progress(request: HttpRequest, pk: int) -> HttpResponse:
    goal = community_access.community_goal_for_editor(request.user, pk)
    return _progress(request, goal, "communities/goal_detail.html", "communities:goal")


# Personal goals ------------------------------------------------------------


@require_GET
@login_required
def my_goal_list(request: HttpRequest) -> HttpResponse:
    return render_page(
        request,
        "communities/my_goal_list.html",
        {"goals": selectors.personal_goals_of(request.user)},
    )


@require_http_methods(["GET", "POST"])
@login_required
def my_goal_create(request: HttpRequest) -> HttpResponse:
    form = PersonalGoalForm(
        request.POST or None,
        owner=request.user,
        initial={"community": request.GET.get("community")},
    )
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            goal = services.personal_goal_create(
                owner=request.user, community=data.pop("community"), **data
            )
        except ValidationError as error:
            form_error(form, error)
        else:
            messages.success(request, _("Your goal has been added."))
            return redirect("communities:my_goal", pk=goal.pk)
    return render_page(
        request,
        "communities/my_goal_form.html",
        {"form": form, "audiences": selectors.audiences(request.user)},
    )


@require_GET
@login_required
def my_goal_detail(request: HttpRequest, pk: int) -> HttpResponse:
    goal = community_access.personal_goal_for_user(request.user, pk)
    is_owner = goal.owner_id == request.user.pk
    return render_page(
        request,
        "communities/my_goal_detail.html",
        {
            "goal": goal,
            "community": goal.community,
            "updates": selectors.goal_updates(goal),
            "can_edit": is_owner,
            "progress_form": ProgressForm() if is_owner else None,
            "progress_url": goal_progress_url(goal),
            "visibility_form": VisibilityForm(initial={"visibility": goal.visibility}),
            "audiences": selectors.audiences(request.user, goal.community_id) if is_owner else [],
        },
    )


@require_http_methods(["GET", "POST"])
@login_required
def my_goal_edit(request: HttpRequest, pk: int) -> HttpResponse:
    goal = community_access.personal_goal_for_owner(request.user, pk)
    form = PersonalGoalForm(request.POST or None, instance=goal, owner=request.user)
    if request.method == "POST" and form.is_valid():
        try:
            services.personal_goal_update(goal=goal, **form.cleaned_data)
        except ValidationError as error:
            form_error(form, error)
        else:
            messages.success(request, _("Your changes have been saved."))
            return redirect("communities:my_goal", pk=goal.pk)
    return render_page(
        request,
        "communities/my_goal_form.html",
        {"form": form, "goal": goal, "audiences": selectors.audiences(request.user)},
    )


@require_POST
@login_required
def my_goal_visibility(request: HttpRequest, pk: int) -> HttpResponse:
    goal = community_access.personal_goal_for_owner(request.user, pk)
    form = VisibilityForm(request.POST)
    if form.is_valid():
        services.personal_goal_update(goal=goal, visibility=form.cleaned_data["visibility"])
        messages.success(request, _("Who can see this goal has been changed."))
    else:
        messages.error(request, _("Choose who can see this goal."))
    return redirect("communities:my_goal", pk=goal.pk)


@require_POST
@login_required
def my_goal_delete(request: HttpRequest, pk: int) -> HttpResponse:
    goal = community_access.personal_goal_for_owner(request.user, pk)
    services.personal_goal_delete(goal=goal)
    messages.success(request, _("Your goal has been deleted."))
    return redirect("communities:my_goals")


@require_POST
@login_required
def my_goal_progress(request: HttpRequest, pk: int) -> HttpResponse:
    goal = community_access.personal_goal_for_owner(request.user, pk)
    return _progress(request, goal, "communities/my_goal_detail.html", "communities:my_goal")
