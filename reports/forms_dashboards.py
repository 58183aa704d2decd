"""The dashboards' filters: a school year, and a cycle within it."""

from django import forms
from django.utils.translation import gettext_lazy as _

from cycles.models import Cycle


class CommunityDashboardFilter(forms.Form):
    year = forms.TypedChoiceField(label=_("School year"), coerce=int)
    cycle = forms.TypedChoiceField(label=_("Cycle"), coerce=int, required=False, empty_value=None)

    def __init__(self, *args, years: list[int], cycles: list[Cycle], **kwargs) -> None:
        super().__init__(*args, **kwargs)
        self.fields["year"].choices = [(year, f"{year}–{year + 1}") for year in years]
        self.fields["cycle"].choices = [("", _("Whole school year"))] + [
            (
                cycle.pk,
                _("Cycle %(number)s (%(start)s – %(end)s)")
                % {
                    "number": cycle.number,
                    "start": cycle.start_date.strftime("%d-%m-%Y"),
                    "end": cycle.end_date.strftime("%d-%m-%Y"),
                },
            )
            for cycle in cycles
        ]
