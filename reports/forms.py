"""The period filter of the dashboards and the school-year report: a school year, and a
cycle within it."""

import datetime as dt
from collections.abc import Callable, Mapping

from django import forms
from django.utils.translation import gettext_lazy as _

from cycles.calendar import school_year_of
from cycles.models import Cycle
from reports.periods import CycleSpan, Period, cycle_spans, period_for, period_for_span


class PeriodFilter(forms.Form):
    """A school year, and a cycle of it: one of a community's own cycles (`cycles`), or on
    a school or board dashboard the n-th cycle of the year (`spans`)."""

    year = forms.TypedChoiceField(label=_("School year"), coerce=int)
    cycle = forms.TypedChoiceField(label=_("Cycle"), coerce=int, required=False, empty_value=None)

    def __init__(
        self,
        *args,
        years: list[int],
        cycles: list[Cycle] = (),
        spans: list[CycleSpan] = (),
        **kwargs,
    ) -> None:
        super().__init__(*args, **kwargs)
        self.fields["year"].choices = [(year, f"{year}–{year + 1}") for year in years]
        self.fields["cycle"].choices = [
            ("", _("Whole school year")),
            *(
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
            ),
            *(
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
            ),
        ]


# A value that isn't a choice is left out, and the default shown.


def filter_by_cycle(
    query: Mapping[str, str], *, years: list[int], cycles: list[Cycle], today: dt.date
) -> tuple[PeriodFilter, Period]:
    """The school year, or one of the community's cycles, asked for in the query string of
    a community dashboard."""
    asked = PeriodFilter(
        {
            "year": query.get("year") or school_year_of(today),
            "cycle": query.get("cycle") or "",
        },
        years=years,
        cycles=cycles,
    )
    asked.is_valid()
    year = asked.cleaned_data.get("year") or school_year_of(today)
    cycle_pk = asked.cleaned_data.get("cycle")
    cycle = next((cycle for cycle in cycles if cycle.pk == cycle_pk), None)
    period = period_for(year, cycle)
    form = PeriodFilter(
        {"year": period.year, "cycle": cycle.pk if cycle else ""}, years=years, cycles=cycles
    )
    return form, period


def filter_by_span(
    query: Mapping[str, str],
    *,
    years: list[int],
    cycles_of: Callable[[int], list[tuple[int, dt.date, dt.date]]],
    today: dt.date,
) -> tuple[PeriodFilter, Period]:
    """The school year, or the n-th cycle of it, asked for in the query string of a school
    or board dashboard. `cycles_of` gives the (community, start, end) of the cycles of a
    school year."""
    asked = PeriodFilter({"year": query.get("year") or ""}, years=years)
    asked.is_valid()
    year = asked.cleaned_data.get("year") or school_year_of(today)
    spans = cycle_spans(cycles_of(year), year)
    asked = PeriodFilter(
        {"year": year, "cycle": query.get("cycle") or ""}, years=years, spans=spans
    )
    asked.is_valid()
    number = asked.cleaned_data.get("cycle")
    span = next((span for span in spans if span.number == number), None)
    form = PeriodFilter(
        {"year": year, "cycle": span.number if span else ""}, years=years, spans=spans
    )
    return form, period_for_span(year, span)


def filter_by_year(
    query: Mapping[str, str], *, years: list[int], today: dt.date
) -> tuple[PeriodFilter, int]:
    """The school year asked for in the query string of the school-year report page."""
    asked = PeriodFilter({"year": query.get("year") or school_year_of(today)}, years=years)
    asked.is_valid()
    year = asked.cleaned_data.get("year") or school_year_of(today)
    return PeriodFilter({"year": year}, years=years), year
