"""Pieces the forms of every app share."""

import uuid

from django import forms


class CreateOnce:
    """The form of a new row carries a hidden `client_key`, fresh for every rendered form,
    so sending it twice makes one row (see `plc.once`). An edit form (a ModelForm with a
    saved instance) has no key."""

    def __init__(self, *args, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        instance = getattr(self, "instance", None)
        if instance is not None and instance.pk is not None:
            return
        self.fields["client_key"] = forms.UUIDField(widget=forms.HiddenInput, required=False)
        if not self.is_bound:
            self.initial.setdefault("client_key", uuid.uuid4())
