"""The board administration's form for a person's roles: one role given or taken away."""

from django import forms
from django.db import models
from django.utils.translation import gettext_lazy as _

from boards.access import board_schools
from boards.services.roles import Role
from communities.models import Organisation, School


class RoleForm(forms.Form):
    """One role given or taken away: the buttons of a person's roles page."""

    class Action(models.TextChoices):
        GRANT = "grant", _("give")
        REVOKE = "revoke", _("take away")

    role = forms.ChoiceField(label=_("Role"), choices=Role.choices)
    school = forms.ModelChoiceField(
        label=_("School"), queryset=School.objects.none(), required=False
    )
    action = forms.ChoiceField(label=_("Action"), choices=Action.choices)

    def __init__(self, *args, organisation: Organisation, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        self.fields["school"].queryset = board_schools(organisation)

    def clean(self) -> dict:
        cleaned = super().clean()
        if cleaned.get("role") == Role.SCHOOL_LEADER and not cleaned.get("school"):
            self.add_error("school", _("Choose a school."))
        return cleaned
