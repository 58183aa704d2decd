"""The board administration's forms: a school, and the search above the list of schools."""

import re

from django import forms
from django.utils.translation import gettext_lazy as _

from communities.models import School
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
