"""Errors the services of several apps raise."""

from django.core.exceptions import ValidationError


class StaleEdit(ValidationError):
    """Someone else saved this in the meantime."""
