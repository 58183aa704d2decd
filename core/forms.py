"""Pieces the forms of every app share."""

import re
import uuid

from django import forms
from django.core.exceptions import ValidationError
from django.core.validators import ProhibitNullCharactersValidator
from django.utils.translation import gettext_lazy as _

# Control characters, but for tab, line feed and carriage return. PostgreSQL refuses NUL in
# text (a 500); the others are invisible, and break the PDF and calendar feeds they end up in.
_CONTROL_CHARACTERS = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x9f]")


def refuse_control_characters(value: object) -> None:
    if isinstance(value, str) and _CONTROL_CHARACTERS.search(value):
        raise ValidationError(
            _(
                "This text contains invisible control characters. Remove them (typing the "
                "text again helps) and try again."
            ),
            code="control_characters",
        )


def plain_text(form: forms.BaseForm) -> None:
    """Every text field of `form` refuses control characters, with one clear message (it
    replaces Django's own check for NUL, which says less). Passwords are left as typed."""
    for field in form.fields.values():
        if not isinstance(field, forms.CharField) or isinstance(field.widget, forms.PasswordInput):
            continue
        field.validators = [
            validator
            for validator in field.validators
            if not isinstance(validator, ProhibitNullCharactersValidator)
            and validator is not refuse_control_characters
        ] + [refuse_control_characters]


class PlainText:
    """A form whose text fields refuse control characters (see `plain_text`)."""

    def __init__(self, *args, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        plain_text(self)


class CreateOnce:
    """The form of a new row carries a hidden `client_key`, fresh for every rendered form,
    so sending it twice makes one row (see `plc.once`). An edit form (a ModelForm with a
    saved instance) has no key."""

    def __init__(self, *args, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        instance = getattr(self, "instance", None)
        if instance is not None and instance.pk is not None:
            return
        self.fields["client_key"] = forms.UUIDField(widget=forms.HiddenInput, required=False)
        if not self.is_bound:
            self.initial.setdefault("client_key", uuid.uuid4())
