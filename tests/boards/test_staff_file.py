"""Reading a staff file without a database: formats, encodings, headers, and what a file
alone shows to be wrong."""

import io
import time

import pytest
from django.core.exceptions import ValidationError
from django.utils import translation

from boards import staff_file
from tests.boards.staff_files import HEADER, csv_bytes, raw_xlsx, sheet_xml, xlsx_bytes


@pytest.fixture(autouse=True)
def english():
    with translation.override("en"):
        yield


def read(content: bytes) -> staff_file.Table:
    return staff_file.read(io.BytesIO(content), size=len(content))


def refused(content: bytes, *, size: int | None = None) -> str:
    with pytest.raises(ValidationError) as caught:
        staff_file.read(io.BytesIO(content), size=len(content) if size is None else size)
    return " ".join(caught.value.message_dict["file"])


ROW = ["Anna", "de", "Vries", "Anna.de.Vries@Example.org", "De Brug", "leerkracht"]


@pytest.mark.parametrize("delimiter", [";", ",", "\t"])
def test_csv_delimiter_is_sniffed(delimiter):
    table = read(csv_bytes([ROW], delimiter=delimiter))
    assert table.header == HEADER
    assert table.rows == [(2, ROW)]


def test_utf8_with_bom_and_windows_1252_with_accents():
    row = ["Renée", "", "Böhm", "renee@example.org", "Café", "IB'er"]
    for content in (
        "\ufeff".encode() + csv_bytes([row]),
        csv_bytes([row], encoding="cp1252"),
    ):
        table = read(content)
        assert table.header[0] == "Voornaam"
        assert table.rows[0][1][0] == "Renée"
        assert table.rows[0][1][4] == "Café"


def test_line_numbers_count_blank_lines_and_quoted_line_breaks():
    content = (
        b'Naam;E-mail;School\n\n"Anna\nde Vries";a@example.org;De Brug\n\nBob;b@example.org;X\n'
    )
    table = read(content)
    assert [line for line, _cells in table.rows] == [3, 6]


def test_xlsx_values_and_row_numbers():
    table = read(xlsx_bytes([ROW, [], ["Bob", None, "Bakker", "b@example.org", "X", 12.0]]))
    assert table.header == HEADER
    assert table.rows == [(2, ROW), (4, ["Bob", "", "Bakker", "b@example.org", "X", "12"])]


def test_xlsx_formulas_are_refused_naming_the_cells():
    message = refused(xlsx_bytes([ROW, ["=A2", "", "Jansen", '=CONCAT("j","@x.nl")', "X", ""]]))
    assert "formulas" in message and "A3, D3" in message


def test_xlsx_merged_cells_are_refused_naming_them():
    message = refused(xlsx_bytes([ROW, ROW], merge="E2:E3"))
    assert "merged cells (E2:E3)" in message


@pytest.mark.parametrize(
    ("content", "words"),
    [
        (b"", "empty"),
        (b"\n\n  \n", "empty"),
        (csv_bytes([]), "only a header row"),
        (b"%PDF-1.7\n\x00\x01binary", "neither a CSV file nor an Excel file"),
        (b"\x89PNG\r\n\x1a\n\x00\x00", "neither a CSV file nor an Excel file"),
        (b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + b"\x00" * 100, "old Excel file"),
        (b"PK\x03\x04 not really a zip", "neither a CSV file nor an Excel file"),
    ],
)
def test_files_that_cant_be_a_staff_list(content, words):
    assert words in refused(content)


def test_a_file_over_5_mb_is_refused_before_it_is_read():
    class Unreadable(io.BytesIO):
        def read(self, *args):
            raise AssertionError("read")

    with pytest.raises(ValidationError) as caught:
        staff_file.read(Unreadable(), size=50 * 1024 * 1024)
    assert "The file is too large (50.0\xa0MB)" in caught.value.message_dict["file"][0]


def test_xlsx_header_only():
    assert "only a header row" in refused(xlsx_bytes([]))


@pytest.mark.parametrize(
    ("header", "expected"),
    [
        (
            ["Voornaam", "Tussenvoegsel", "Achternaam", "E-mailadres", "School", "Functie"],
            ["first_name", "infix", "last_name", "email", "school", "function"],
        ),
        (
            [" NAME ", "Email Address", "brin", "function", "Community", "Personeelsnummer"],
            ["name", "email", "brin", "function", "community", ""],
        ),
        (
            ["Voornamen", "Roepnaam", "Achternaam", "e-mail", "BRIN", "Leergemeenschap"],
            ["", "first_name", "last_name", "email", "brin", "community"],
        ),
        (
            ["First name", "Last name", "E-mail", "School"],
            ["first_name", "last_name", "email", "school"],
        ),
    ],
)
def test_headers_in_dutch_and_english(header, expected):
    mapping = staff_file.guess_mapping(header)
    assert mapping == expected
    assert staff_file.missing(mapping) == []


