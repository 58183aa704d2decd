"""The staff's invitations to the app: the list with each person's status, sending one or
all expired again; and the welcome page the invitation's link opens, where the person
chooses a password and is signed in. (When a board signs its people in with their school
account, this page and the invitation mail are the places that say so.)"""

from urllib.parse import urlencode

from django.contrib import messages
from django.contrib.auth import login
from django.contrib.auth.decorators import login_required
from django.contrib.auth.forms import SetPasswordForm
from django.core.exceptions import ValidationError
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.utils.translation import ngettext
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from accounts import registry as sign_in
from boards import access
from boards.forms.invitations import InvitationFilterForm, ResendForm
from boards.selectors import invitations as selectors
from boards.services import invitations as services
from core.http import render_page


@require_GET
@login_required
def invitation_list(request: HttpRequest) -> HttpResponse:
    organisation = access.organisation_for_administrator(request.user)
    form = InvitationFilterForm(request.GET)
    status = form.cleaned_data["status"] if form.is_valid() else ""
    page = selectors.invitation_list(organisation, status=status, page=request.GET.get("page"))
    return render_page(
        request,
        "boards/invitation_list.html",
        {
            "organisation": organisation,
            "form": form,
            "status": status,
            "page": page,
            "counts": selectors.invitation_counts(organisation),
            "statuses": selectors.STATUSES,
            "query": urlencode({"status": status}) if status else "",
        },
    )


@require_POST
@login_required
def invitation_resend(request: HttpRequest) -> HttpResponse:
    organisation = access.organisation_for_administrator(request.user)
    form = ResendForm(request.POST)
    if not form.is_valid() or not (form.cleaned_data["person"] or form.cleaned_data["expired"]):
        messages.error(request, _("Choose whom to invite again."))
        return redirect("boards:invitations")
    try:
        if form.cleaned_data["person"]:
            invited = services.staff_invite_again(
                organisation=organisation, by=request.user, record_id=form.cleaned_data["person"]
            )
        else:
            invited = services.staff_invite_expired(organisation=organisation, by=request.user)
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
    else:
        messages.success(
            request,
            ngettext(
                "%(count)s invitation has been sent again.",
                "%(count)s invitations have been sent again.",
                invited,
            )
            % {"count": invited},
        )
    return redirect("boards:invitations")


@require_http_methods(["GET", "POST"])
def welcome(request: HttpRequest, uidb64: str, token: str) -> HttpResponse:
    user = access.welcome_user(uidb64, token)
    if user is None:
        return render(request, "boards/welcome_invalid.html", {}, status=410)
    # A board with single sign-on: the school account first; a password only where the
    # board still allows one.
    school_account_url = sign_in.school_sign_in_url(user.email, reverse("home"))
    password = sign_in.password_allowed(user.email)
    form = SetPasswordForm(user, request.POST or None) if password else None
    if request.method == "POST" and form is not None and form.is_valid():
        services.staff_welcome(user=user, password=form.cleaned_data["new_password1"])
        login(request, user, backend="django.contrib.auth.backends.ModelBackend")
        messages.success(
            request,
            _("Welcome! Your password has been saved; next time you sign in with it."),
        )
        return redirect("home")
    return render(
        request,
        "boards/welcome.html",
        {
            "form": form,
            "person": user,
            "organisation": user.staff_record.organisation,
            "school_account_url": school_account_url,
        },
    )
