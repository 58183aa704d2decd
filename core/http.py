"""Small helpers the views share."""

from django import forms
from django.core.exceptions import ValidationError
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render


def render_page(
    request: HttpRequest,
    template: str,
    context: dict,
    *,
    partial: str | None = None,
    status: int = 200,
) -> HttpResponse:
    """The whole page, or only the named partial when htmx asks for it."""
    name = f"{template}#{partial}" if partial and request.htmx else template
    response = render(request, name, context, status=status)
    response.headers["Vary"] = "HX-Request"
    return response


def form_error(form: forms.BaseForm, error: ValidationError) -> None:
    """Show a service's ValidationError on the form: next to the field where it names one."""
    if hasattr(error, "error_dict"):
        for field, errors in error.error_dict.items():
            form.add_error(field if field in form.fields else None, errors)
    else:
        form.add_error(None, error)


def whole_number(value: str | None, *, digits: int = 12) -> int | None:
    """A plain number typed in a URL or a form ("12"), or None. `str.isdigit` alone lets
    through digits like "²" that `int()` refuses."""
    if value and value.isascii() and value.isdigit() and len(value) <= digits:
        return int(value)
    return None
