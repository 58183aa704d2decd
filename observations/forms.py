from django import forms
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from accounts.models import User
from communities.models import Community, CommunityGoal, PersonalGoal
from observations.models import Reflection


class ReflectionForm(forms.ModelForm):
    client_key = forms.UUIDField(widget=forms.HiddenInput, required=False)

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
        } | {"text": forms.Textarea(attrs={"rows": 6}), "visibility": forms.RadioSelect}
        labels = {"text": _("Free text")}

    def __init__(self, *args, author: User, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        communities = Community.objects.filter(memberships__user=author).order_by("name")
        self.fields["community"].queryset = communities
        self.fields["personal_goal"].queryset = PersonalGoal.objects.filter(owner=author)
        self.fields["community_goal"].queryset = CommunityGoal.objects.filter(
            Q(community__in=communities)
        )


class JournalFilterForm(forms.Form):
    q = forms.CharField(label=_("Search"), required=False, max_length=100)
    goal = forms.ModelChoiceField(
        label=_("Goal"), required=False, queryset=PersonalGoal.objects.none()
    )

    def __init__(self, *args, author: User, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        self.fields["goal"].queryset = PersonalGoal.objects.filter(owner=author).order_by("title")
