"""The PLC scan pages: a community's rounds and results, answering, opening and closing."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect
from django.utils.formats import date_format
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from communities import access as community_access
from communities.models import Community
from core.http import render_page
from observations import access as observation_access
from observations.forms.scan import SCORES, ScanAnswerForm, ScanRoundOpenForm
from observations.models import ScanRound
from observations.selectors import scan as selectors
from observations.services import scan as services


def _scan_context(
    request: HttpRequest, community: Community, *, open_form: ScanRoundOpenForm | None = None
) -> dict:
    page = selectors.scan_page(community, request.user)
    can_run = observation_access.can_run_scan(request.user, community)
    return {
        "community": community,
        "page": page,
        "can_answer": observation_access.can_answer_scan(request.user, community),
        "can_run": can_run,
        "open_form": (open_form or ScanRoundOpenForm())
        if can_run and page.open_round is None
        else None,
        "minimum": selectors.SCAN_MINIMUM_RESPONSES,
        "scores": SCORES,
    }


@require_GET
@login_required
def scan(request: HttpRequest, pk: int) -> HttpResponse:
    community = community_access.community_for_user(request.user, pk)
    return render_page(request, "observations/scan/scan.html", _scan_context(request, community))


@require_POST
@login_required
def scan_open(request: HttpRequest, pk: int) -> HttpResponse:
    community = community_access.community_for_user(request.user, pk)
    if not observation_access.can_run_scan(request.user, community):
        raise PermissionDenied
    form = ScanRoundOpenForm(request.POST)
    if not form.is_valid():
        return render_page(
            request,
            "observations/scan/scan.html",
            _scan_context(request, community, open_form=form),
        )
    try:
        services.scan_round_open(
            community=community,
            scan=selectors.scan_default(),
            closes_on=form.cleaned_data["closes_on"],
        )
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
    else:
        messages.success(request, _("A scan round is open. Members can answer now."))
    return redirect("observations:scan", pk=community.pk)


@require_POST
@login_required
def scan_close(request: HttpRequest, pk: int) -> HttpResponse:
    scan_round = observation_access.scan_round_for_facilitator(request.user, pk)
    if scan_round.status == ScanRound.Status.CLOSED:
        messages.info(request, _("This round was closed already."))
    else:
        services.scan_round_close(scan_round=scan_round)
        messages.success(request, _("The round is closed."))
    return redirect("observations:scan", pk=scan_round.community_id)


@require_http_methods(["GET", "POST"])
@login_required
def scan_answer(request: HttpRequest, pk: int) -> HttpResponse:
    scan_round = observation_access.scan_round_for_respondent(request.user, pk)
    back = redirect("observations:scan", pk=scan_round.community_id)
    if selectors.scan_round_is_closed(scan_round):
        messages.info(request, _("This round is closed: answers are no longer taken."))
        return back
    answered_on = selectors.scan_answered_on(scan_round, request.user)
    if answered_on is not None:
        messages.info(
            request,
            _("You answered this round on %(date)s. Each member answers a round once.")
            % {"date": date_format(answered_on, "j F Y")},
        )
        return back
    form = ScanAnswerForm(
        request.POST if request.method == "POST" else None,
        themes=selectors.scan_themes(scan_round.scan),
    )
    if request.method == "POST" and form.is_valid():
        try:
            services.scan_answer(
                scan_round=scan_round, respondent=request.user, scores=form.scores()
            )
        except ValidationError as error:
            messages.error(request, " ".join(error.messages))
        else:
            messages.success(
                request,
                _("Thank you. Your answers are saved; they count only in the averages."),
            )
        return back
    return render_page(
        request,
        "observations/scan/answer.html",
        {"community": scan_round.community, "round": scan_round, "form": form, "scores": SCORES},
    )
