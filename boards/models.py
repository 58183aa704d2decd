"""What the board administration keeps of its own: a staff file between its upload and its
commit (the preview is computed from it, so nothing is lost between the steps)."""

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from communities.models import Organisation


class StaffImport(models.Model):
    """A staff file as read (`boards.staff_file`): its header, its rows with their line
    numbers, and what each column holds; committed once."""

    class Status(models.TextChoices):
        PREVIEW = "preview", _("preview")
        COMMITTED = "committed", _("imported")

    organisation = models.ForeignKey(
        Organisation,
        on_delete=models.CASCADE,
        related_name="staff_imports",
        verbose_name=_("school board"),
    )
    uploaded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        related_name="+",
        verbose_name=_("uploaded by"),
    )
    created_at = models.DateTimeField(_("uploaded"), default=timezone.now)
    file_name = models.CharField(_("file name"), max_length=200)
    header = models.JSONField(_("header"), default=list)
    # [[line, [cell, ...]], ...] as read from the file.
    rows = models.JSONField(_("rows"), default=list)
    # What each column holds, a name of boards.staff_file.FIELDS or "" (not imported).
    mapping = models.JSONField(_("columns"), default=list)
    leavers = models.BooleanField(_("mark people no longer in the file as leavers"), default=False)
    status = models.CharField(
        _("status"), max_length=10, choices=Status.choices, default=Status.PREVIEW
    )
    committed_at = models.DateTimeField(_("imported"), null=True, blank=True)
    # After the commit: {"created": [user ids], "changed": n, "left": n}.
    result = models.JSONField(_("result"), default=dict, blank=True)
    # Set by the upload form, so a double click stores the file once (core/once.py).
    client_key = models.UUIDField(null=True, blank=True, editable=False)

    class Meta:
        verbose_name = _("staff import")
        verbose_name_plural = _("staff imports")
        ordering = ["-created_at", "-pk"]
        constraints = [
            models.UniqueConstraint(
                fields=["organisation", "client_key"],
                condition=Q(client_key__isnull=False),
                name="staff_import_once_per_client_key",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.file_name} ({self.organisation})"
