"""Forms of the observation checklist pages: the builder (a checklist as text), copying,
and the checklists a community uses."""

from django import forms
from django.db.models import QuerySet
from django.utils.translation import gettext_lazy as _

from communities.models import Organisation
from core.forms import PlainText
from observations import checklist_text
from observations.models import Instrument


class BoardChoiceField(forms.ModelChoiceField):
    def label_from_instance(self, obj: Organisation) -> str:
        return obj.name


class InstrumentForm(PlainText, forms.Form):
    """A checklist as text: name, description, the scale and an outline of domains and
    items. The scale and outline come out parsed (lists of levels and domains)."""

    name = forms.CharField(label=_("Name"), max_length=150)
    description = forms.CharField(
        label=_("Description"),
        required=False,
        max_length=2000,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text=_("What the checklist is for, and when to use it."),
    )
    organisation = BoardChoiceField(
        label=_("School board"), queryset=Organisation.objects.none(), empty_label=None
    )
    scale = forms.CharField(
        label=_("Scale"),
        max_length=2000,
        widget=forms.Textarea(attrs={"rows": 5, "class": "text-outline", "spellcheck": "true"}),
        help_text=_(
            "One level per line: a value, “=” and a label, e.g. “1 = insufficient”. "
            "A line without a value, e.g. “not seen”, is for what you could not observe."
        ),
    )
    outline = forms.CharField(
        label=_("Domains and items"),
        max_length=40000,
        widget=forms.Textarea(attrs={"rows": 16, "class": "text-outline", "spellcheck": "true"}),
        help_text=_(
            "One domain per line, with its items below it on lines starting with “-”, e.g. "
            "“Classroom climate” and below it “- The teacher greets pupils by name.”"
        ),
    )

    def __init__(self, *args, boards: QuerySet[Organisation] | None = None, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        if boards is None:
            del self.fields["organisation"]
        else:
            self.fields["organisation"].queryset = boards

    def clean_scale(self) -> list[checklist_text.Level]:
        return checklist_text.parse_scale(self.cleaned_data["scale"])

    def clean_outline(self) -> list[checklist_text.DomainSpec]:
        return checklist_text.parse_outline(self.cleaned_data["outline"])

    @classmethod
    def initial_for(cls, instrument: Instrument) -> dict:
        return {
            "name": instrument.name,
            "description": instrument.description,
            "scale": checklist_text.format_scale(instrument.levels.all()),
            "outline": checklist_text.format_outline(instrument.domains.prefetch_related("items")),
        }


class CopyForm(forms.Form):
    """Which of the person's boards gets the copy, when they build for more than one."""

    organisation = BoardChoiceField(
        label=_("Copy for"), queryset=Organisation.objects.none(), required=False
    )

    def __init__(self, *args, boards: QuerySet[Organisation], **kwargs) -> None:
        super().__init__(*args, **kwargs)
        self.fields["organisation"].queryset = boards


class InstrumentsChoiceField(forms.ModelMultipleChoiceField):
    def label_from_instance(self, obj: Instrument) -> str:
        if obj.organisation_id is None:
            return _("%(name)s (built-in)") % {"name": obj.name}
        return obj.name


class CommunityInstrumentsForm(forms.Form):
    instruments = InstrumentsChoiceField(
        label=_("Checklists this community uses"),
        queryset=Instrument.objects.none(),
        required=False,
        widget=forms.CheckboxSelectMultiple,
        help_text=_("Visits are planned with one of these. Choose none to offer them all."),
    )

    def __init__(self, *args, options: QuerySet[Instrument], **kwargs) -> None:
        super().__init__(*args, **kwargs)
        self.fields["instruments"].queryset = options
