"""Shared products of a community: lesson materials, approaches, checklists, in versions.

Writes (`product_create`, `product_update`, `product_version_add`) validate, run in one
transaction and raise `ValidationError` keyed by form field. Reads return what a page needs
in a fixed number of queries. An upload is accepted for what its bytes are, never for its
name or the content type the browser sends; it is stored under a random name
(`models.product_upload_to`) and the uploader's name is kept only as display text.
"""

import codecs
import uuid
import zipfile
from collections.abc import Iterable
from dataclasses import dataclass
from typing import IO

from django.core.exceptions import PermissionDenied, SuspiciousFileOperation, ValidationError
from django.core.files.uploadedfile import UploadedFile
from django.db import transaction
from django.db.models import Count, Max, Prefetch
from django.http import Http404
from django.template.defaultfilters import filesizeformat
from django.utils.text import get_valid_filename
from django.utils.translation import gettext as _

from accounts.models import User
from communities import scope
from communities.models import Community, CommunityGoal, Membership
from core.once import made_before, save_once
from cycles import access as cycle_access
from cycles.models import Cycle, Product, ProductVersion

MAX_UPLOAD_BYTES = 20 * 1024 * 1024
NAME_MAX_CHARS = 100


# What may be uploaded --------------------------------------------------------


@dataclass(frozen=True)
class FileType:
    content_type: str
    # The first is what a name without a (known) extension gets.
    extensions: tuple[str, ...]


PDF = FileType("application/pdf", ("pdf",))
PNG = FileType("image/png", ("png",))
JPEG = FileType("image/jpeg", ("jpg", "jpeg", "jpe", "jfif"))
GIF = FileType("image/gif", ("gif",))
DOCX = FileType(
    "application/vnd.openxmlformats-officedocument.wordprocessingml.document", ("docx",)
)
XLSX = FileType("application/vnd.openxmlformats-officedocument.spreadsheetml.sheet", ("xlsx",))
PPTX = FileType(
    "application/vnd.openxmlformats-officedocument.presentationml.presentation", ("pptx",)
)
ODT = FileType("application/vnd.oasis.opendocument.text", ("odt",))
ODS = FileType("application/vnd.oasis.opendocument.spreadsheet", ("ods",))
ODP = FileType("application/vnd.oasis.opendocument.presentation", ("odp",))
TEXT = FileType("text/plain; charset=utf-8", ("txt", "text", "md", "csv", "tsv"))

FILE_TYPES = (PDF, PNG, JPEG, GIF, DOCX, XLSX, PPTX, ODT, ODS, ODP, TEXT)
KNOWN_EXTENSIONS = frozenset(ext for kind in FILE_TYPES for ext in kind.extensions)

_SIGNATURES = [
    (b"%PDF-", PDF),
    (b"\x89PNG\r\n\x1a\n", PNG),
    (b"\xff\xd8\xff", JPEG),
    (b"GIF87a", GIF),
    (b"GIF89a", GIF),
]
# Office Open XML: the package's folder and the main part's type in [Content_Types].xml.
# The macro-enabled variants (.docm, .xlsm, .pptm) declare other types and are refused.
_OOXML = [
    ("word/", b"wordprocessingml.document.main+xml", DOCX),
    ("xl/", b"spreadsheetml.sheet.main+xml", XLSX),
    ("ppt/", b"presentationml.presentation.main+xml", PPTX),
]
_OOXML_TYPE = b"application/vnd.openxmlformats-officedocument."
# Parts that run code, found by the content type [Content_Types].xml declares for them, so a
# VBA project stored as "word/media/image1.png" is seen too: VBA projects and their data
# (.docm, .xlsm, .pptm and templates), ActiveX controls, Excel 4 macro sheets.
_ACTIVE_CONTENT = (b"vbaproject", b"vbadata", b"activex", b"macroenabled", b"macrosheet")
# A real [Content_Types].xml is a few kB; one padded past this to hide a type is refused.
_CONTENT_TYPES_MAX = 1024 * 1024

_OPENDOCUMENT = {kind.content_type: kind for kind in (ODT, ODS, ODP)}
_SMALL_PART = 64 * 1024  # [Content_Types].xml and mimetype are a few hundred bytes


def detect_type(file: IO[bytes]) -> FileType | None:
    """The allowed type these bytes are, or None. Reads the file; leaves it at the start."""
    file.seek(0)
    head = file.read(8)
    file.seek(0)
    for prefix, kind in _SIGNATURES:
        if head.startswith(prefix):
            return kind
    if head.startswith(b"PK\x03\x04"):
        return _zip_type(file)
    return TEXT if _is_plain_text(file) else None


def _read_part(archive: zipfile.ZipFile, info: zipfile.ZipInfo, limit: int = _SMALL_PART) -> bytes:
    # Bounded: a part that inflates to gigabytes is read no further than this.
    with archive.open(info) as part:
        return part.read(limit)


def _zip_type(file: IO[bytes]) -> FileType | None:
    try:
        with zipfile.ZipFile(file) as archive:
            entries = archive.infolist()
            names = [entry.filename for entry in entries]
            if entries and entries[0].filename == "mimetype":
                declared = _read_part(archive, entries[0]).decode("ascii", "replace").strip()
                has_macros = any(name.startswith(("Basic/", "Scripts/")) for name in names)
                return None if has_macros else _OPENDOCUMENT.get(declared)
            if "[Content_Types].xml" not in names or any(
                name.lower().endswith("vbaproject.bin") for name in names
            ):
                return None
            types = _read_part(
                archive, archive.getinfo("[Content_Types].xml"), _CONTENT_TYPES_MAX + 1
            )
            if len(types) > _CONTENT_TYPES_MAX:
                return None
            if any(marker in types.lower() for marker in _ACTIVE_CONTENT):
                return None
            for folder, main_part, kind in _OOXML:
                if _OOXML_TYPE + main_part in types and any(
                    name.startswith(folder) for name in names
                ):
                    return kind
            return None
    # A damaged, encrypted or oddly compressed archive is simply not an allowed file.
    except (zipfile.BadZipFile, OSError, EOFError, RuntimeError, NotImplementedError, ValueError):
        return None
    finally:
        file.seek(0)


