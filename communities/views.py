from django.conf import settings
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.db.models import prefetch_related_objects
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from accounts.models import User
from communities import access as community_access
from communities import scope, selectors, services
from communities.forms import (
    CommunityForm,
    CommunityGoalForm,
    InvitationForm,
    PersonalGoalForm,
    ProgressForm,
    RoleForm,
    VisibilityForm,
)
from communities.models import CommunityGoal, Invitation, Membership, PersonalGoal, ReaderNotice
from core.http import form_error, render_page
from cycles import access as cycle_access
from reports import access as report_access

# Communities ---------------------------------------------------------------


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


# Members -------------------------------------------------------------------


def _members_context(request: HttpRequest, community, invite_form=None) -> dict:
    memberships, invitations = selectors.members_page(community)
    return {
        "community": community,
        "memberships": memberships,
        "invitations": invitations,
        "invite_form": invite_form or InvitationForm(),
        "roles": Membership.Role.choices,
        "invitation_days": settings.INVITATION_VALID_DAYS,
    }


@require_GET
@login_required
def member_list(request: HttpRequest, pk: int) -> HttpResponse:
    community = community_access.community_for_manager(request.user, pk)
    return render_page(request, "communities/members.html", _members_context(request, community))


@require_POST
@login_required
def member_invite(request: HttpRequest, pk: int) -> HttpResponse:
    community = community_access.community_for_manager(request.user, pk)
    form = InvitationForm(request.POST)
    if form.is_valid():
        try:
            invitation = services.invitation_create(
                community=community,
                email=form.cleaned_data["email"],
                role=form.cleaned_data["role"],
                invited_by=request.user,
            )
        except ValidationError as error:
            form_error(form, error)
        else:
            messages.success(
                request,
                _("An invitation has been sent to %(email)s.") % {"email": invitation.email},
            )
            if request.htmx:
                return render_page(
                    request,
                    "communities/members.html",
                    _members_context(request, community),
                    partial="members",
                )
            return redirect("communities:members", pk=community.pk)
    return render_page(
        request,
        "communities/members.html",
        _members_context(request, community, invite_form=form),
        partial="members",
        status=422 if request.htmx else 200,
    )


@require_POST
@login_required
def member_role(request: HttpRequest, pk: int, membership_pk: int) -> HttpResponse:
    community = community_access.community_for_manager(request.user, pk)
    membership = get_object_or_404(
        Membership.objects.select_related("user"), pk=membership_pk, community=community
    )
    form = RoleForm(request.POST)
    if form.is_valid():
        try:
            services.membership_set_role(
                membership=membership, role=form.cleaned_data["role"], by=request.user
            )
        except ValidationError as error:
            messages.error(request, " ".join(error.message_dict.get("role", error.messages)))
        else:
            messages.success(
                request,
                _("%(name)s is now %(role)s.")
                % {"name": membership.user, "role": membership.get_role_display()},
            )
    else:
        messages.error(request, _("Choose a valid role."))
    if request.htmx:
        return render_page(
            request,
            "communities/members.html",
            _members_context(request, community),
            partial="members",
        )
    return redirect("communities:members", pk=community.pk)


@require_POST
@login_required
def member_remove(request: HttpRequest, pk: int, membership_pk: int) -> HttpResponse:
    community = community_access.community_for_manager(request.user, pk)
    membership = get_object_or_404(
        Membership.objects.select_related("user"), pk=membership_pk, community=community
    )
    services.membership_remove(membership=membership)
    messages.success(
        request, _("%(name)s has been removed from the community.") % {"name": membership.user}
    )
    if membership.user_id == request.user.pk:
        return redirect("communities:list")
    return redirect("communities:members", pk=community.pk)


@require_POST
@login_required
def invitation_revoke(request: HttpRequest, pk: int, invitation_pk: int) -> HttpResponse:
    community = community_access.community_for_manager(request.user, pk)
    invitation = get_object_or_404(
        Invitation, pk=invitation_pk, community=community, status=Invitation.Status.PENDING
    )
    services.invitation_revoke(invitation=invitation)
    messages.success(
        request, _("The invitation for %(email)s has been withdrawn.") % {"email": invitation.email}
    )
    return redirect("communities:members", pk=community.pk)


# Community goals -----------------------------------------------------------


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


# Who reads what I share ------------------------------------------------------


@require_POST
@login_required
def reader_notice_dismiss(request: HttpRequest, pk: int) -> HttpResponse:
    notice = get_object_or_404(ReaderNotice, pk=pk, recipient=request.user)
    services.reader_notice_dismiss(notice=notice)
    return redirect("home")


def _coach_of_my_community(request: HttpRequest, pk: int, coach_pk: int):
    """A coach of a community the teacher is a member of; anything else is not there."""
    community = community_access.community_for_user(request.user, pk)
    if not scope.is_member(request.user, community) or coach_pk == request.user.pk:
        raise Http404
    coach = get_object_or_404(
        User.objects.filter(
            memberships__community=community, memberships__role=Membership.Role.COACH
        ),
        pk=coach_pk,
    )
    return community, coach


@require_POST
@login_required
def coach_accept(request: HttpRequest, pk: int, coach_pk: int) -> HttpResponse:
    """The teacher accepts a coach who leads their school or board."""
    community, coach = _coach_of_my_community(request, pk, coach_pk)
    services.coach_accept(teacher=request.user, coach=coach, community=community)
    messages.success(
        request,
        _("%(name)s is now your coach in %(community)s.")
        % {"name": coach, "community": community.name},
    )
    return redirect("home")


@require_POST
@login_required
def coach_withdraw(request: HttpRequest, pk: int, coach_pk: int) -> HttpResponse:
    community, coach = _coach_of_my_community(request, pk, coach_pk)
    services.coach_acceptance_withdraw(teacher=request.user, coach=coach, community=community)
    messages.success(
        request,
        _("%(name)s no longer reads what you share with your coach in %(community)s.")
        % {"name": coach, "community": community.name},
    )
    return redirect("home")
