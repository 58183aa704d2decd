"""Who reads what I share: dismissing the notice of a new reader, and accepting or
withdrawing a coach who leads my school or board."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from accounts.models import User
from communities import access as community_access
from communities import scope, services
from communities.models import Membership, ReaderNotice


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
