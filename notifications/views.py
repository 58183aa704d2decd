from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect
from django.utils.translation import gettext as _
from django.views.decorators.csrf import csrf_exempt
from django.views.decorators.http import require_http_methods

from core.http import render_page
from notifications import preferences as choices
from notifications.forms import PreferenceForm
from notifications.models import Kind


@require_http_methods(["GET", "POST"])
@login_required
def preferences(request: HttpRequest) -> HttpResponse:
    form = PreferenceForm(request.POST or None, instance=choices.preference_of(request.user))
    if request.method == "POST" and form.is_valid():
        choices.preference_update(
            user=request.user, **{name: form.cleaned_data[name] for name in form.fields}
        )
        messages.success(request, _("Your mail choices have been saved."))
        return redirect("notifications:preferences")
    return render_page(request, "notifications/preferences.html", {"form": form})


# A mail program posts here without a session or a CSRF token (RFC 8058 one-click); the
# signed link itself is the proof. A GET only asks, so a link checker unsubscribes nobody.
@csrf_exempt
@require_http_methods(["GET", "POST"])
def unsubscribe(request: HttpRequest, token: str) -> HttpResponse:
    target = choices.unsubscribe_target(token)
    if target is None:
        raise Http404
    user, kind = target
    done = False
    if request.method == "POST":
        choices.unsubscribe(user=user, kind=kind)
        done = True
    return render_page(
        request,
        "notifications/unsubscribe.html",
        {"kind_label": Kind(kind).label, "done": done, "email": user.email},
    )
