"""The forms of the cycle pages: the year plan, meetings, school calendars, topics, cycle
templates and products."""

import datetime as dt

from django import forms
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from accounts.models import User
from communities.forms import DateInput
from communities.models import Community
from core.forms import CreateOnce, PlainText
from cycles import access as cycle_access
from cycles import uploads
from cycles.calendar import local_datetime
from cycles.models import (
    AgreedAction,
    Cycle,
    CycleTemplate,
    Meeting,
    Product,
    SchoolHoliday,
    TemplateActivity,
    Topic,
)


class TimeInput(forms.TimeInput):
    input_type = "time"

    def __init__(self, **kwargs) -> None:
        super().__init__(format="%H:%M", **kwargs)


class PlanForm(forms.Form):
    template = forms.ModelChoiceField(
        label=_("Cycle template"), queryset=CycleTemplate.objects.none()
    )
    start = forms.DateField(label=_("First week"), widget=DateInput())
    count = forms.IntegerField(label=_("Number of cycles"), min_value=1, max_value=20, initial=10)

    def clean_start(self) -> dt.date:
        start = self.cleaned_data["start"]
        today = timezone.localdate()
        if start < today:
            raise forms.ValidationError(_("Plan from today or later."))
        if start > today + dt.timedelta(days=3 * 366):
            raise forms.ValidationError(_("Plan at most three years ahead."))
        return start

    def __init__(self, *args, community: Community, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        self.fields["template"].queryset = cycle_access.templates_for(community).order_by("name")


class MeetingForm(PlainText, forms.ModelForm):
    """A meeting's date and times are edited as Amsterdam wall-clock values."""

    date = forms.DateField(label=_("Date"), widget=DateInput())
    start = forms.TimeField(label=_("Start"), widget=TimeInput())
    end = forms.TimeField(label=_("End"), widget=TimeInput())
    version = forms.IntegerField(widget=forms.HiddenInput)
    online_url = forms.URLField(label=_("Online link"), required=False, assume_scheme="https")
    reason = forms.CharField(
        label=_("Reason for a change of date or time"),
        required=False,
        max_length=200,
        help_text=_("Attendees are told when a meeting moves."),
    )

    class Meta:
        model = Meeting
        fields = ["location", "online_url", "topic", "agenda", "notes", "decisions"]
        widgets = {
            "agenda": forms.Textarea(attrs={"rows": 4}),
            "notes": forms.Textarea(attrs={"rows": 6}),
            "decisions": forms.Textarea(attrs={"rows": 4}),
        }

    field_order = [
        "date",
        "start",
        "end",
        "reason",
        "location",
        "online_url",
        "topic",
        "agenda",
        "notes",
        "decisions",
    ]

    def __init__(self, *args, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        if self.instance.pk and not self.is_bound:
            starts = timezone.localtime(self.instance.starts_at)
            ends = timezone.localtime(self.instance.ends_at)
            self.initial.update(
                date=starts.date(),
                start=starts.time(),
                end=ends.time(),
                version=self.instance.version,
            )

    def clean_date(self) -> dt.date:
        day = self.cleaned_data["date"]
        if abs((day - timezone.localdate()).days) > 5 * 366:
            raise forms.ValidationError(_("Choose a date within five years from today."))
        return day

    def clean(self) -> dict:
        data = super().clean()
        day, start, end = data.get("date"), data.get("start"), data.get("end")
        if day and start and end:
            if end <= start:
                self.add_error("end", _("The meeting must end after it starts."))
            else:
                data["starts_at"] = local_datetime(day, start)
                data["ends_at"] = local_datetime(day, end)
        return data

    def changes(self) -> dict:
        data = self.cleaned_data
        fields = {name: data[name] for name in self.Meta.fields}
        fields.update(starts_at=data["starts_at"], ends_at=data["ends_at"])
        return fields


class NotesForm(PlainText, forms.Form):
    notes = forms.CharField(
        label=_("Notes"), widget=forms.Textarea(attrs={"rows": 6}), required=False
    )
    version = forms.IntegerField(widget=forms.HiddenInput)


class CancelForm(PlainText, forms.Form):
    reason = forms.CharField(label=_("Reason"), required=False, max_length=200)


class ActionForm(PlainText, CreateOnce, forms.ModelForm):
    class Meta:
        model = AgreedAction
        fields = ["description", "owner", "due_date"]
        widgets = {"due_date": DateInput()}

    def __init__(self, *args, community: Community, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        self.fields["owner"].queryset = User.objects.filter(
            memberships__community=community
        ).order_by("full_name")


def default_start() -> dt.date:
    today = timezone.localdate()
    return today + dt.timedelta(days=7 - today.weekday())


class HolidayForm(PlainText, forms.ModelForm):
    class Meta:
        model = SchoolHoliday
        fields = ["name", "kind", "first_day", "last_day"]
        widgets = {"first_day": DateInput(), "last_day": DateInput()}

    def clean(self) -> dict:
        data = super().clean()
        first, last = data.get("first_day"), data.get("last_day")
        if first and last and last < first:
            self.add_error("last_day", _("The last day can't be before the first day."))
        return data


class HolidayImportForm(PlainText, forms.Form):
    lines = forms.CharField(
        label=_("Paste a list"),
        widget=forms.Textarea(attrs={"rows": 6}),
        help_text=_(
            "One holiday or study day per line: name; first day; last day. For example "
            "“Herfstvakantie; 17-10-2026; 25-10-2026” or “Studiedag; 12-11-2026”. "
            "Rows copied from a spreadsheet work too."
        ),
    )


class TopicForm(PlainText, CreateOnce, forms.ModelForm):
    class Meta:
        model = Topic
        fields = ["title", "description"]
        widgets = {"description": forms.Textarea(attrs={"rows": 3})}


class ChooseTopicForm(PlainText, forms.Form):
    cycle = forms.ModelChoiceField(label=_("For cycle"), queryset=None, required=False)
    meeting = forms.ModelChoiceField(label=_("Or for one meeting"), queryset=None, required=False)
    reason = forms.CharField(label=_("Why this topic"), widget=forms.Textarea(attrs={"rows": 2}))

    def __init__(self, *args, community: Community, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        self.fields["cycle"].queryset = Cycle.objects.filter(community=community).order_by("number")
        self.fields["meeting"].queryset = Meeting.objects.filter(community=community).exclude(
            kind="coaching"
        )
        self.fields["cycle"].label_from_instance = lambda cycle: (
            _("Cycle %(number)s (%(date)s)")
            % {"number": cycle.number, "date": cycle.start_date.strftime("%d-%m-%Y")}
        )


def _limit_inputs(form: forms.BaseForm, limits: dict[str, tuple[int, int]]) -> None:
    """The model's limits on the number inputs too, so a browser offers what is allowed;
    the model's validators refuse anything else with a message at the field."""
    for name, (low, high) in limits.items():
        form.fields[name].widget.attrs.update(min=low, max=high)


class DeclineTopicForm(PlainText, forms.Form):
    reason = forms.CharField(label=_("Why not (optional)"), required=False, max_length=500)


class TemplateForm(PlainText, forms.ModelForm):
    class Meta:
        model = CycleTemplate
        fields = ["name", "description", "weeks"]
        widgets = {"description": forms.Textarea(attrs={"rows": 3})}

    def __init__(self, *args, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        _limit_inputs(self, {"weeks": (1, 12)})


class TemplateActivityForm(forms.ModelForm):
    class Meta:
        model = TemplateActivity
        fields = ["week", "kind", "weekday", "start_time", "duration_minutes"]
        widgets = {"start_time": TimeInput()}

    def __init__(self, *args, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        _limit_inputs(self, {"week": (1, 12), "duration_minutes": (5, 600)})


class CycleForm(PlainText, forms.Form):
    topic = forms.CharField(label=_("Topic"), max_length=200, required=False)
    version = forms.IntegerField(widget=forms.HiddenInput)


_ACCEPT = ",".join(f".{ext}" for kind in uploads.FILE_TYPES for ext in kind.extensions)
_FILE_HELP = _(
    "PDF, Word, Excel, PowerPoint, OpenDocument, an image (PNG, JPEG, GIF) or plain text; "
    "at most 20 MB."
)


def _file_field(*, required: bool) -> forms.FileField:
    return forms.FileField(
        label=_("File"),
        required=required,
        help_text=_FILE_HELP,
        widget=forms.FileInput(attrs={"accept": _ACCEPT}),
    )


class ProductForm(PlainText, CreateOnce, forms.ModelForm):
    file = _file_field(required=False)
    link = forms.URLField(
        label=_("Link"),
        required=False,
        assume_scheme="https",
        help_text=_("A product needs a file or a link (or both)."),
    )

    class Meta:
        model = Product
        fields = ["title", "description", "link", "cycle", "goal", "authors"]
        widgets = {
            "description": forms.Textarea(attrs={"rows": 4}),
            "authors": forms.CheckboxSelectMultiple,
        }

    def __init__(self, *args, community: Community, with_file: bool, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        if not with_file:
            del self.fields["file"]
        else:
            self.order_fields(["title", "description", "file", "link"])
        self.fields["cycle"].queryset = community.cycles.order_by("number")
        self.fields["cycle"].label_from_instance = lambda cycle: (
            _("Cycle %(number)s") % {"number": cycle.number}
            + (f": {cycle.topic}" if cycle.topic else "")
        )
        self.fields["goal"].queryset = community.goals.all()
        # Members, and authors named before who may have left the community since.
        named = Q(products=self.instance) if self.instance.pk else Q(pk__in=[])
        self.fields["authors"].queryset = (
            User.objects.filter(Q(memberships__community=community) | named)
            .distinct()
            .order_by("full_name", "email")
        )


class VersionForm(forms.Form):
    file = _file_field(required=True)
