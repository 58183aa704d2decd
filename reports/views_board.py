"""The board director's dashboard: every school of the board, and an anonymous comparison."""

from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse
from django.views.decorators.http import require_GET

from plc import policy
from plc.http import render_page


@require_GET
@login_required
def board_dashboard(request: HttpRequest, pk: int) -> HttpResponse:
    board = policy.board_for_dashboard(request.user, pk)
    return render_page(request, "reports/board_dashboard.html", {"board": board})
