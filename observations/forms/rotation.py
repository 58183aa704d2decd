"""The options of a cycle's peer-visit rotation."""

from django import forms
from django.utils.translation import gettext_lazy as _

from communities.models import Community
from cycles.forms import TimeInput
from observations.access import rotation_instruments
from observations.selectors.rotation import DEFAULT_TIME


class RotationForm(forms.Form):
    """Sent twice: by GET to see the proposal, then by POST (as hidden fields, with the
    proposal's fingerprint) to create exactly what was seen."""

    observers_per_visit = forms.TypedChoiceField(
        label=_("Observers per visit"),
        choices=[
            (1, _("One: everyone observes one colleague")),
            (2, _("Two (trios): everyone observes two colleagues")),
        ],
        coerce=int,
        initial=1,
        widget=forms.RadioSelect,
    )
    include_facilitators = forms.BooleanField(
        label=_("Facilitators take part"),
        required=False,
        initial=True,
        help_text=_("A facilitator who teaches observes and is observed like the members."),
    )
    # Not required: a proposal asked for without them (a bare link) uses the defaults.
    instrument = forms.TypedChoiceField(
        label=_("Observation checklist"), coerce=int, required=False
    )
    time = forms.TimeField(
        label=_("Time of the visits"), initial=DEFAULT_TIME, required=False, widget=TimeInput()
    )
    replace = forms.BooleanField(
        label=_("Replace this cycle's rotation"),
        required=False,
        help_text=_("Visits that have not begun are replaced; visits that have begun stay."),
    )
    fingerprint = forms.CharField(required=False, max_length=64, widget=forms.HiddenInput)

    def __init__(self, *args, community: Community, has_rotation: bool, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        # Read once: for the choices, and to turn the chosen one back into a checklist.
        self.instruments = {i.pk: i for i in rotation_instruments(community)}
        self.fields["instrument"].choices = [(pk, i.name) for pk, i in self.instruments.items()]
        if not has_rotation:
            del self.fields["replace"]

    def clean_instrument(self):
        pk = self.cleaned_data["instrument"]
        instrument = (
            self.instruments.get(pk) if pk != "" else next(iter(self.instruments.values()), None)
        )
        if instrument is None:
            raise forms.ValidationError(_("There is no observation checklist to use."))
        return instrument

    def clean_time(self):
        return self.cleaned_data["time"] or DEFAULT_TIME

    def options(self) -> dict:
        """The cleaned options, as `rotation_propose` takes them."""
        data = self.cleaned_data
        return {
            "instrument": data["instrument"],
            "include_facilitators": data["include_facilitators"],
            "observers_per_visit": data["observers_per_visit"],
            "time": data["time"],
            "replace": data.get("replace", False),
        }

    def hidden_values(self, fingerprint: str) -> list[tuple[str, str]]:
        """The options and the fingerprint as (name, value) for the confirmation form. An
        unticked box is left out, as a browser does."""
        options = self.options()
        values = [
            ("observers_per_visit", str(options["observers_per_visit"])),
            ("instrument", str(options["instrument"].pk)),
            ("time", options["time"].strftime("%H:%M")),
            ("fingerprint", fingerprint),
        ]
        values += [(name, "on") for name in ("include_facilitators", "replace") if options[name]]
        return values
