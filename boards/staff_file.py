"""A board's staff file, read: CSV (`;`, `,` or tab, UTF-8 with or without BOM, else
Windows-1252, as Dutch spreadsheet exports come) or XLSX (values only: a formula or merged
cells are refused, naming the cells), its columns recognised in Dutch and English, and its
rows turned into people with the problems a file alone can show (line and column named).
What needs the database (unknown schools, an address of another board) is checked by the
import's plan (`boards.selectors.imports`). Pure: no database."""

import csv
import datetime as dt
import io
import re
import zipfile
from dataclasses import dataclass, field
from typing import IO
from xml.parsers import expat

import openpyxl
from django.core.exceptions import ValidationError
from django.core.validators import validate_email
from django.template.defaultfilters import filesizeformat
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from openpyxl.utils.exceptions import InvalidFileException

from cycles import uploads

MAX_BYTES = 5 * 1024 * 1024
MAX_ROWS = 20_000
MAX_COLUMNS = 100
# A sheet reaching beyond this row (room for the header and empty rows) is refused, by its
# <dimension> before anything is read, else when reading gets there.
MAX_SHEET_ROWS = MAX_ROWS + 1_000
# And cells in all sheets together (20,000 people with 15 columns), counted in a fast pass
# before openpyxl, which takes some 10 µs a cell, reads them.
MAX_CELLS = 300_000
# A 5 MB XLSX is a zip archive; unpacked, all its parts may be at most this large
# (20,000 people with 10 columns are some 10 MB).
MAX_UNPACKED = 20 * 1024 * 1024
# How many cells a message about formulas or merged cells names before "and n more".
CELLS_NAMED = 5

# What a column can hold; "" is a column that is not imported.
NAME, FIRST_NAME, INFIX, LAST_NAME = "name", "first_name", "infix", "last_name"
EMAIL, SCHOOL, BRIN, FUNCTION, COMMUNITY = "email", "school", "brin", "function", "community"
FIELDS = {
    NAME: gettext_lazy("Name (whole)"),
    FIRST_NAME: gettext_lazy("First name"),
    INFIX: gettext_lazy("Infix (tussenvoegsel)"),
    LAST_NAME: gettext_lazy("Last name"),
    EMAIL: gettext_lazy("E-mail address"),
    SCHOOL: gettext_lazy("School (name)"),
    BRIN: gettext_lazy("BRIN number"),
    FUNCTION: gettext_lazy("Function"),
    COMMUNITY: gettext_lazy("Learning community"),
}
IGNORE = ""

# Headers as HR and pupil administration systems write them, compared without case, spaces
# and punctuation ("E-mailadres" is "emailadres").
_HEADERS = {
    NAME: ["naam", "name", "volledigenaam", "fullname", "medewerker", "weergavenaam"],
    FIRST_NAME: ["voornaam", "voornamen", "roepnaam", "firstname", "givenname"],
    INFIX: ["tussenvoegsel", "tussenvoegsels", "voorvoegsel", "infix", "prefix"],
    LAST_NAME: ["achternaam", "lastname", "surname", "familyname", "geslachtsnaam"],
    EMAIL: ["email", "emailadres", "emailaddress", "mail", "mailadres", "werkemail"],
    SCHOOL: ["school", "schoolnaam", "schoolname", "vestiging"],
    BRIN: ["brin", "brinnummer", "brincode", "brinnumber", "brinvestiging"],
    FUNCTION: ["functie", "function", "functienaam", "jobtitle", "rol"],
    COMMUNITY: ["leergemeenschap", "community", "plg", "plc", "leergemeenschappen"],
}
_FIELD_OF = {header: name for name, headers in _HEADERS.items() for header in headers}
# Where both are there, the name a person goes by wins over their official first names.
_PREFERRED = {"roepnaam"}

_BRIN = re.compile(r"\A([0-9]{2}[A-Z]{2})([0-9]{2})?\Z")
_SEPARATORS = re.compile(r"[;|\n]")
_CONTROL = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x9f]")
_OLE = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"  # the old .xls format


@dataclass(frozen=True)
class Table:
    """The file's header and its rows that hold something, each with its line (CSV) or row
    (XLSX) number as the person sees it in their spreadsheet program."""

    header: list[str]
    rows: list[tuple[int, list[str]]]


@dataclass(frozen=True)
class Problem:
    line: int
    column: str
    message: str


@dataclass
class Person:
    line: int
    email: str
    name: str
    function: str = ""
    schools: list[str] = field(default_factory=list)
    brins: list[tuple[str, str]] = field(default_factory=list)  # (BRIN, location or "")
    communities: list[str] = field(default_factory=list)
    # False when the address is missing, invalid or a second time in the file: such a row is
    # listed with its problem, never matched to anyone.
    usable: bool = True


