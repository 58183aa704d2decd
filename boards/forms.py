"""The board administration's forms: a school, a person, their roles, a community and its
facilitators, and the searches above the lists."""

import re

from django import forms
from django.db import models
from django.utils.translation import gettext_lazy as _

from boards.access import board_schools
from boards.selectors import StaffStatus
from boards.services.roles import Role
from communities.forms import DateInput
from communities.models import Community, Organisation, School, StaffMember
from core.forms import CreateOnce, PlainText

_POSTCODE = re.compile(r"\A([1-9][0-9]{3})([A-Z]{2})\Z")


class SchoolSearchForm(PlainText, forms.Form):
    q = forms.CharField(
        label=_("Search by name, BRIN number or place"), required=False, max_length=100
    )


class SchoolForm(PlainText, CreateOnce, forms.ModelForm):
    """A school's name, numbers, sector, holiday region and address. The BRIN number and
    the postcode may be typed in small letters and with or without spaces."""

    class Meta:
        model = School
        fields = ["name", "brin", "location", "sector", "region", "street", "postcode", "place"]
        widgets = {
            "brin": forms.TextInput(attrs={"autocapitalize": "characters", "size": 6}),
            "location": forms.TextInput(attrs={"inputmode": "numeric", "size": 4}),
            "postcode": forms.TextInput(attrs={"autocomplete": "postal-code", "size": 8}),
            "street": forms.TextInput(attrs={"autocomplete": "address-line1"}),
            "place": forms.TextInput(attrs={"autocomplete": "address-level2"}),
        }

    def __init__(self, *args, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        # Blank in the table for schools made before; asked for here.
        self.fields["brin"].required = True
        self.fields["sector"].required = True

    def clean_brin(self) -> str:
        return "".join(self.cleaned_data["brin"].split()).upper()

    def clean_location(self) -> str:
        return self.cleaned_data["location"].strip()

    def clean_postcode(self) -> str:
        """ "1234ab" and "1234 AB" alike are written "1234 AB"."""
        compact = "".join(self.cleaned_data["postcode"].split()).upper()
        match = _POSTCODE.match(compact)
        return f"{match[1]} {match[2]}" if match else self.cleaned_data["postcode"]


# People -----------------------------------------------------------------------------


class PersonSearchForm(PlainText, forms.Form):
    q = forms.CharField(
        label=_("Search by name, e-mail address, function or school"),
        required=False,
        max_length=100,
    )
    status = forms.ChoiceField(
        label=_("Show"),
        choices=StaffStatus.choices,
        required=False,
        initial=StaffStatus.CURRENT,
    )


class PersonForm(PlainText, forms.Form):
    """A person on the board's staff list: name, e-mail address, function and schools (of
    this board only)."""

    full_name = forms.CharField(
        label=_("Name"),
        max_length=150,
        widget=forms.TextInput(attrs={"autocomplete": "off"}),
    )
    email = forms.EmailField(
        label=_("Email address"), widget=forms.EmailInput(attrs={"autocomplete": "off"})
    )
    function = forms.CharField(
        label=_("Function"),
        max_length=100,
        required=False,
        help_text=_("E.g. teacher, intern begeleider."),
    )
    schools = forms.ModelMultipleChoiceField(
        label=_("Schools"),
        queryset=School.objects.none(),
        required=False,
        widget=forms.CheckboxSelectMultiple,
    )

    def __init__(self, *args, organisation: Organisation, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        self.fields["schools"].queryset = board_schools(organisation)


class NewPersonForm(CreateOnce, PersonForm):
    """A new person: sent twice, it adds them once."""


# Roles ------------------------------------------------------------------------------


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


# Communities ------------------------------------------------------------------------


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
