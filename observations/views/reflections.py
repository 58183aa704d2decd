"""Reflection pages: the journal, writing (with autosave), reading, sharing, deleting."""

import uuid

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from communities.selectors import audiences
from core.http import form_error, render_page, whole_number
from observations import access as observation_access
from observations.forms.reflections import JournalFilterForm, ReflectionForm
from observations.models import Reflection, Visibility
from observations.selectors import reflections as selectors
from observations.services import reflections as services


@require_GET
@login_required
def journal(request: HttpRequest) -> HttpResponse:
    """A member's own reflections over time, searchable and filterable by goal."""
    form = JournalFilterForm(request.GET or None, author=request.user)
    chosen = form.cleaned_data if form.is_valid() else {}
    reflections = selectors.journal(
        request.user, query=chosen.get("q", ""), goal=chosen.get("goal")
    )
    return render_page(
        request, "observations/journal.html", {"form": form, "reflections": reflections}
    )


def _save(request: HttpRequest, form: ReflectionForm, reflection: Reflection | None):
    data = dict(form.cleaned_data)
    client_key = data.pop("client_key", None)
    return services.reflection_save(
        author=request.user, reflection=reflection, client_key=client_key, publish=True, **data
    )


@require_http_methods(["GET", "POST"])
@login_required
def reflection_create(request: HttpRequest) -> HttpResponse:
    # The "write a reflection" links on meetings, visits, goals and products fill these in.
    links = ["community", "visit", "meeting", "product", "personal_goal", "community_goal"]
    initial = {
        name: number
        for name in links
        if (number := whole_number(request.GET.get(name))) is not None
    }
    form = ReflectionForm(
        request.POST or None, author=request.user, initial={"client_key": uuid.uuid4(), **initial}
    )
    if request.method == "POST" and form.is_valid():
        try:
            reflection = _save(request, form, None)
        except ValidationError as error:
            form_error(form, error)
        else:
            messages.success(request, _("Your reflection has been saved."))
            return redirect("observations:reflection", pk=reflection.pk)
    # One browser copy per new reflection and what it is about (a visit, a meeting, ...).
    copy_key = "reflection-new" + "".join(f"-{name}{initial[name]}" for name in sorted(initial))
    return render_page(
        request,
        "observations/reflection_form.html",
        {"form": form, "copy_key": copy_key, "audiences": audiences(request.user)},
    )


@require_GET
@login_required
def reflection(request: HttpRequest, pk: int) -> HttpResponse:
    reflection = observation_access.reflection_for_user(request.user, pk)
    is_author = reflection.author_id == request.user.pk
    return render_page(
        request,
        "observations/reflection.html",
        {
            "reflection": reflection,
            "is_author": is_author,
            "visibilities": Visibility.choices,
            "audiences": audiences(request.user, reflection.community_id)
            if is_author and reflection.community_id
            else [],
        },
    )


@require_http_methods(["GET", "POST"])
@login_required
def reflection_edit(request: HttpRequest, pk: int) -> HttpResponse:
    reflection = observation_access.reflection_for_author(request.user, pk)
    form = ReflectionForm(request.POST or None, instance=reflection, author=request.user)
    if request.method == "POST" and form.is_valid():
        try:
            _save(request, form, reflection)
        except ValidationError as error:
            form_error(form, error)
        else:
            messages.success(request, _("Your reflection has been saved."))
            return redirect("observations:reflection", pk=reflection.pk)
    return render_page(
        request,
        "observations/reflection_form.html",
        {
            "form": form,
            "reflection": reflection,
            "copy_key": f"reflection-{reflection.pk}",
            "audiences": audiences(request.user),
        },
    )


@require_POST
@login_required
def reflection_visibility(request: HttpRequest, pk: int) -> HttpResponse:
    reflection = observation_access.reflection_for_author(request.user, pk)
    try:
        services.reflection_set_visibility(
            reflection=reflection, by=request.user, visibility=request.POST.get("visibility", "")
        )
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
    else:
        messages.success(request, _("Who can see this reflection has been changed."))
    return redirect("observations:reflection", pk=reflection.pk)


@require_POST
@login_required
def reflection_delete(request: HttpRequest, pk: int) -> HttpResponse:
    reflection = observation_access.reflection_for_author(request.user, pk)
    services.reflection_delete(reflection=reflection, by=request.user)
    messages.success(request, _("Your reflection has been deleted."))
    return redirect("observations:journal")


@require_POST
def reflection_draft(request: HttpRequest) -> HttpResponse:
    """Autosave of the editor (htmx, every few seconds and on leaving a field). Without a
    session it saves nothing and says so: the browser keeps its own copy meanwhile."""
    if not request.user.is_authenticated:
        return render_page(request, "observations/draft_status.html", {"expired": True}, status=401)
    reflection = None
    if pk := request.POST.get("reflection"):
        reflection = observation_access.reflection_for_author(request.user, whole_number(pk) or 0)
    form = ReflectionForm(request.POST, instance=reflection, author=request.user)
    saved = None
    if form.is_valid():
        data = dict(form.cleaned_data)
        client_key = data.pop("client_key", None)
        if reflection is None and client_key is None:
            return render_page(
                request, "observations/draft_status.html", {"error": True}, status=422
            )
        try:
            saved = services.reflection_save(
                author=request.user, reflection=reflection, client_key=client_key, **data
            )
        except ValidationError:
            saved = None
    return render_page(
        request,
        "observations/draft_status.html",
        {"saved": saved, "error": saved is None},
        status=422 if saved is None else 200,
    )
