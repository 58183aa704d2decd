"""What may be uploaded as a product's file, judged by its bytes: the type sniffed from the
content (never the name or the content type the browser sends), the size, and a safe display
name with an extension that fits the content. Pure: no database.
"""

import codecs
import zipfile
from dataclasses import dataclass
from typing import IO

from django.core.exceptions import SuspiciousFileOperation, ValidationError
from django.core.files.uploadedfile import UploadedFile
from django.template.defaultfilters import filesizeformat
from django.utils.text import get_valid_filename
from django.utils.translation import gettext as _

MAX_UPLOAD_BYTES = 20 * 1024 * 1024
NAME_MAX_CHARS = 100


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
