"""Forms of the classroom visit pages: planning and rescheduling, the contract and coaching
conversations, and one domain of the observation form."""

import datetime as dt

from django import forms
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from accounts.models import User
from communities.forms import DateInput
from communities.models import Community, CommunityGoal, PersonalGoal
from core.forms import CreateOnce, PlainText, plain_text
from cycles.calendar import local_datetime
from cycles.forms import TimeInput
from observations import access as observation_access
from observations.models import Instrument, Item, ScaleLevel, Visit
from observations.selectors.visits import SheetDomain, SheetItem


class MemberChoiceField(forms.ModelChoiceField):
    def label_from_instance(self, obj: User) -> str:
        return str(obj)


class MembersChoiceField(forms.ModelMultipleChoiceField):
    def label_from_instance(self, obj: User) -> str:
        return str(obj)


class WhenMixin(forms.Form):
    date = forms.DateField(label=_("Date"), widget=DateInput())
    start = forms.TimeField(label=_("Time"), widget=TimeInput())

    def clean_date(self) -> dt.date:
        day = self.cleaned_data["date"]
        if abs((day - timezone.localdate()).days) > 2 * 366:
            raise forms.ValidationError(_("Choose a date within two years from today."))
        return day

    def clean(self) -> dict:
        data = super().clean()
        if data.get("date") and data.get("start"):
            data["starts_at"] = local_datetime(data["date"], data["start"])
        return data


class VisitForm(PlainText, CreateOnce, WhenMixin, forms.Form):
    observed = MemberChoiceField(label=_("Observed teacher"), queryset=User.objects.none())
    observers = MembersChoiceField(
        label=_("Observers"),
        queryset=User.objects.none(),
        widget=forms.CheckboxSelectMultiple,
        help_text=_("One or two colleagues who come to watch the lesson."),
    )
    instrument = forms.ModelChoiceField(
        label=_("Observation checklist"), queryset=Instrument.objects.none()
    )
    group = forms.CharField(label=_("Class or group"), max_length=60, required=False)
    subject = forms.CharField(label=_("Subject"), max_length=100, required=False)
    community_goal = forms.ModelChoiceField(
        label=_("Community goal"), queryset=CommunityGoal.objects.none(), required=False
    )
    personal_goal = forms.ModelChoiceField(
        label=_("My personal goal"),
        queryset=PersonalGoal.objects.none(),
        required=False,
        help_text=_("Only when you are the observed teacher."),
    )

    field_order = ["observed", "observers", "date", "start", "group", "subject", "instrument"]

    def __init__(self, *args, community: Community, user: User, plan_any: bool, **kwargs):
        super().__init__(*args, **kwargs)
        self.user, self.plan_any = user, plan_any
        members = User.objects.filter(memberships__community=community).order_by(
            "full_name", "email"
        )
        self.fields["observed"].queryset = members
        self.fields["observers"].queryset = members
        instruments = observation_access.visit_instrument_options(community)
        self.fields["instrument"].queryset = instruments
        if not self.is_bound:
            # The general checklist unless the community chose its own.
            general = instruments.filter(organisation__isnull=True).first()
            self.fields["instrument"].initial = general or instruments.first()
        self.fields["community_goal"].queryset = CommunityGoal.objects.filter(
            community=community
        ).order_by("title")
        self.fields["personal_goal"].queryset = PersonalGoal.objects.filter(owner=user).order_by(
            "title"
        )

    def clean(self) -> dict:
        data = super().clean()
        observed, observers = data.get("observed"), data.get("observers")
        involved = observed is None or observers is None or self.user in (observed, *observers)
        if not self.plan_any and not involved:
            raise forms.ValidationError(_("Plan a visit in which you observe or are observed."))
        return data