def _refuse(message: str) -> ValidationError:
    return ValidationError({"file": message})


def read(file: IO[bytes], *, size: int) -> Table:
    """The table in an uploaded file, or a ValidationError at `file` saying what is wrong
    with it. The size is checked before anything is read."""
    if size > MAX_BYTES:
        raise _refuse(
            _("The file is too large (%(size)s). A staff file can be at most %(max)s.")
            % {"size": filesizeformat(size), "max": filesizeformat(MAX_BYTES)}
        )
    if not size:
        raise _refuse(_("The file is empty."))
    file.seek(0)
    head = file.read(8)
    file.seek(0)
    if head.startswith(_OLE):
        raise _refuse(
            _("This is an old Excel file (.xls). Save it as .xlsx or as CSV and upload that.")
        )
    if head.startswith(b"PK\x03\x04"):
        header, rows = _read_xlsx(file)
    else:
        header, rows = _read_csv(file.read(MAX_BYTES + 1))
    return _table(header, rows)


def _neither() -> ValidationError:
    return _refuse(
        _(
            "This file is neither a CSV file nor an Excel file (.xlsx). Export the staff list "
            "from your HR or pupil administration system as CSV or Excel and upload that."
        )
    )


def _decode(data: bytes) -> str:
    if b"\x00" in data:
        raise _neither()
    try:
        return data.decode("utf-8-sig")
    except UnicodeDecodeError:
        pass
    try:
        return data.decode("cp1252")
    except UnicodeDecodeError as error:
        raise _neither() from error


def _read_csv(data: bytes) -> tuple[list[str] | None, list[tuple[int, list[str]]]]:
    text = _decode(data)
    if _CONTROL.search(text):
        raise _neither()
    first = next((line for line in text.splitlines() if line.strip()), "")
    delimiter = max(";,\t", key=first.count) if first else ","
    reader = csv.reader(io.StringIO(text, newline=""), delimiter=delimiter)
    header, rows = None, []
    try:
        while True:
            line = reader.line_num + 1
            try:
                cells = next(reader)
            except StopIteration:
                break
            if header is None:
                if any(cell.strip() for cell in cells):
                    header = [cell.strip() for cell in cells]
            elif any(cell.strip() for cell in cells):
                rows.append((line, [cell.strip() for cell in cells]))
                if len(rows) > MAX_ROWS:
                    break
    except csv.Error as error:
        raise _refuse(
            _("Line %(line)s of the file can't be read as CSV (%(error)s).")
            % {"line": reader.line_num, "error": error}
        ) from error
    return header, rows


def _cells(coordinates: list[str]) -> str:
    named = ", ".join(coordinates[:CELLS_NAMED])
    if len(coordinates) > CELLS_NAMED:
        named += " " + _("and %(count)s more") % {"count": len(coordinates) - CELLS_NAMED}
    return named


def _read_xlsx(file: IO[bytes]) -> tuple[list[str] | None, list[tuple[int, list[str]]]]:
    try:
        with zipfile.ZipFile(file) as archive:
            unpacked = sum(entry.file_size for entry in archive.infolist())
    except (zipfile.BadZipFile, OSError, EOFError, ValueError) as error:
        raise _neither() from error
    if uploads.detect_type(file) != uploads.XLSX:
        raise _neither()
    if unpacked > MAX_UNPACKED:
        raise _refuse(
            _(
                "This Excel file holds too much: unpacked it is larger than %(max)s. Keep only "
                "the staff list in it (no other sheets or images) and upload it again."
            )
            % {"max": filesizeformat(MAX_UNPACKED)}
        )
    file.seek(0)
    # A broken workbook fails anywhere in here: a sheet's XML, a sheet or shared string that
    # isn't there. Read only: the sheet is streamed, never held whole.
    try:
        with zipfile.ZipFile(file) as archive:
            merged = _scan(archive)
        file.seek(0)
        workbook = openpyxl.load_workbook(file, read_only=True, data_only=False, keep_links=False)
        try:
            sheet = workbook.worksheets[0]
            return _read_sheet(sheet, merged.get(sheet._worksheet_path.lstrip("/"), []))
        finally:
            workbook.close()
    except (InvalidFileException, zipfile.BadZipFile, expat.ExpatError, SyntaxError, KeyError,
            IndexError, ValueError, TypeError, OSError, EOFError):  # fmt: skip
        raise _refuse(
            _("This Excel file can't be read. Open it, save it again as .xlsx and upload it.")
        ) from None  # SyntaxError: ElementTree's ParseError among them


