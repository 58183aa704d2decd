from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from accounts.models import User
from communities import access as community_access
from communities import scope
from core.http import form_error, render_page
from cycles import access as cycle_access
from cycles import selectors
from cycles.forms import (
    ActionForm,
    CancelForm,
    ChooseTopicForm,
    CycleForm,
    DeclineTopicForm,
    HolidayForm,
    HolidayImportForm,
    MeetingForm,
    NotesForm,
    PlanForm,
    TopicForm,
    default_start,
)
from cycles.models import (
    ActivityKind,
    AgreedAction,
    Attendance,
    Cycle,
    Meeting,
    SchoolHoliday,
    Topic,
)
from cycles.services import cycles as cycle_services
from cycles.services import meetings as meeting_services
from cycles.services import school_calendars
from cycles.services import topics as topics_service

# The year plan ---------------------------------------------------------------


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
    return render_page(
        request,
        "cycles/plan_form.html",
        {
            "community": community,
            "form": form,
            "proposal": proposal,
            "kinds": ActivityKind.choices,
            "replaces": community.cycles.exists(),
        },
    )


@require_GET
@login_required
def attendance_overview(request: HttpRequest, pk: int) -> HttpResponse:
    community = community_access.community_for_user(request.user, pk)
    if not (cycle_access.can_plan(request.user, community) or scope.leads(request.user, community)):
        raise PermissionDenied
    members, meetings = selectors.attendance_overview(community)
    return render_page(
        request,
        "cycles/attendance.html",
        {"community": community, "members": members, "meetings": meetings},
    )


# Meetings ----------------------------------------------------------------------


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
    action = get_object_or_404(AgreedAction.objects.select_related("meeting"), pk=pk)
    meeting = cycle_access.meeting_for_user(request.user, action.meeting_id)
    if not (
        cycle_access.can_plan(request.user, meeting.community) or action.owner_id == request.user.pk
    ):
        raise PermissionDenied
    meeting_services.action_toggle(action=action)
    return redirect("cycles:meeting", pk=meeting.pk)


# School calendars ------------------------------------------------------------


def _calendar_context(school, **forms) -> dict:
    return {
        "school": school,
        "form": forms.get("form") or HolidayForm(),
        "import_form": forms.get("import_form") or HolidayImportForm(),
        **selectors.school_calendar(school),
    }


@require_http_methods(["GET", "POST"])
@login_required
def school_calendar(request: HttpRequest, pk: int) -> HttpResponse:
    school = cycle_access.school_for_calendar_editor(request.user, pk)
    form = HolidayForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            school_calendars.holiday_add(school=school, **form.cleaned_data)
        except ValidationError as error:
            form_error(form, error)
        else:
            messages.success(request, _("The day off has been added."))
            return redirect("cycles:school_calendar", pk=school.pk)
    return render_page(request, "cycles/school_calendar.html", _calendar_context(school, form=form))


@require_POST
@login_required
def school_calendar_import(request: HttpRequest, pk: int) -> HttpResponse:
    school = cycle_access.school_for_calendar_editor(request.user, pk)
    form = HolidayImportForm(request.POST)
    if form.is_valid():
        try:
            added, skipped = school_calendars.holidays_import(
                school=school, text=form.cleaned_data["lines"]
            )
        except ValidationError as error:
            form.add_error("lines", error)
        else:
            messages.success(
                request,
                _("%(added)s added, %(skipped)s already in the calendar.")
                % {"added": added, "skipped": skipped},
            )
            return redirect("cycles:school_calendar", pk=school.pk)
    return render_page(
        request, "cycles/school_calendar.html", _calendar_context(school, import_form=form)
    )


@require_POST
@login_required
def holiday_delete(request: HttpRequest, pk: int) -> HttpResponse:
    holiday = get_object_or_404(SchoolHoliday.objects.select_related("school"), pk=pk)
    school = cycle_access.school_for_calendar_editor(request.user, holiday.school_id)
    school_calendars.holiday_delete(holiday=holiday)
    messages.success(request, _("%(name)s has been removed.") % {"name": holiday.name})
    return redirect("cycles:school_calendar", pk=school.pk)


# Topics ----------------------------------------------------------------------


