"""The facilitator's peer-visit rotation of a cycle: options, proposal, confirmation."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect
from django.utils.translation import gettext as _
from django.utils.translation import ngettext
from django.views.decorators.http import require_http_methods

from core.http import form_error, render_page
from cycles import access as cycle_access
from observations.forms.rotation import RotationForm
from observations.selectors import rotation as selectors
from observations.services import rotation as services

# A GET carrying one of these asks for a proposal; a bare GET shows the options.
_OPTION_NAMES = ("propose", "observers_per_visit", "instrument", "time")


@require_http_methods(["GET", "POST"])
@login_required
def rotation(request: HttpRequest, cycle_pk: int) -> HttpResponse:
    cycle = cycle_access.cycle_for_planner(request.user, cycle_pk)
    community = cycle.community
    existing = selectors.rotation_visits(cycle)
    if request.method == "POST":
        data = request.POST
    else:
        data = request.GET if any(name in request.GET for name in _OPTION_NAMES) else None
    form = RotationForm(data, community=community, has_rotation=bool(existing))
    proposal, hidden = None, []
    if form.is_bound and form.is_valid():
        try:
            proposal = selectors.rotation_propose(cycle=cycle, existing=existing, **form.options())
        except ValidationError as error:
            form_error(form, error)
        else:
            hidden = form.hidden_values(proposal.fingerprint)
    if proposal is not None and request.method == "POST":
        if form.cleaned_data["fingerprint"] != proposal.fingerprint:
            form.add_error(
                None,
                _("The proposal has changed since you saw it. Check it and confirm again."),
            )
        else:
            try:
                created = services.rotation_create(cycle=cycle, proposal=proposal, by=request.user)
            except ValidationError as error:
                form_error(form, error)
            else:
                count = len(created)
                messages.success(
                    request,
                    ngettext("%(count)s visit planned", "%(count)s visits planned", count)
                    % {"count": count},
                )
                return redirect("cycles:plan", pk=community.pk)
    return render_page(
        request,
        "observations/rotation.html",
        {
            "cycle": cycle,
            "community": community,
            "form": form,
            "existing": existing,
            "proposal": proposal,
            "hidden": hidden,
        },
        partial="proposal",
    )