def _too_large() -> ValidationError:
    return _refuse(
        _(
            "The spreadsheet is larger than a staff file can be: at most %(rows)s rows, "
            "%(columns)s columns and %(cells)s cells. Delete the empty rows and columns after "
            "the list and the columns that aren't needed (or split it into smaller files) and "
            "upload it again."
        )
        % {"rows": MAX_SHEET_ROWS, "columns": MAX_COLUMNS, "cells": MAX_CELLS}
    )


def _scan(archive: zipfile.ZipFile) -> dict[str, list[str]]:
    """Every sheet's merged cells (a read-only sheet doesn't give them), by the sheet's path;
    a sheet beyond MAX_SHEET_ROWS or the sheets beyond MAX_CELLS refused on the way."""
    merged, cells, row = {}, 0, 0

    def start(tag: str, attributes: dict[str, str]) -> None:
        nonlocal cells, row
        name = tag.rpartition("}")[2]
        if name == "c":
            cells += 1
            if cells > MAX_CELLS:
                raise _too_large()
        elif name == "row":
            row = int(attributes.get("r") or row + 1)
            if row > MAX_SHEET_ROWS:
                raise _too_large()
        elif name == "mergeCell":
            merged[path].append(attributes.get("ref", ""))

    for path in archive.namelist():
        if path.startswith("xl/worksheets/") and path.endswith(".xml"):
            merged[path], row = [], 0
            parser = expat.ParserCreate(namespace_separator="}")
            parser.StartElementHandler = start
            with archive.open(path) as part:
                parser.ParseFile(part)
    return merged


def _read_sheet(sheet, merged: list[str]) -> tuple[list[str] | None, list[tuple[int, list[str]]]]:
    if (sheet.max_row or 0) > MAX_SHEET_ROWS or (sheet.max_column or 0) > MAX_COLUMNS:
        raise _too_large()
    if merged:
        raise _refuse(
            _(
                "The spreadsheet has merged cells (%(cells)s). Unmerge them, so that every "
                "person has one row with one value per column, and upload it again."
            )
            % {"cells": _cells(sorted(merged))}
        )
    header, rows, formulas = None, [], []
    # Missing rows come as empty ones, so the count is the row number; a sheet whose rows
    # aren't where its <dimension> says still stops here.
    every_row = sheet.iter_rows(max_row=MAX_SHEET_ROWS + 1, max_col=MAX_COLUMNS)
    for number, row in enumerate(every_row, start=1):
        if number > MAX_SHEET_ROWS:
            raise _too_large()
        formulas += [cell.coordinate for cell in row if cell.data_type == "f"]
        cells = [_text(cell.value) for cell in row]
        if not any(cells):
            continue
        if header is None:
            header = cells
        elif len(rows) <= MAX_ROWS:
            rows.append((number, cells))
    if formulas:
        raise _refuse(
            _(
                "The spreadsheet has formulas (in %(cells)s). Only values can be imported: "
                "copy the sheet and paste it as values, save, and upload it again."
            )
            % {"cells": _cells(formulas)}
        )
    return header, rows


def _text(value: object) -> str:
    if value is None:
        return ""
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    if isinstance(value, dt.datetime):
        return value.date().isoformat() if value.time() == dt.time() else value.isoformat()
    return str(value).strip()


def _table(header: list[str] | None, rows: list[tuple[int, list[str]]]) -> Table:
    if header is None:
        raise _refuse(_("The file is empty."))
    if not rows:
        raise _refuse(
            _("The file has only a header row and no people. Add a row for every person.")
        )
    if len(rows) > MAX_ROWS:
        raise _refuse(
            _("The file has more than %(max)s people. Split it into smaller files.")
            % {"max": MAX_ROWS}
        )
    while header and not header[-1]:
        header.pop()
    header = header[:MAX_COLUMNS]
    width = len(header)
    return Table(
        header=header,
        rows=[(line, (cells + [""] * width)[:width]) for line, cells in rows],
    )


# The columns ---------------------------------------------------------------------------


def normalise(header: str) -> str:
    return "".join(char for char in header.casefold() if char.isalnum())


def guess_mapping(header: list[str]) -> list[str]:
    """What each column holds, as far as its header says; a field twice is taken once."""
    mapping = [_FIELD_OF.get(normalise(text), IGNORE) for text in header]
    for name in set(mapping) - {IGNORE}:
        columns = [i for i, each in enumerate(mapping) if each == name]
        keep = next((i for i in columns if normalise(header[i]) in _PREFERRED), columns[0])
        for i in columns:
            if i != keep:
                mapping[i] = IGNORE
    return mapping


