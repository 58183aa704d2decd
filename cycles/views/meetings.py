"""A meeting's page and its changes, attendance and agreed actions; a community's attendance."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from accounts.models import User
from communities import access as community_access
from core.http import form_error, render_page
from cycles import access as cycle_access
from cycles import selectors
from cycles.forms import ActionForm, CancelForm, MeetingForm, NotesForm
from cycles.models import Attendance, Meeting
from cycles.services import meetings as meeting_services


def _meeting_context(request: HttpRequest, meeting: Meeting, **extra) -> dict:
    can_plan = cycle_access.can_plan(request.user, meeting.community)
    context = {
        "meeting": meeting,
        "community": meeting.community,
        "can_plan": can_plan,
        "can_add_notes": cycle_access.can_add_meeting_notes(request.user, meeting),
        "statuses": Attendance.Status.choices,
        **selectors.meeting_page(meeting),
    }
    context.setdefault(
        "notes_form", NotesForm(initial={"notes": meeting.notes, "version": meeting.version})
    )
    if can_plan:
        context.setdefault("action_form", ActionForm(community=meeting.community))
    context.update(extra)
    return context


@require_GET
@login_required
def meeting(request: HttpRequest, pk: int) -> HttpResponse:
    meeting = cycle_access.meeting_for_user(request.user, pk)
    return render_page(request, "cycles/meeting.html", _meeting_context(request, meeting))


@require_http_methods(["GET", "POST"])
@login_required
def meeting_edit(request: HttpRequest, pk: int) -> HttpResponse:
    meeting = cycle_access.meeting_for_planner(request.user, pk)
    form = MeetingForm(request.POST or None, instance=meeting)
    if request.method == "POST" and form.is_valid():
        try:
            meeting_services.meeting_update(
                meeting=meeting,
                version=form.cleaned_data["version"],
                by=request.user,
                reason=form.cleaned_data["reason"],
                **form.changes(),
            )
        except ValidationError as error:
            form_error(form, error)
            meeting.refresh_from_db()
        else:
            messages.success(request, _("The meeting has been saved."))
            return redirect("cycles:meeting", pk=meeting.pk)
    return render_page(
        request,
        "cycles/meeting_form.html",
        {"form": form, "meeting": meeting, "community": meeting.community},
    )


@require_POST
@login_required
def meeting_cancel(request: HttpRequest, pk: int) -> HttpResponse:
    meeting = cycle_access.meeting_for_planner(request.user, pk)
    form = CancelForm(request.POST)
    reason = form.cleaned_data["reason"] if form.is_valid() else ""
    meeting_services.meeting_cancel(meeting=meeting, by=request.user, reason=reason)
    messages.success(request, _("The meeting has been cancelled."))
    return redirect("cycles:meeting", pk=meeting.pk)


@require_POST
@login_required
def meeting_notes(request: HttpRequest, pk: int) -> HttpResponse:
    meeting = cycle_access.meeting_for_user(request.user, pk)
    if not cycle_access.can_add_meeting_notes(request.user, meeting):
        raise PermissionDenied
    form = NotesForm(request.POST)
    if form.is_valid():
        try:
            meeting_services.meeting_update(
                meeting=meeting,
                version=form.cleaned_data["version"],
                by=request.user,
                notes=form.cleaned_data["notes"],
            )
        except ValidationError as error:
            form_error(form, error)
            meeting.refresh_from_db()
        else:
            messages.success(request, _("The notes have been saved."))
            return redirect("cycles:meeting", pk=meeting.pk)
    return render_page(
        request, "cycles/meeting.html", _meeting_context(request, meeting, notes_form=form)
    )


@require_POST
@login_required
def attendance_set(request: HttpRequest, pk: int, user_pk: int) -> HttpResponse:
    meeting = cycle_access.meeting_for_planner(request.user, pk)
    person = get_object_or_404(User, pk=user_pk, memberships__community=meeting.community_id)
    try:
        meeting_services.attendance_set(
            meeting=meeting, user=person, status=request.POST.get("status", "")
        )
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
    if request.htmx:
        meeting.refresh_from_db()
        return render_page(
            request, "cycles/meeting.html", _meeting_context(request, meeting), partial="attendance"
        )
    return redirect("cycles:meeting", pk=meeting.pk)


@require_POST
@login_required
def action_add(request: HttpRequest, pk: int) -> HttpResponse:
    meeting = cycle_access.meeting_for_planner(request.user, pk)
    form = ActionForm(request.POST, community=meeting.community)
    if form.is_valid():
        meeting_services.action_add(meeting=meeting, **form.cleaned_data)
        messages.success(request, _("The action has been added."))
        return redirect("cycles:meeting", pk=meeting.pk)
    return render_page(
        request, "cycles/meeting.html", _meeting_context(request, meeting, action_form=form)
    )


@require_POST
@login_required
def action_toggle(request: HttpRequest, pk: int) -> HttpResponse:
    action = cycle_access.action_for_toggler(request.user, pk)
    meeting_services.action_toggle(action=action)
    return redirect("cycles:meeting", pk=action.meeting_id)


@require_GET
@login_required
def attendance_overview(request: HttpRequest, pk: int) -> HttpResponse:
    community = community_access.community_for_user(request.user, pk)
    if not cycle_access.can_read_attendance(request.user, community):
        raise PermissionDenied
    members, meetings = selectors.attendance_overview(community)
    return render_page(
        request,
        "cycles/attendance.html",
        {"community": community, "members": members, "meetings": meetings},
    )
