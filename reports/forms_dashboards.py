"""The dashboards' filters: a school year, and a cycle within it."""

from django import forms
from django.utils.translation import gettext_lazy as _

from cycles.calendar import school_year_of
from cycles.models import Cycle
from reports.selectors import CycleSpan, Period, cycle_spans, period_for_span


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


class SpanFilter(forms.Form):
    """A school or board dashboard: a school year, and the n-th cycle of it."""

    year = forms.TypedChoiceField(label=_("School year"), coerce=int)
    cycle = forms.TypedChoiceField(label=_("Cycle"), coerce=int, required=False, empty_value=None)

    def __init__(self, *args, years: list[int], spans: list[CycleSpan], **kwargs) -> None:
        super().__init__(*args, **kwargs)
        self.fields["year"].choices = [(year, f"{year}–{year + 1}") for year in years]
        self.fields["cycle"].choices = [("", _("Whole school year"))] + [
            (
                span.number,
                _("Cycle %(number)s of the year (%(start)s – %(end)s)")
                % {
                    "number": span.number,
                    "start": span.first_day.strftime("%d-%m-%Y"),
                    "end": span.last_day.strftime("%d-%m-%Y"),
                },
            )
            for span in spans
        ]


def dashboard_filter(request, years: list[int], cycles_of, today) -> tuple[SpanFilter, Period]:
    """The school year and cycle asked for in the query string of a school or board
    dashboard; a value that isn't a choice is left out and the default shown. `cycles_of`
    gives the (community, start, end) of the cycles of a school year."""
    asked = SpanFilter({"year": request.GET.get("year") or ""}, years=years, spans=[])
    asked.is_valid()
    year = asked.cleaned_data.get("year") or school_year_of(today)
    spans = cycle_spans(cycles_of(year), year)
    asked = SpanFilter(
        {"year": year, "cycle": request.GET.get("cycle") or ""}, years=years, spans=spans
    )
    asked.is_valid()
    number = asked.cleaned_data.get("cycle")
    span = next((span for span in spans if span.number == number), None)
    form = SpanFilter(
        {"year": year, "cycle": span.number if span else ""}, years=years, spans=spans
    )
    return form, period_for_span(year, span)