def missing(mapping: list[str]) -> list[str]:
    """What the columns lack before the file can be read: an address, a name, a school."""
    given = set(mapping)
    lacking = []
    if EMAIL not in given:
        lacking.append(_("a column with the e-mail address"))
    if not given & {NAME, FIRST_NAME, LAST_NAME}:
        lacking.append(_("a column with the name (or first name and last name)"))
    if not given & {SCHOOL, BRIN}:
        lacking.append(_("a column with the school or its BRIN number"))
    return lacking


def check_mapping(mapping: list[str], width: int) -> list[str]:
    """The mapping as chosen in the columns step: one field per column at most once."""
    if len(mapping) != width or any(each not in FIELDS and each != IGNORE for each in mapping):
        raise ValidationError(_("Choose what each column holds."))
    chosen = [each for each in mapping if each != IGNORE]
    twice = sorted({str(FIELDS[each]) for each in chosen if chosen.count(each) > 1})
    if twice:
        raise ValidationError(
            _("Each kind of column can be chosen once: %(fields)s is chosen more than once.")
            % {"fields": ", ".join(twice)}
        )
    if lacking := missing(mapping):
        raise ValidationError(_("The file needs %(what)s.") % {"what": ", ".join(lacking)})
    return mapping


# The rows ------------------------------------------------------------------------------


def _split(value: str) -> list[str]:
    """Schools or communities in one cell, separated by `;`, `|` or a line break."""
    return [part.strip() for part in _SEPARATORS.split(value) if part.strip()]


def people(table: Table, mapping: list[str]) -> tuple[list[Person], list[Problem]]:
    """Every row as a person, with the problems the file alone shows: an empty or invalid
    address, an address twice (both lines named), an empty name, a BRIN number that is not
    one, text too long or with invisible control characters."""
    label = {}
    for text, name in zip(table.header, mapping, strict=True):
        if name and name not in label:
            label[name] = text or str(FIELDS[name])
    name_label = label.get(NAME) or " + ".join(
        label[each] for each in (FIRST_NAME, INFIX, LAST_NAME) if each in label
    )
    found, problems, first_line = [], [], {}
    for line, cells in table.rows:
        value = {name: cells[i] for i, name in enumerate(mapping) if name}
        row_problems = [
            Problem(line, label[name], _("This cell contains invisible control characters."))
            for name, text in value.items()
            if _CONTROL.search(text)
        ]
        email = value.get(EMAIL, "").strip().lower()
        usable = False
        if not email:
            row_problems.append(Problem(line, label[EMAIL], _("The e-mail address is empty.")))
        elif not _valid_email(email):
            row_problems.append(
                Problem(
                    line,
                    label[EMAIL],
                    _("“%(email)s” is not a valid e-mail address.") % {"email": email},
                )
            )
        elif email in first_line:
            row_problems.append(
                Problem(
                    line,
                    label[EMAIL],
                    _("%(email)s is on line %(first)s and on line %(line)s: list a person once.")
                    % {"email": email, "first": first_line[email], "line": line},
                )
            )
        else:
            first_line[email] = line
            usable = True
        name = value.get(NAME, "") or " ".join(
            value[each] for each in (FIRST_NAME, INFIX, LAST_NAME) if value.get(each)
        )
        name = " ".join(name.split())
        if not name:
            row_problems.append(Problem(line, name_label, _("The name is empty.")))
        elif len(name) > 150:
            row_problems.append(
                Problem(line, name_label, _("The name is longer than 150 characters."))
            )
        function = value.get(FUNCTION, "")
        if len(function) > 100:
            row_problems.append(
                Problem(line, label[FUNCTION], _("The function is longer than 100 characters."))
            )
        brins = []
        for code in re.split(r"[\s,;|]+", value.get(BRIN, "").upper()):
            if not code:
                continue
            match = _BRIN.match(code)
            if match is None:
                row_problems.append(
                    Problem(
                        line,
                        label[BRIN],
                        _("“%(code)s” is not a BRIN number (e.g. 12AB, or 12AB00 with location).")
                        % {"code": code},
                    )
                )
            else:
                brins.append((match[1], match[2] or ""))
        problems += row_problems
        found.append(
            Person(
                line=line,
                email=email,
                name=name,
                function=function,
                schools=_split(value.get(SCHOOL, "")),
                brins=brins,
                communities=_split(value.get(COMMUNITY, "")),
                usable=usable,
            )
        )
    return found, problems


def _valid_email(email: str) -> bool:
    if len(email) > 254:
        return False
    try:
        validate_email(email)
    except ValidationError:
        return False
    return True
