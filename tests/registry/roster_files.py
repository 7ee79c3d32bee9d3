"""Roster files for tests: rows in the template's columns, as CSV or XLSX uploads."""

import csv
import io

from django.core.files.uploadedfile import SimpleUploadedFile

from registry.roster_import import template_header
from tests.factories import make_nik

YES4 = ["Ya", "Ya", "Ya", "Ya"]


def row(
    serial,
    position="Anggota",
    *,
    female=False,
    name=None,
    detail="",
    phone="081234567890",
    nik=None,
    gender=None,
    declarations=YES4,
):
    """One data row in template column order."""
    return [
        nik or make_nik(female=female, serial=serial),
        f"Pengurus {serial}" if name is None else name,
        position,
        detail,
        gender or ("P" if female else "L"),
        phone,
        *declarations,
    ]


def board_rows(extra=0, start=1):
    """Ketua, Sekretaris, Bendahara (+ `extra` Anggota) with distinct valid NIKs."""
    rows = [
        row(start, "Ketua"),
        row(start + 1, "Sekretaris"),
        row(start + 2, "Bendahara", female=True),
    ]
    rows += [row(start + 3 + i) for i in range(extra)]
    return rows


def csv_bytes(rows, delimiter=",", header=None, bom=False):
    buffer = io.StringIO()
    writer = csv.writer(buffer, delimiter=delimiter)
    writer.writerow(header or template_header())
    writer.writerows(rows)
    data = buffer.getvalue().encode()
    return (b"\xef\xbb\xbf" + data) if bom else data


def xlsx_bytes(rows, header=None):
    from openpyxl import Workbook

    workbook = Workbook(write_only=True)
    sheet = workbook.create_sheet("Pengurus")
    sheet.append(header or template_header())
    for values in rows:
        sheet.append(values)
    buffer = io.BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()


def upload(data, name="pengurus.csv"):
    return SimpleUploadedFile(name, data, content_type="application/octet-stream")
