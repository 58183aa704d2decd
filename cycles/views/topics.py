"""Topics for coming cycles: members propose and vote, the facilitator chooses or declines."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_POST

from communities import access as community_access
from core.http import render_page
from cycles import access as cycle_access
from cycles import selectors
from cycles.forms import ChooseTopicForm, DeclineTopicForm, TopicForm
from cycles.services import topics as topic_services


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
        "is_member": cycle_access.can_propose_topic(request.user, community),
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
    if not cycle_access.can_propose_topic(request.user, community):
        raise PermissionDenied
    form = TopicForm(request.POST)
    if form.is_valid():
        topic_services.topic_propose(community=community, by=request.user, **form.cleaned_data)
        messages.success(request, _("Your topic has been proposed."))
        return redirect("cycles:topics", pk=community.pk)
    return render_page(
        request, "cycles/topics.html", _topics_context(request, community, form=form)
    )


@require_POST
@login_required
def topic_vote(request: HttpRequest, pk: int) -> HttpResponse:
    topic = cycle_access.topic_for_member(request.user, pk)
    try:
        topic_services.topic_vote(
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
    topic = cycle_access.topic_for_planner(request.user, pk)
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
            topic_services.topic_choose(
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
    topic = cycle_access.topic_for_planner(request.user, pk)
    form = DeclineTopicForm(request.POST)
    if not form.is_valid():
        return render_page(
            request,
            "cycles/topics.html",
            _topics_context(request, topic.community, refused=(topic, form)),
        )
    topic_services.topic_decline(topic=topic, reason=form.cleaned_data["reason"])
    return redirect("cycles:topics", pk=topic.community_id)
