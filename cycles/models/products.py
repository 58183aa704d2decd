"""A community's shared products and the versions of their files."""

import uuid

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from communities.models import Community, CommunityGoal


class Product(models.Model):
    """Something the community made for daily practice: lesson material, an approach."""

    community = models.ForeignKey(
        Community, on_delete=models.CASCADE, related_name="products", verbose_name=_("community")
    )
    title = models.CharField(_("title"), max_length=200)
    description = models.TextField(_("description"), blank=True)
    link = models.URLField(_("link"), blank=True)
    cycle = models.ForeignKey(
        "cycles.Cycle",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="products",
        verbose_name=_("cycle"),
    )
    goal = models.ForeignKey(
        CommunityGoal,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="products",
        verbose_name=_("goal"),
    )
    authors = models.ManyToManyField(
        settings.AUTH_USER_MODEL, related_name="products", verbose_name=_("authors"), blank=True
    )
    created_at = models.DateTimeField(_("created"), default=timezone.now)

    # Set by the form once per new product, so a double submit makes one (core/once.py).
    client_key = models.UUIDField(null=True, blank=True, editable=False)

    class Meta:
        verbose_name = _("product")
        verbose_name_plural = _("products")
        ordering = ["-created_at"]
        constraints = [
            models.UniqueConstraint(
                fields=["community", "client_key"],
                condition=Q(client_key__isnull=False),
                name="product_once_per_client_key",
                violation_error_message=_("This form has been sent already."),
            ),
        ]

    def __str__(self) -> str:
        return self.title


def product_upload_to(instance: "ProductVersion", filename: str) -> str:
    # The stored name is ours, never the uploader's: no path tricks, no collisions.
    return f"products/{instance.product.community_id}/{uuid.uuid4().hex}"


class ProductVersion(models.Model):
    product = models.ForeignKey(Product, on_delete=models.CASCADE, related_name="versions")
    number = models.PositiveIntegerField()
    file = models.FileField(upload_to=product_upload_to)
    original_name = models.CharField(max_length=200)
    content_type = models.CharField(max_length=100)
    size = models.PositiveIntegerField()
    uploaded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+"
    )
    created_at = models.DateTimeField(default=timezone.now)

    class Meta:
        ordering = ["-number"]
        constraints = [
            models.UniqueConstraint(fields=["product", "number"], name="product_version_once"),
        ]

    def __str__(self) -> str:
        return f"{self.original_name} (v{self.number})"