def _topics_context(request: HttpRequest, community, **forms) -> dict:
    """`refused` is (topic, form) when choosing or declining that topic was refused: the
    page shows why next to the field."""
    can_plan = cycle_access.can_plan(request.user, community)
    refused_topic, refused_form = forms.get("refused") or (None, None)
    return {
        "refused_topic": refused_topic.pk if refused_topic else None,
        "choose_form": refused_form if isinstance(refused_form, ChooseTopicForm) else None,
        "decline_form": refused_form if isinstance(refused_form, DeclineTopicForm) else None,
        "community": community,
        "topics": selectors.topics_page(request.user, community),
        "is_member": scope.role_in(request.user, community) is not None,
        "can_plan": can_plan,
        "form": forms.get("form") or TopicForm(),
        "cycles": list(community.cycles.order_by("number")) if can_plan else [],
        "meetings": selectors.upcoming_group_meetings(community) if can_plan else [],
    }


@require_GET
@login_required
def topics(request: HttpRequest, pk: int) -> HttpResponse:
    community = community_access.community_for_user(request.user, pk)
    return render_page(request, "cycles/topics.html", _topics_context(request, community))


@require_POST
@login_required
def topic_propose(request: HttpRequest, pk: int) -> HttpResponse:
    community = community_access.community_for_user(request.user, pk)
    if scope.role_in(request.user, community) is None:
        raise PermissionDenied
    form = TopicForm(request.POST)
    if form.is_valid():
        topics_service.topic_propose(community=community, by=request.user, **form.cleaned_data)
        messages.success(request, _("Your topic has been proposed."))
        return redirect("cycles:topics", pk=community.pk)
    return render_page(
        request, "cycles/topics.html", _topics_context(request, community, form=form)
    )


def _topic_for_member(request: HttpRequest, pk: int) -> Topic:
    topic = get_object_or_404(Topic.objects.select_related("community"), pk=pk)
    community = community_access.community_for_user(request.user, topic.community_id)
    if scope.role_in(request.user, community) is None:
        raise PermissionDenied
    return topic


@require_POST
@login_required
def topic_vote(request: HttpRequest, pk: int) -> HttpResponse:
    topic = _topic_for_member(request, pk)
    try:
        topics_service.topic_vote(
            topic=topic, user=request.user, vote=request.POST.get("vote") == "1"
        )
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
    if request.htmx:
        return render_page(
            request,
            "cycles/topics.html",
            _topics_context(request, topic.community),
            partial="topic-list",
        )
    return redirect("cycles:topics", pk=topic.community_id)


@require_POST
@login_required
def topic_choose(request: HttpRequest, pk: int) -> HttpResponse:
    topic = _topic_for_member(request, pk)
    if not cycle_access.can_plan(request.user, topic.community):
        raise PermissionDenied
    form = ChooseTopicForm(request.POST, community=topic.community)
    if form.errors.get("reason") and form.data.get("reason", "").strip():
        # What was written can't be saved (control characters): say so at the field.
        return render_page(
            request,
            "cycles/topics.html",
            _topics_context(request, topic.community, refused=(topic, form)),
        )
    if form.is_valid():
        try:
            topics_service.topic_choose(
                topic=topic,
                cycle=form.cleaned_data["cycle"],
                meeting=form.cleaned_data["meeting"],
                reason=form.cleaned_data["reason"],
            )
        except ValidationError as error:
            messages.error(request, " ".join(error.messages))
        else:
            messages.success(request, _("“%(title)s” has been chosen.") % {"title": topic.title})
    else:
        messages.error(request, _("Choose a cycle or a meeting and say why this topic was chosen."))
    return redirect("cycles:topics", pk=topic.community_id)


@require_POST
@login_required
def topic_decline(request: HttpRequest, pk: int) -> HttpResponse:
    topic = _topic_for_member(request, pk)
    if not cycle_access.can_plan(request.user, topic.community):
        raise PermissionDenied
    form = DeclineTopicForm(request.POST)
    if not form.is_valid():
        return render_page(
            request,
            "cycles/topics.html",
            _topics_context(request, topic.community, refused=(topic, form)),
        )
    topics_service.topic_decline(topic=topic, reason=form.cleaned_data["reason"])
    return redirect("cycles:topics", pk=topic.community_id)


@require_http_methods(["GET", "POST"])
@login_required
def cycle_edit(request: HttpRequest, pk: int) -> HttpResponse:
    cycle = get_object_or_404(Cycle.objects.select_related("community"), pk=pk)
    community = community_access.community_for_user(request.user, cycle.community_id)
    if not cycle_access.can_plan(request.user, community):
        raise PermissionDenied
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
