"""Forms of the reflection pages: writing a reflection, and filtering the journal."""

from django import forms
from django.utils.translation import gettext_lazy as _

from accounts.models import User
from communities.models import PersonalGoal
from core.forms import PlainText
from observations import access as observation_access
from observations.models import Reflection


class ReflectionForm(PlainText, forms.ModelForm):
    # Kept in the browser's copy, so a reloaded new reflection continues the same draft.
    client_key = forms.UUIDField(
        widget=forms.HiddenInput(attrs={"data-keep-copy": ""}), required=False
    )

    class Meta:
        model = Reflection
        fields = [
            "title",
            "community",
            "happened",
            "expected",
            "contribution",
            "patterns",
            "difference",
            "next_step",
            "text",
            "personal_goal",
            "community_goal",
            "visibility",
            "meeting",
            "visit",
            "product",
        ]
        widgets = {
            name: forms.Textarea(attrs={"rows": 3})
            for name in [
                "happened",
                "expected",
                "contribution",
                "patterns",
                "difference",
                "next_step",
            ]
        } | {
            "text": forms.Textarea(attrs={"rows": 6}),
            "visibility": forms.RadioSelect,
            # Set by the "write a reflection" links on a meeting, visit or product page.
            "meeting": forms.HiddenInput,
            "visit": forms.HiddenInput,
            "product": forms.HiddenInput,
        }
        labels = {"text": _("Free text")}

    def __init__(self, *args, author: User, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        links = observation_access.reflection_links(author)
        for name in ("community", "personal_goal", "community_goal", "meeting", "product", "visit"):
            self.fields[name].queryset = getattr(links, name)
        if not self.is_bound:
            # A link to something outside the author's reach is dropped, not shown as an error.
            for name in ("meeting", "visit", "product"):
                value = self.initial.get(name)
                if value and not self.fields[name].queryset.filter(pk=value).exists():
                    del self.initial[name]

    def about(self):
        """What the reflection is linked to, to show above the form."""
        for name in ("visit", "meeting", "product"):
            field = self[name]
            value = field.value()
            if value in (None, ""):
                continue
            try:
                return self.fields[name].queryset.get(pk=value)
            except (ValueError, TypeError, self.fields[name].queryset.model.DoesNotExist):
                continue
        return None


class JournalFilterForm(PlainText, forms.Form):
    q = forms.CharField(label=_("Search"), required=False, max_length=100)
    goal = forms.ModelChoiceField(
        label=_("Goal"), required=False, queryset=PersonalGoal.objects.none()
    )

    def __init__(self, *args, author: User, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        self.fields["goal"].queryset = PersonalGoal.objects.filter(owner=author).order_by("title")