def test_unknown_headers_need_the_columns_step():
    mapping = staff_file.guess_mapping(["Medewerker nr", "Adres", "Locatie"])
    assert len(staff_file.missing(mapping)) == 3
    with pytest.raises(ValidationError, match="more than once"):
        staff_file.check_mapping(["email", "email", "name"], 3)
    assert staff_file.check_mapping(["email", "name", "brin"], 3)


def test_people_and_the_problems_of_the_file_alone():
    table = read(
        csv_bytes(
            [
                ROW,
                ["", "", "", "leeg@example.org", "X", ""],
                ["Bob", "", "Bakker", "geen-adres", "X", ""],
                ["Cas", "", "Claes", "", "X", ""],
                ["Anna", "", "Dubbel", "anna.de.vries@example.org", "X", ""],
            ],
        )
    )
    found, problems = staff_file.people(table, staff_file.guess_mapping(table.header))
    assert found[0].name == "Anna de Vries"
    assert found[0].email == "anna.de.vries@example.org"
    assert found[0].schools == ["De Brug"]
    assert [(p.line, p.column) for p in problems] == [
        (3, "Voornaam + Tussenvoegsel + Achternaam"),
        (4, "E-mailadres"),
        (5, "E-mailadres"),
        (6, "E-mailadres"),
    ]
    assert "line 2 and on line 6" in problems[-1].message
    assert [p.usable for p in found] == [True, True, False, False, False]


def test_brin_numbers_with_and_without_location():
    header = ["Naam", "Email", "BRIN"]
    table = read(
        csv_bytes([["A", "a@example.org", "12ab, 34CD01"], ["B", "b@x.nl", "1X"]], header=header)
    )
    found, problems = staff_file.people(table, staff_file.guess_mapping(header))
    assert found[0].brins == [("12AB", ""), ("34CD", "01")]
    assert [(p.line, p.column) for p in problems] == [(3, "BRIN")]


HEAD = '<row r="1"><c r="A1" t="inlineStr"><is><t>Naam</t></is></c></row>'
PERSON = '<row r="2"><c r="A2" t="inlineStr"><is><t>Anna</t></is></c></row>'


def test_a_minimal_workbook_by_hand_is_read():
    table = read(raw_xlsx(sheet_xml(HEAD + PERSON, dimension="A1:A2")))
    assert table.header == ["Naam"] and table.rows == [(2, ["Anna"])]


@pytest.mark.parametrize(
    "sheet",
    [
        # The sheet says it is 200,000 rows or 101 columns large, before anything is read.
        sheet_xml(HEAD + PERSON, dimension="A1:A200000"),
        sheet_xml(HEAD + PERSON, dimension="A1:CW2"),
        # It doesn't say, and a cell is at row 21,001: 2 KB that took 4 GB to read.
        sheet_xml(HEAD + PERSON + '<row r="21001"><c r="A21001"><v>1</v></c></row>'),
        # 300,001 cells, in few rows.
        sheet_xml(HEAD + "".join(f"<row>{'<c><v>1</v></c>' * 100}</row>" for _ in range(3001))),
    ],
    ids=["dimension-rows", "dimension-columns", "far-row", "cells"],
)
def test_a_spreadsheet_too_large_is_refused_before_it_is_read(sheet):
    started = time.monotonic()
    message = refused(raw_xlsx(sheet))
    assert "larger than a staff file can be: at most 21000 rows, 100 columns" in message
    assert time.monotonic() - started < 5


def test_a_workbook_that_unpacks_to_more_than_20_mb_is_refused():
    content = raw_xlsx(sheet_xml(HEAD + PERSON), extra={"xl/media/pad.bin": bytes(21 << 20)})
    assert len(content) < 100_000
    assert "unpacked it is larger than 20.0\xa0MB" in refused(content)


@pytest.mark.parametrize(
    "sheet",
    [
        sheet_xml("<row><c><v>1</v></row>"),  # not XML
        None,  # the sheet the workbook names isn't there
        sheet_xml('<row r="1"><c r="A1" t="s"><v>5</v></c></row>'),  # no shared string 5
        sheet_xml('<row r="x"><c r="A1"><v>1</v></c></row>'),  # a row number that isn't one
    ],
    ids=["broken-xml", "no-sheet", "no-shared-string", "bad-row-number"],
)
def test_a_broken_workbook_cant_be_read(sheet):
    assert "This Excel file can't be read" in refused(raw_xlsx(sheet))
