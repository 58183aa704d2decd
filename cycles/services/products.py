"""Writes for a community's shared products: lesson materials, approaches, checklists, in
versions.

`product_create`, `product_update` and `product_version_add` validate, run in one transaction
and raise `ValidationError` keyed by form field. An upload is checked by `cycles.uploads`; it
is stored under a random name (`models.product_upload_to`) and the uploader's name is kept
only as display text.
"""

import uuid
from collections.abc import Iterable

from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import UploadedFile
from django.db import transaction
from django.db.models import Max
from django.utils.translation import gettext as _

from accounts.models import User
from communities.models import Community, CommunityGoal, Membership
from core.once import made_before, save_once
from cycles.models import Cycle, Product, ProductVersion
from cycles.uploads import FileType, check_upload


def _check_product(product: Product, authors: list[User], keep: Iterable[int] = ()) -> None:
    """Validate the product's fields and that what it links to is of its own community.
    Authors are members; `keep` are authors already named who may have left since."""
    errors: dict = {}
    try:
        product.full_clean(exclude=["authors"])
    except ValidationError as error:
        errors = error.update_error_dict(errors)
    if product.cycle is not None and product.cycle.community_id != product.community_id:
        errors.setdefault("cycle", []).append(_("Choose a cycle of this community."))
    if product.goal is not None and product.goal.community_id != product.community_id:
        errors.setdefault("goal", []).append(_("Choose a goal of this community."))
    if not authors:
        errors.setdefault("authors", []).append(_("Name at least one author."))
    members = set(
        Membership.objects.filter(community_id=product.community_id, user__in=authors).values_list(
            "user_id", flat=True
        )
    )
    allowed = members | set(keep)
    if any(author.pk not in allowed for author in authors):
        errors.setdefault("authors", []).append(_("Choose the authors from the members."))
    if errors:
        raise ValidationError(errors)


def _add_version(
    *, product: Product, file: UploadedFile, kind: FileType, name: str, by: User
) -> ProductVersion:
    # The lock makes a second upload of the same product wait, so both can't take the
    # same number (the unique constraint is the backstop).
    locked = Product.objects.select_for_update().filter(pk=product.pk).values_list("pk")
    if not list(locked):
        raise ValidationError(_("This product no longer exists."))
    latest = product.versions.aggregate(latest=Max("number"))["latest"] or 0
    version = ProductVersion(
        product=product,
        number=latest + 1,
        original_name=name,
        content_type=kind.content_type,
        size=file.size,
        uploaded_by=by,
    )
    version.full_clean(exclude=["file"])
    # Stored last, under product_upload_to's random name; removed again if the row fails.
    version.file.save(name, file, save=False)
    try:
        version.save()
    except BaseException:
        version.file.delete(save=False)
        raise
    return version


@transaction.atomic
def product_create(
    *,
    community: Community,
    title: str,
    description: str = "",
    link: str = "",
    cycle: Cycle | None = None,
    goal: CommunityGoal | None = None,
    authors: Iterable[User] = (),
    file: UploadedFile | None = None,
    by: User,
    client_key: uuid.UUID | None = None,
) -> Product:
    """Share a product with a file, a link, or both. Without authors, `by` is the author.
    The same form sent twice (same client_key) shares it once, with one file."""
    if earlier := made_before(Product, client_key, community=community):
        return earlier
    authors = list(authors) or [by]
    product = Product(
        community=community,
        title=title,
        description=description,
        link=link,
        cycle=cycle,
        goal=goal,
        client_key=client_key,
    )
    errors: dict = {}
    try:
        _check_product(product, authors)
    except ValidationError as error:
        errors = error.update_error_dict(errors)
    upload = None
    if file:
        try:
            upload = check_upload(file)
        except ValidationError as error:
            errors = error.update_error_dict(errors)
    elif not link:
        errors.setdefault("file", []).append(_("Add a file or a link (or both)."))
    if errors:
        raise ValidationError(errors)
    saved = save_once(product, community=community)
    if saved is not product:  # the other submit of this form shared it a moment ago
        return saved
    product.authors.set(authors)
    if upload is not None:
        kind, name = upload
        _add_version(product=product, file=file, kind=kind, name=name, by=by)
    return product


@transaction.atomic
def product_update(
    *,
    product: Product,
    title: str,
    description: str,
    link: str,
    cycle: Cycle | None,
    goal: CommunityGoal | None,
    authors: Iterable[User],
) -> Product:
    """Change a product's text, links and authors; its files change only by new versions."""
    authors = list(authors)
    current = set(product.authors.values_list("pk", flat=True))
    product.title, product.description, product.link = title, description, link
    product.cycle, product.goal = cycle, goal
    _check_product(product, authors, keep=current)
    if not link and not product.versions.exists():
        raise ValidationError(
            {"link": _("This product has no file: keep a link, or upload a file first.")}
        )
    product.save()
    product.authors.set(authors)
    return product


@transaction.atomic
def product_version_add(*, product: Product, file: UploadedFile, by: User) -> ProductVersion:
    """A new version of the product's file; the earlier versions are kept."""
    kind, name = check_upload(file)
    return _add_version(product=product, file=file, kind=kind, name=name, by=by)
