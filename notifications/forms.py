from django import forms

from notifications.models import Preference


class PreferenceForm(forms.ModelForm):
    class Meta:
        model = Preference
        fields = [
            "digest",
            "meeting_reminder",
            "reminder_hours",
            "meeting_change",
            "visit_reminder",
            "reflection_prompt",
            "goal_nudge",
        ]
