"""Cycle templates: the built-in four-week rhythm, and a board's own copies of it."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from communities import access as community_access
from core.http import form_error, render_page
from cycles import access as cycle_access
from cycles import selectors
from cycles.forms import TemplateActivityForm, TemplateForm
from cycles.models import TemplateActivity
from cycles.services import templates as template_services


@require_GET
@login_required
def templates(request: HttpRequest, pk: int) -> HttpResponse:
    community = community_access.community_for_user(request.user, pk)
    if not cycle_access.can_plan(request.user, community):
        raise PermissionDenied
    return render_page(
        request,
        "cycles/templates.html",
        {"community": community, "templates": selectors.templates_page(community)},
    )


@require_POST
@login_required
def template_copy(request: HttpRequest, pk: int, template_pk: int) -> HttpResponse:
    community = community_access.community_for_user(request.user, pk)
    if not cycle_access.can_plan(request.user, community):
        raise PermissionDenied
    original = get_object_or_404(cycle_access.templates_for(community), pk=template_pk)
    copy = template_services.template_copy(
        template=original,
        organisation=community.organisation,
        name=selectors.template_copy_name(original, community.organisation_id),
    )
    messages.success(request, _("The template has been copied. Change it as you like."))
    return redirect("cycles:template", pk=copy.pk)


@require_http_methods(["GET", "POST"])
@login_required
def template(request: HttpRequest, pk: int) -> HttpResponse:
    template = cycle_access.template_for_editor(request.user, pk)
    form = TemplateForm(request.POST or None, instance=template, prefix="template")
    activity_form = TemplateActivityForm(prefix="activity")
    if request.method == "POST":
        if "activity-kind" in request.POST:
            form = TemplateForm(instance=template, prefix="template")
            activity_form = TemplateActivityForm(request.POST, prefix="activity")
            if activity_form.is_valid():
                try:
                    template_services.template_activity_add(
                        template=template, **activity_form.cleaned_data
                    )
                except ValidationError as error:
                    form_error(activity_form, error)
                else:
                    messages.success(request, _("The activity has been added."))
                    return redirect("cycles:template", pk=template.pk)
        elif form.is_valid():
            try:
                template_services.template_update(template=template, **form.cleaned_data)
            except ValidationError as error:
                form_error(form, error)
            else:
                messages.success(request, _("Your changes have been saved."))
                return redirect("cycles:template", pk=template.pk)
    return render_page(
        request,
        "cycles/template.html",
        {
            "template": template,
            "form": form,
            "activity_form": activity_form,
            "activities": list(template.activities.all()),
        },
    )


@require_POST
@login_required
def template_activity_delete(request: HttpRequest, pk: int) -> HttpResponse:
    activity = get_object_or_404(TemplateActivity, pk=pk)
    template = cycle_access.template_for_editor(request.user, activity.template_id)
    template_services.template_activity_delete(activity=activity)
    messages.success(request, _("The activity has been removed."))
    return redirect("cycles:template", pk=template.pk)
