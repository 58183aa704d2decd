"""The invitations page's forms: the status filter, and sending an invitation again."""

from django import forms
from django.utils.translation import gettext_lazy as _

from boards.selectors.invitations import STATUSES


class InvitationFilterForm(forms.Form):
    status = forms.ChoiceField(
        label=_("Status"),
        required=False,
        choices=[("", _("All"))] + list(STATUSES.items()),
    )


class ResendForm(forms.Form):
    """One person's invitation again (`person`), or everyone's that expired (`expired`)."""

    person = forms.IntegerField(required=False, min_value=1, max_value=2**53)
    expired = forms.BooleanField(required=False)
