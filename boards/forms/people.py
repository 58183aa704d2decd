"""The board administration's forms for people: the search above the staff list, and a
person (new or changed)."""

from django import forms
from django.utils.translation import gettext_lazy as _

from boards.access import board_schools
from boards.selectors.people import StaffStatus
from communities.models import Organisation, School
from core.forms import CreateOnce, PlainText


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