class VisitEditForm(PlainText, WhenMixin, forms.Form):
    observers = MembersChoiceField(
        label=_("Observers"),
        queryset=User.objects.none(),
        widget=forms.CheckboxSelectMultiple,
        required=False,
    )
    group = forms.CharField(label=_("Class or group"), max_length=60, required=False)
    subject = forms.CharField(label=_("Subject"), max_length=100, required=False)
    version = forms.IntegerField(widget=forms.HiddenInput)

    def __init__(self, *args, visit: Visit, may_change_observers: bool = True, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["observers"].queryset = (
            User.objects.filter(memberships__community_id=visit.community_id)
            .exclude(pk=visit.observed_id)
            .order_by("full_name", "email")
        )
        if not may_change_observers or visit.status not in (
            Visit.Status.PLANNED,
            Visit.Status.CONTRACTED,
        ):
            del self.fields["observers"]
        if not self.is_bound:
            starts = timezone.localtime(visit.starts_at)
            self.initial.update(
                date=starts.date(),
                start=starts.time(),
                group=visit.group,
                subject=visit.subject,
                version=visit.version,
                observers=list(visit.observers.all()),
            )


class ItemsField(forms.ModelMultipleChoiceField):
    def label_from_instance(self, obj: Item) -> str:
        return f"{obj.domain.title}: {obj.text}"


class ContractForm(PlainText, forms.Form):
    focus = forms.CharField(
        label=_("Focus"),
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text=_("What does the observed teacher want to learn about this lesson?"),
    )
    focus_items = ItemsField(
        label=_("Items to observe"),
        queryset=Item.objects.none(),
        widget=forms.CheckboxSelectMultiple,
        required=False,
    )
    data_collection = forms.CharField(
        label=_("How data is collected"),
        widget=forms.Textarea(attrs={"rows": 2}),
        required=False,
        help_text=_("E.g. the checklist, a seating chart, a tally of questions asked."),
    )
    agreements = forms.CharField(
        label=_("Practical agreements"),
        widget=forms.Textarea(attrs={"rows": 2}),
        required=False,
        help_text=_("Where the observers sit, what the pupils are told, when you talk after."),
    )
    version = forms.IntegerField(widget=forms.HiddenInput)

    def __init__(self, *args, visit: Visit, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["focus_items"].queryset = (
            Item.objects.filter(domain__instrument_id=visit.instrument_id)
            .select_related("domain")
            .order_by("domain__order", "order")
        )
        if not self.is_bound:
            self.initial.update(
                focus=visit.focus,
                data_collection=visit.data_collection,
                agreements=visit.agreements,
                version=visit.version,
                focus_items=list(visit.focus_items.all()),
            )


class CoachingForm(PlainText, forms.Form):
    feed_up = forms.CharField(
        label=_("Feed up: where are you going?"),
        widget=forms.Textarea(attrs={"rows": 3}),
        required=False,
    )
    feed_back = forms.CharField(
        label=_("Feed back: where are you now?"),
        widget=forms.Textarea(attrs={"rows": 3}),
        required=False,
    )
    feed_forward = forms.CharField(
        label=_("Feed forward: what is the next step?"),
        widget=forms.Textarea(attrs={"rows": 3}),
        required=False,
    )
    coaching_agreements = forms.CharField(
        label=_("Agreements"), widget=forms.Textarea(attrs={"rows": 3}), required=False
    )
    version = forms.IntegerField(widget=forms.HiddenInput)

    def __init__(self, *args, visit: Visit, **kwargs):
        super().__init__(*args, **kwargs)
        if not self.is_bound:
            self.initial.update(
                feed_up=visit.feed_up,
                feed_back=visit.feed_back,
                feed_forward=visit.feed_forward,
                coaching_agreements=visit.coaching_agreements,
                version=visit.version,
            )

    def clean(self) -> dict:
        data = super().clean()
        texts = ["feed_up", "feed_back", "feed_forward", "coaching_agreements"]
        if not self.errors and not any(data.get(name, "").strip() for name in texts):
            raise forms.ValidationError(_("Write down at least one part of the conversation."))
        return data


class ScoresForm(forms.Form):
    """One domain of the observation form as posted: per item a level of the scale
    (`item-<pk>`) and what the observer saw or heard (`evidence-<pk>`, plain text). A field
    that wasn't sent keeps what is stored: an autosave sends only what changed, so two
    observers don't overwrite each other."""

    def __init__(self, *args, domain: SheetDomain, levels: list[ScaleLevel], **kwargs) -> None:
        super().__init__(*args, **kwargs)
        self.domain = domain
        self.levels = {str(level.pk): level for level in levels}
        for entry in domain.items:
            pk = entry.item.pk
            # An unknown level counts as none chosen: a choice can be changed, not taken back.
            self.fields[f"item-{pk}"] = forms.CharField(required=False)
            self.fields[f"evidence-{pk}"] = forms.CharField(required=False, strip=False)
            if entry.score is not None:
                self.initial[f"item-{pk}"] = str(entry.score.level_id or "")
                self.initial[f"evidence-{pk}"] = entry.score.evidence
        plain_text(self)

    def rows(self) -> list[tuple[SheetItem, forms.BoundField, forms.BoundField]]:
        """Per item: the item with its stored score, its level field, its evidence field."""
        return [
            (entry, self[f"item-{entry.item.pk}"], self[f"evidence-{entry.item.pk}"])
            for entry in self.domain.items
        ]

    def entries(self) -> list[tuple[Item, ScaleLevel | None, str | None]]:
        """What `services.visits.scores_save` takes: None where nothing was sent."""
        entries = []
        for entry in self.domain.items:
            level_name, evidence_name = f"item-{entry.item.pk}", f"evidence-{entry.item.pk}"
            level = self.levels.get(self.cleaned_data[level_name])
            evidence = self.cleaned_data[evidence_name] if evidence_name in self.data else None
            if level is None and evidence is None:
                continue
            entries.append((entry.item, level, evidence))
        return entries
