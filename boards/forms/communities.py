"""The board administration's forms for communities: the search above the list, a
community's structure, and its facilitators (the search and the add or take-off buttons)."""

from django import forms
from django.db import models
from django.utils.translation import gettext_lazy as _

from boards.access import board_schools
from communities.forms import DateInput
from communities.models import Community, Organisation, StaffMember
from core.forms import CreateOnce, PlainText


class CommunitySearchForm(PlainText, forms.Form):
    q = forms.CharField(label=_("Search by name, focus or school"), required=False, max_length=100)


class CommunityForm(PlainText, CreateOnce, forms.ModelForm):
    """A community's structure: name, focus, schools of this board, start date, status."""

    class Meta:
        model = Community
        fields = ["name", "focus", "schools", "start_date", "status"]
        widgets = {"schools": forms.CheckboxSelectMultiple, "start_date": DateInput()}

    def __init__(self, *args, organisation: Organisation, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        self.fields["schools"].queryset = board_schools(organisation)


class FacilitatorSearchForm(PlainText, forms.Form):
    q = forms.CharField(
        label=_("Find someone by name, e-mail address or function"),
        required=False,
        max_length=100,
    )


class FacilitatorForm(forms.Form):
    """Someone of the board's list made a facilitator, or taken off."""

    class Action(models.TextChoices):
        ADD = "add", _("add")
        REMOVE = "remove", _("take off")

    person = forms.ModelChoiceField(label=_("Person"), queryset=StaffMember.objects.none())
    action = forms.ChoiceField(label=_("Action"), choices=Action.choices)

    def __init__(self, *args, organisation: Organisation, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        self.fields["person"].queryset = StaffMember.objects.filter(
            organisation=organisation
        ).select_related("user", "organisation")
