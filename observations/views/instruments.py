"""Observation checklists (kijkwijzers): the built-in ones, a board's own, and which ones a
community uses."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from communities import access as community_access
from core.http import form_error, render_page
from observations import access as observation_access
from observations import checklist_text
from observations.forms.instruments import CommunityInstrumentsForm, CopyForm, InstrumentForm
from observations.selectors import instruments as selectors
from observations.services import instruments as services

FORM = "observations/instruments/form.html"


def _several_boards(request: HttpRequest) -> bool:
    return len(observation_access.checklist_boards(request.user).built) > 1


def _preset(request: HttpRequest) -> tuple[str, str] | None:
    """A preset scale asked for with ?preset=…: its name and its text."""
    preset = checklist_text.PRESETS.get(request.GET.get("preset", ""))
    if preset is None:
        return None
    name, levels = preset
    return str(name), checklist_text.format_scale(levels)


def _form_page(request, form, *, instrument=None, preset=None, used=False) -> HttpResponse:
    return render_page(
        request,
        FORM,
        {
            "form": form,
            "instrument": instrument,
            "presets": [(key, name) for key, (name, _levels) in checklist_text.PRESETS.items()],
            "preset_name": preset[0] if preset else "",
            "used": used,
        },
        partial="scale-field",
    )


@require_GET
@login_required
def instruments(request: HttpRequest) -> HttpResponse:
    return render_page(
        request,
        "observations/instruments/list.html",
        {
            "instruments": selectors.instruments_for_list(request.user),
            "can_build": observation_access.can_build_instruments(request.user),
        },
    )


@require_GET
@login_required
def instrument(request: HttpRequest, pk: int) -> HttpResponse:
    instrument = observation_access.instrument_for_user(request.user, pk)
    can_build = observation_access.can_build_instruments(request.user)
    return render_page(
        request,
        "observations/instruments/detail.html",
        {
            "page": selectors.instrument_page(instrument, request.user),
            "can_edit": observation_access.can_edit_instrument(request.user, instrument),
            "can_build": can_build,
            "copy_form": CopyForm(boards=observation_access.instrument_boards(request.user))
            if can_build and _several_boards(request)
            else None,
        },
    )


@require_http_methods(["GET", "POST"])
@login_required
def instrument_create(request: HttpRequest) -> HttpResponse:
    if not observation_access.can_build_instruments(request.user):
        raise PermissionDenied
    boards = (
        observation_access.instrument_boards(request.user) if _several_boards(request) else None
    )
    preset = _preset(request)
    form = InstrumentForm(
        request.POST or None, boards=boards, initial={"scale": preset[1] if preset else ""}
    )
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        organisation = (
            data.get("organisation") or observation_access.instrument_boards(request.user).get()
        )
        try:
            created = services.instrument_create(
                organisation=organisation,
                name=data["name"],
                description=data["description"],
                levels=data["scale"],
                domains=data["outline"],
                by=request.user,
            )
        except ValidationError as error:
            form_error(form, error)
        else:
            messages.success(request, _("The checklist has been saved."))
            return redirect("observations:instrument", pk=created.pk)
    return _form_page(request, form, preset=preset)


@require_http_methods(["GET", "POST"])
@login_required
def instrument_edit(request: HttpRequest, pk: int) -> HttpResponse:
    instrument = observation_access.instrument_for_user(request.user, pk)
    if not observation_access.can_edit_instrument(request.user, instrument):
        read_only = instrument.organisation_id is None or not instrument.is_current
        if read_only and observation_access.can_build_instruments(request.user):
            # Say why, and offer a copy of a built-in one or the current version.
            current = selectors.instrument_current_version(instrument)
            return render_page(
                request,
                "observations/instruments/read_only.html",
                {
                    "instrument": instrument,
                    "current": current
                    if current and observation_access.can_edit_instrument(request.user, current)
                    else None,
                    "copy_form": CopyForm(boards=observation_access.instrument_boards(request.user))
                    if _several_boards(request)
                    else None,
                },
                status=403,
            )
        raise PermissionDenied
    preset = _preset(request)
    initial = InstrumentForm.initial_for(instrument)
    if preset:
        initial["scale"] = preset[1]
    form = InstrumentForm(request.POST or None, initial=initial)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            saved, how = services.instrument_update(
                instrument=instrument,
                name=data["name"],
                description=data["description"],
                levels=data["scale"],
                domains=data["outline"],
                by=request.user,
            )
        except ValidationError as error:
            form_error(form, error)
        else:
            if how == services.Saved.NEW_VERSION:
                messages.success(
                    request,
                    _(
                        "This checklist has been used in visits, so your changes are saved as "
                        "version %(new)s. Visits made so far keep version %(old)s."
                    )
                    % {"new": saved.version, "old": instrument.version},
                )
            elif how == services.Saved.UNCHANGED:
                messages.info(request, _("Nothing was changed."))
            else:
                messages.success(request, _("Your changes have been saved."))
            return redirect("observations:instrument", pk=saved.pk)
    return _form_page(
        request,
        form,
        instrument=instrument,
        preset=preset,
        used=instrument.visits.exists(),
    )


@require_POST
@login_required
def instrument_copy(request: HttpRequest, pk: int) -> HttpResponse:
    instrument = observation_access.instrument_for_copier(request.user, pk)
    boards = observation_access.instrument_boards(request.user)
    form = CopyForm(request.POST, boards=boards)
    chosen = form.cleaned_data.get("organisation") if form.is_valid() else None
    organisation = (
        chosen
        or boards.filter(pk=instrument.organisation_id).first()
        or boards.order_by("name").first()
    )
    copy = services.instrument_copy_for_board(
        instrument=instrument, organisation=organisation, by=request.user
    )
    messages.success(
        request,
        _("“%(name)s” is your school board's own copy. Change it as you like.")
        % {"name": copy.name},
    )
    return redirect("observations:instrument_edit", pk=copy.pk)


@require_http_methods(["GET", "POST"])
@login_required
def community_instruments(request: HttpRequest, pk: int) -> HttpResponse:
    community = community_access.community_for_user(request.user, pk)
    can_choose = observation_access.can_choose_instruments(request.user, community)
    if request.method == "POST" and not can_choose:
        raise PermissionDenied
    options = observation_access.community_instrument_options(community)
    chosen = selectors.community_instruments(community)
    form = None
    if can_choose:
        form = CommunityInstrumentsForm(
            request.POST or None,
            options=options,
            initial={"instruments": [instrument.pk for instrument in chosen]},
        )
        if request.method == "POST" and form.is_valid():
            try:
                services.community_instruments_set(
                    community=community,
                    instruments=list(form.cleaned_data["instruments"]),
                    by=request.user,
                )
            except ValidationError as error:
                form_error(form, error)
            else:
                messages.success(request, _("The community's checklists have been saved."))
                return redirect("observations:community_instruments", pk=community.pk)
    return render_page(
        request,
        "observations/instruments/community.html",
        {
            "community": community,
            "form": form,
            "chosen": chosen,
            "options": None if chosen or can_choose else list(options),
        },
    )
