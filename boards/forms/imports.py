"""The staff import's forms: the file, the columns step, and leavers asked for or not."""

from django import forms
from django.utils.html import escape
from django.utils.translation import gettext_lazy as _

from boards import staff_file
from core.forms import CreateOnce

# Sample values shown under a column's choice in the columns step.
SAMPLES = 3


class StaffFileForm(CreateOnce, forms.Form):
    file = forms.FileField(
        label=_("Staff file"),
        help_text=_(
            "CSV (separated by semicolons or commas) or Excel (.xlsx), at most 5 MB, one row "
            "per person: name (or first name, infix, last name), e-mail address, school or "
            "BRIN number, function, and optionally the learning community. The first sheet of "
            "an Excel file is read; several schools or communities in one cell are separated "
            "by ; or |."
        ),
        allow_empty_file=True,
        widget=forms.FileInput(attrs={"accept": ".csv,.txt,.xlsx"}),
    )
    leavers = forms.BooleanField(
        label=_("List the people who are no longer in the file, to mark them as leavers"),
        required=False,
    )


class LeaversForm(forms.Form):
    leavers = forms.BooleanField(required=False)


def _choices() -> list[tuple[str, str]]:
    return [(staff_file.IGNORE, _("Not imported"))] + list(staff_file.FIELDS.items())


class ColumnsForm(forms.Form):
    """For every column of the file: what it holds (or nothing to import)."""

    def __init__(self, *args, header: list[str], rows: list, mapping: list[str], **kwargs):
        super().__init__(*args, **kwargs)
        self.width = len(header)
        for i, text in enumerate(header):
            # Django shows help text unescaped: the file's values are escaped here.
            samples = [escape(cells[i][:40]) for _line, cells in rows[:SAMPLES] if cells[i]]
            self.fields[f"column_{i}"] = forms.ChoiceField(
                label=text or _("Column %(number)s") % {"number": i + 1},
                choices=_choices(),
                required=False,
                initial=mapping[i] if i < len(mapping) else staff_file.IGNORE,
                help_text=_("E.g. %(samples)s") % {"samples": ", ".join(samples)}
                if samples
                else "",
            )

    def mapping(self) -> list[str]:
        return [self.cleaned_data.get(f"column_{i}") or "" for i in range(self.width)]
