"""Forms of the PLC scan pages: answering a round, and opening one."""

import datetime as dt

from django import forms
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from observations.models import ScanTheme

SCORES = [
    (1, _("Strongly disagree")),
    (2, _("Disagree")),
    (3, _("Neutral")),
    (4, _("Agree")),
    (5, _("Strongly agree")),
]

# A round stays open for at most this long; a date further out is surely a typo.
LONGEST_ROUND = dt.timedelta(days=366)


class ScanAnswerForm(forms.Form):
    """One 1-5 radio group per statement, every statement required."""

    def __init__(self, *args, themes: list[ScanTheme], **kwargs) -> None:
        super().__init__(*args, **kwargs)
        self.themes = themes
        for theme in themes:
            for statement in theme.statements.all():
                self.fields[self.field_name(statement.pk)] = forms.TypedChoiceField(
                    label=statement.text,
                    choices=SCORES,
                    coerce=int,
                    widget=forms.RadioSelect,
                    error_messages={
                        "required": _("Choose an answer for this statement."),
                        "invalid_choice": _("Choose one of the five answers."),
                    },
                )

    @staticmethod
    def field_name(statement_pk: int) -> str:
        return f"statement_{statement_pk}"

    def grouped(self) -> list[tuple[ScanTheme, list[forms.BoundField]]]:
        """The bound fields per theme, in the scan's order, for the template."""
        return [
            (theme, [self[self.field_name(s.pk)] for s in theme.statements.all()])
            for theme in self.themes
        ]

    def scores(self) -> dict[int, int]:
        return {
            statement.pk: self.cleaned_data[self.field_name(statement.pk)]
            for theme in self.themes
            for statement in theme.statements.all()
        }


class ScanRoundOpenForm(forms.Form):
    closes_on = forms.DateField(
        label=_("Closing date (optional)"),
        required=False,
        help_text=_("From the day after, no more answers are taken and the results show."),
        widget=forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d"),
    )

    def clean_closes_on(self) -> dt.date | None:
        closes_on = self.cleaned_data["closes_on"]
        today = timezone.localdate()
        if closes_on and closes_on < today:
            raise forms.ValidationError(_("Choose today or a later day."))
        if closes_on and closes_on > today + LONGEST_ROUND:
            raise forms.ValidationError(_("Choose a day within a year from today."))
        return closes_on
