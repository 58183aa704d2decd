from django import forms
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from accounts.models import User
from communities.models import (
    Community,
    CommunityGoal,
    Membership,
    PersonalGoal,
    ProgressUpdate,
    School,
)
from core.forms import CreateOnce, PlainText


class DateInput(forms.DateInput):
    input_type = "date"

    def __init__(self, **kwargs) -> None:
        super().__init__(format="%Y-%m-%d", **kwargs)


class CommunityForm(PlainText, forms.ModelForm):
    class Meta:
        model = Community
        fields = ["name", "focus", "schools", "start_date", "status", "vision"]
        widgets = {
            "schools": forms.CheckboxSelectMultiple,
            "start_date": DateInput(),
            "vision": forms.Textarea(attrs={"rows": 5}),
        }

    def __init__(self, *args, schools: "list[School] | None" = None, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        if schools is not None:
            self.fields["schools"].queryset = School.objects.filter(
                pk__in=[school.pk for school in schools]
            )


class InvitationForm(forms.Form):
    email = forms.EmailField(label=_("Email address"))
    role = forms.ChoiceField(
        label=_("Role"), choices=Membership.Role.choices, initial=Membership.Role.MEMBER
    )


class RoleForm(forms.Form):
    role = forms.ChoiceField(label=_("Role"), choices=Membership.Role.choices)


class CommunityGoalForm(PlainText, CreateOnce, forms.ModelForm):
    class Meta:
        model = CommunityGoal
        fields = ["title", "outcome", "success_criterion", "target_date", "owner", "status"]
        widgets = {
            "outcome": forms.Textarea(attrs={"rows": 3}),
            "success_criterion": forms.Textarea(attrs={"rows": 3}),
            "target_date": DateInput(),
        }

    def __init__(self, *args, community: Community, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        self.fields["owner"].queryset = User.objects.filter(
            memberships__community=community
        ).order_by("full_name")


class PersonalGoalForm(PlainText, CreateOnce, forms.ModelForm):
    class Meta:
        model = PersonalGoal
        fields = [
            "title",
            "community",
            "community_goal",
            "success_criterion",
            "target_date",
            "status",
            "visibility",
        ]
        widgets = {
            "success_criterion": forms.Textarea(attrs={"rows": 3}),
            "target_date": DateInput(),
            "visibility": forms.RadioSelect,
        }

    def __init__(self, *args, owner: User, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        communities = Community.objects.filter(memberships__user=owner).order_by("name")
        self.fields["community"].queryset = communities
        self.fields["community_goal"].queryset = CommunityGoal.objects.filter(
            community__in=communities
        ).select_related("community")
        self.fields["community_goal"].label_from_instance = lambda goal: (
            f"{goal.community.name}: {goal.title}"
        )
        if self.instance.pk:
            # A goal stays in the community it was made in.
            del self.fields["community"]


class VisibilityForm(forms.Form):
    visibility = forms.ChoiceField(
        label=_("Who can see this"),
        choices=PersonalGoal.Visibility.choices,
        widget=forms.RadioSelect,
    )


class ProgressForm(PlainText, forms.ModelForm):
    class Meta:
        model = ProgressUpdate
        fields = ["date", "done", "evidence", "value"]
        widgets = {
            "date": DateInput(),
            "done": forms.Textarea(attrs={"rows": 3}),
            "evidence": forms.Textarea(attrs={"rows": 2}),
            "value": forms.NumberInput(attrs={"min": 0, "max": 100, "step": 5}),
        }

    def __init__(self, *args, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        self.fields["date"].initial = timezone.localdate
