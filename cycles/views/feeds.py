"""The personal calendar feed: the page to manage it, the feed itself, one meeting as .ics."""

from django.conf import settings
from django.contrib import messages
from django.contrib.auth.decorators import login_not_required, login_required
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect
from django.urls import reverse
from django.utils import translation
from django.utils.http import content_disposition_header
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_POST, require_safe

from core.http import render_page
from cycles import access as cycle_access
from cycles import ical, selectors
from cycles.services import feeds as feed_services

CONTENT_TYPE = "text/calendar; charset=utf-8"


def _feed_url(token: str) -> str:
    return settings.SITE_URL + reverse("cycles:calendar_feed", kwargs={"token": token})


@require_GET
@login_required
def calendar(request: HttpRequest) -> HttpResponse:
    feed = selectors.feed_of(request.user)
    context: dict = {"feed": feed}
    if feed is not None:
        url = _feed_url(feed.token)
        context["feed_url"] = url
        context["webcal_url"] = "webcal://" + url.split("://", 1)[1]
    return render_page(request, "cycles/calendar/calendar.html", context)


@require_POST
@login_required
def calendar_regenerate(request: HttpRequest) -> HttpResponse:
    had_feed = selectors.feed_of(request.user) is not None
    feed_services.feed_regenerate(user=request.user)
    if had_feed:
        messages.success(
            request,
            _(
                "Your calendar has a new address. The old address no longer works: "
                "add the new one to your calendar apps."
            ),
        )
    else:
        messages.success(request, _("Your calendar address is ready. Add it to your calendar app."))
    return redirect("cycles:calendar")


@require_POST
@login_required
def calendar_revoke(request: HttpRequest) -> HttpResponse:
    feed_services.feed_revoke(user=request.user)
    messages.success(
        request,
        _("Your calendar feed has been stopped. Its address no longer works."),
    )
    return redirect("cycles:calendar")


# Calendar apps fetch this without a session: the token is the key, no login, no cookies.
@require_safe
@login_not_required
def calendar_feed(request: HttpRequest, token: str) -> HttpResponse:
    feed = selectors.feed_by_token(token)
    if feed is None:
        raise Http404
    user = feed.user
    with translation.override(user.language):
        name = _("Learning communities")
    body = ical.calendar_bytes(
        meetings=selectors.feed_meetings(user), user_language=user.language, name=name
    )
    response = HttpResponse(body, content_type=CONTENT_TYPE)
    response["Cache-Control"] = "private, max-age=300"
    response["Content-Disposition"] = content_disposition_header(
        as_attachment=False, filename="calendar.ics"
    )
    response["X-Robots-Tag"] = "noindex, nofollow"
    return response


@require_GET
@login_required
def meeting_ics(request: HttpRequest, pk: int) -> HttpResponse:
    meeting = cycle_access.meeting_for_user(request.user, pk)
    response = HttpResponse(
        ical.event_bytes(meeting, request.LANGUAGE_CODE), content_type=CONTENT_TYPE
    )
    response["Content-Disposition"] = content_disposition_header(
        as_attachment=True, filename=f"meeting-{meeting.pk}.ics"
    )
    response["Cache-Control"] = "private, no-cache"
    return response