def _is_plain_text(file: IO[bytes]) -> bool:
    """UTF-8 throughout, no NUL bytes, something besides whitespace, and not markup: a file
    that opens with a tag (HTML, SVG, XML) is a page a browser would run, not text."""
    decoder = codecs.getincrementaldecoder("utf-8")()
    seen_text = False
    file.seek(0)
    try:
        while chunk := file.read(64 * 1024):
            if b"\x00" in chunk:
                return False
            text = decoder.decode(chunk)
            if not seen_text:
                text = text.lstrip("\ufeff \t\r\n\x0b\x0c")
                if text:
                    if text.startswith("<"):
                        return False
                    seen_text = True
        decoder.decode(b"", final=True)
    except UnicodeDecodeError:
        return False
    finally:
        file.seek(0)
    return seen_text


def display_name(name: str, kind: FileType) -> str:
    """The uploader's file name as safe display text, with an extension that fits the
    content: a download named `.js` or `.exe` would be run by the operating system."""
    base = str(name).replace("\\", "/").rsplit("/", 1)[-1]
    try:
        safe = get_valid_filename(base)
    except SuspiciousFileOperation:
        safe = ""
    stem, dot, extension = safe.rpartition(".")
    if not dot:
        stem, extension = safe, ""
    extension = extension.lower()
    if extension not in kind.extensions:
        if extension in KNOWN_EXTENSIONS:
            raise ValidationError(
                {
                    "file": _(
                        "This file is not a .%(extension)s file: its name and its content "
                        "don't match."
                    )
                    % {"extension": extension}
                }
            )
        # Unknown or no extension: it stays part of the name, the right one is added.
        stem = f"{stem}.{extension}" if extension else stem
        extension = kind.extensions[0]
    # No leading dot (a hidden file), no trailing one before the extension.
    stem = stem.strip(".")[: NAME_MAX_CHARS - len(extension) - 1].rstrip(".") or "file"
    return f"{stem}.{extension}"


def check_upload(file: UploadedFile) -> tuple[FileType, str]:
    """The upload's type by its content and its display name; or a ValidationError."""
    if file.size > MAX_UPLOAD_BYTES:
        raise ValidationError(
            {
                "file": _("The file is too large (%(size)s). Files can be at most %(max)s.")
                % {"size": filesizeformat(file.size), "max": filesizeformat(MAX_UPLOAD_BYTES)}
            }
        )
    if not file.size:
        raise ValidationError({"file": _("The file is empty.")})
    kind = detect_type(file)
    if kind is None:
        raise ValidationError(
            {
                "file": _(
                    "This type of file can't be shared. Upload a PDF, a Word, Excel or "
                    "PowerPoint file, an OpenDocument file, an image (PNG, JPEG, GIF) or "
                    "plain text."
                )
            }
        )
    return kind, display_name(file.name or "", kind)


# Writes -------------------------------------------------------------------------


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


# Reads and who may do what ----------------------------------------------------------


def _authors() -> Prefetch:
    return Prefetch("authors", queryset=User.objects.order_by("full_name", "email"))


def products_of(community: Community) -> list[Product]:
    """The list page: each product with its authors, links and latest version."""
    return list(
        community.products.select_related("cycle", "goal")
        .prefetch_related(
            _authors(),
            Prefetch(
                "versions",
                queryset=ProductVersion.objects.order_by("-number")[:1],
                to_attr="latest_versions",
            ),
        )
        .annotate(version_count=Count("versions"))
        .order_by("-created_at", "-pk")
    )


def versions_of(product: Product) -> list[ProductVersion]:
    return list(product.versions.select_related("uploaded_by").order_by("-number"))


def product_for_user(user: User, pk: int) -> Product:
    """The product with its community, cycle, goal and authors; 404 outside your scope."""
    product = (
        Product.objects.select_related("community", "cycle", "goal")
        .prefetch_related(_authors())
        .filter(pk=pk)
        .first()
    )
    if product is None or not cycle_access.can_use_product_of(user, product.community):
        raise Http404
    return product


def can_edit_product(user: User, product: Product) -> bool:
    """Its authors and the community's facilitators change a product's text and links."""
    if scope.role_in(user, product.community) == Membership.Role.FACILITATOR:
        return True
    return any(author.pk == user.pk for author in product.authors.all())


def product_for_editor(user: User, pk: int) -> Product:
    product = product_for_user(user, pk)
    if not can_edit_product(user, product):
        raise PermissionDenied
    return product


def product_for_uploader(user: User, pk: int) -> Product:
    product = product_for_user(user, pk)
    if not cycle_access.can_add_product(user, product.community):
        raise PermissionDenied
    return product


def version_for_user(user: User, pk: int) -> ProductVersion:
    version = ProductVersion.objects.select_related("product__community").filter(pk=pk).first()
    if version is None or not cycle_access.can_use_product_of(user, version.product.community):
        raise Http404
    return version
