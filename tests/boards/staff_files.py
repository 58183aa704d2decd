"""Staff files as HR systems export them, made in memory for the tests."""

import io

import openpyxl
from django.core.files.uploadedfile import SimpleUploadedFile

HEADER = ["Voornaam", "Tussenvoegsel", "Achternaam", "E-mailadres", "School", "Functie"]


def csv_bytes(rows: list[list[str]], *, header=HEADER, delimiter=";", encoding="utf-8") -> bytes:
    lines = [delimiter.join(header)] + [delimiter.join(row) for row in rows]
    return ("\r\n".join(lines) + "\r\n").encode(encoding)


def xlsx_bytes(rows: list[list[object]], *, header=HEADER, merge: str = "") -> bytes:
    workbook = openpyxl.Workbook()
    sheet = workbook.active
    sheet.append(header)
    for row in rows:
        sheet.append(row)
    if merge:
        sheet.merge_cells(merge)
    out = io.BytesIO()
    workbook.save(out)
    return out.getvalue()


def upload(content: bytes, name: str = "personeel.csv") -> SimpleUploadedFile:
    return SimpleUploadedFile(name, content, content_type="application/octet-stream")
