"""Marking a person as left."""

from django import forms
from django.utils.translation import gettext_lazy as _


class LeaveForm(forms.Form):
    """Marking a person as left: asked once more, since they lose their sign-in at once."""

    confirm = forms.BooleanField(
        label=_("Yes, this person has left the board"),
        help_text=_("They can no longer sign in and get no more mail."),
    )
