"""A person's roles in the board administration: school leader of a school of the board,
board director, board administrator; given and taken away one at a time."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods

from boards import access
from boards.forms.roles import RoleForm
from boards.selectors import people as selectors
from boards.services import roles as services
from core.http import form_error, render_page


@require_http_methods(["GET", "POST"])
@login_required
def person_roles(request: HttpRequest, pk: int) -> HttpResponse:
    staff = access.staff_record_for_administrator(request.user, pk)
    form = RoleForm(
        request.POST if request.method == "POST" else None, organisation=staff.organisation
    )
    if request.method == "POST" and form.is_valid():
        change = (
            services.role_grant
            if form.cleaned_data["action"] == RoleForm.Action.GRANT
            else services.role_revoke
        )
        try:
            change(
                staff=staff,
                role=form.cleaned_data["role"],
                school=form.cleaned_data["school"],
                by=request.user,
            )
        except ValidationError as error:
            form_error(form, error)
        else:
            saved = _("The roles of %(name)s have been saved.")
            messages.success(request, saved % {"name": staff.user.full_name})
            return redirect("boards:person_roles", pk=staff.pk)
    held = selectors.person_roles(staff)
    return render_page(
        request,
        "boards/person_roles.html",
        {
            "organisation": staff.organisation,
            "staff": staff,
            "form": form,
            "refusal": access.role_change_refusal(request.user, staff, grant=True),
            "own": staff.user_id == request.user.pk,
            "led_schools": held["led_schools"],
            "other_schools": held["other_schools"],
            "board_roles": [
                (
                    services.Role.BOARD_DIRECTOR,
                    services.Role.BOARD_DIRECTOR.label,
                    held["is_director"],
                    _("Make board director"),
                ),
                (
                    services.Role.BOARD_ADMINISTRATOR,
                    services.Role.BOARD_ADMINISTRATOR.label,
                    held["is_administrator"],
                    _("Make board administrator"),
                ),
            ],
        },
    )
