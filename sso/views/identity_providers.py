"""The board's sign-in settings page, for its directors and administrators."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods

from core.http import form_error, render_page
from sso import access, selectors
from sso.forms.identity_providers import IdentityProviderForm
from sso.services import identity_providers as services


@require_http_methods(["GET", "POST"])
@login_required
def identity_provider(request: HttpRequest) -> HttpResponse:
    organisation = access.board_for_administrator(request.user)
    provider = selectors.identity_provider_of(organisation)
    form = IdentityProviderForm(request.POST or None, provider=provider)
    if request.method == "POST" and form.is_valid():
        try:
            services.identity_provider_save(
                organisation=organisation, by=request.user, **form.cleaned_data
            )
        except ValidationError as error:
            form_error(form, error)
        else:
            messages.success(request, _("Your changes have been saved."))
            return redirect("sso:identity_provider")
    return render_page(
        request,
        "sso/identity_provider.html",
        {
            "organisation": organisation,
            "provider": provider,
            "form": form,
            "redirect_uri": selectors.redirect_uri(organisation),
        },
    )
