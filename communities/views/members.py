"""A community's members page for its managers: inviting people, changing a role, removing
a member, and withdrawing an invitation."""

from django.conf import settings
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_POST

from communities import access as community_access
from communities import selectors, services
from communities.forms import InvitationForm, RoleForm
from communities.models import Invitation, Membership
from core.http import form_error, render_page


def _members_context(request: HttpRequest, community, invite_form=None) -> dict:
    memberships, invitations, departures = selectors.members_page(community)
    return {
        "community": community,
        "memberships": memberships,
        "invitations": invitations,
        "departures": departures,
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
