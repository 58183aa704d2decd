import logging

from django.conf import settings
from django.contrib.auth.decorators import login_required
from django.db import connection
from django.http import HttpRequest, HttpResponse, JsonResponse
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_GET

from boards import access as board_access
from communities import scope, selectors
from core.http import render_page
from plc.celery import app as celery_app

logger = logging.getLogger(__name__)


@require_GET
@login_required
def home(request: HttpRequest) -> HttpResponse:
    return render_page(
        request,
        "home.html",
        {
            "home": selectors.home(request.user),
            "scope": scope.scope_of(request.user),
            "administers_board": bool(board_access.administered_board_ids(request.user)),
        },
    )


def _database_ok() -> bool:
    try:
        with connection.cursor() as cursor:
            cursor.execute("SELECT 1")
            return cursor.fetchone() == (1,)
    except Exception:
        logger.exception("health check: database unavailable")
        return False


def _queue_state() -> tuple[bool, str]:
    if settings.CELERY_TASK_ALWAYS_EAGER:
        return True, "in-process"
    try:
        with celery_app.connection_for_write() as conn:
            conn.ensure_connection(max_retries=1, timeout=2)
        return True, "broker reachable"
    except Exception:
        logger.exception("health check: broker unavailable")
        return False, "broker unreachable"


@never_cache
@require_GET
def healthz(request: HttpRequest) -> JsonResponse:
    database = _database_ok()
    queue_ok, queue_detail = _queue_state()
    healthy = database and queue_ok
    return JsonResponse(
        {
            "status": "ok" if healthy else "unavailable",
            "database": "ok" if database else "unavailable",
            "tasks": {"status": "ok" if queue_ok else "unavailable", "detail": queue_detail},
        },
        status=200 if healthy else 503,
    )
