from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse
from django.views.decorators.http import require_GET

from cycles import selectors
from plc import policy
from plc.http import render_page


@require_GET
@login_required
def plan(request: HttpRequest, pk: int) -> HttpResponse:
    community = policy.community_for_user(request.user, pk)
    return render_page(
        request,
        "cycles/plan.html",
        {
            "community": community,
            "rows": selectors.plan_page(request.user, community),
            "can_plan": policy.can_plan(request.user, community),
        },
    )
