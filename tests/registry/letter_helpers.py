"""Registered KIM, configured letter settings and stored letters for the letter tests."""

import datetime
import hashlib
import subprocess
import tempfile

from django.core.files.base import ContentFile
from django.utils import timezone

from registry.models import Document, Letter, RegencyOffice
from registry.services import letters as letter_service
from tests.dates import add_years, current_term, today
from tests.factories import KimFactory, RosterFactory, make_board
from tests.upload_samples import PDF_BYTES

KAB_SERANG_VILLAGE = "36.04.05.2001"  # Kramatwatu, Kabupaten Serang
KOTA_SERANG_VILLAGE = "36.73.01.1001"  # Serang, Kota Serang
LEBAK_VILLAGE = "36.02.01.2002"  # Cilangkahan, Kabupaten Lebak


def configure_office(regency_id="36.04", **fields):
    office, _created = RegencyOffice.objects.get_or_create(regency_id=regency_id)
    values = {
        "dinas_name": "Dinas Komunikasi dan Informatika",
        "dinas_address": "Jalan Veteran Nomor 1, Serang, Banten · Telepon (0254) 200001",
        "signatory_name": "Drs. H. Ahmad Suryana, M.Si.",
        "signatory_nip": "197001011995031001",
        "signatory_position": "Kepala Dinas Komunikasi dan Informatika Kabupaten Serang",
        "signing_city": "Serang",
        **fields,
    }
    for name, value in values.items():
        setattr(office, name, value)
    office.save()
    return office


def registered_kim(
    name="KIM Kramat Sejahtera", village=KAB_SERANG_VILLAGE, managers=(), seq=1, with_sk=True
):
    """A registered KIM with Nomor Induk, a current roster (board complete) and an SK."""
    kim = KimFactory(
        name=name,
        village_id=village,
        status="registered",
        registered_at=timezone.now(),
        managers=list(managers),
    )
    kim.nomor_induk = f"KIM-{kim.regency_id.replace('.', '')}-2025-{seq:04d}-{kim.pk}"
    kim.save(update_fields=["nomor_induk"])
    roster = RosterFactory(kim=kim, **current_term())
    make_board(roster)
    if with_sk:
        Document.objects.create(
            kim=kim,
            kind="sk",
            file=ContentFile(b"%PDF-1.4 sk", name="sk.pdf"),
            content_type="application/pdf",
            size=11,
            sha256="0" * 64,
            original_name="sk.pdf",
            number="141/Kep.12/2024",
            issued_on=datetime.date(2024, 12, 3),
            issuer_name="H. Mulyadi",
            issuer_office="Kepala Desa Kramatwatu",
        )
    return kim


def stored_letter(kim, number="1/KIM/3604/2025", status="valid", pdf=None, **fields):
    """A letter row with placeholder bytes (no rendering): for access and page tests.
    The placeholder is a real one-page PDF (uploads are opened, not sniffed), told apart
    by a comment after its end."""
    pdf = pdf or PDF_BYTES + b"% letter " + number.encode() + b"\n"
    return Letter.objects.create(
        kim=kim,
        regency_id=kim.regency_id,
        number=number,
        kim_name=kim.name,
        nomor_induk=kim.nomor_induk,
        status=status,
        pdf=pdf,
        size=len(pdf),
        sha256=hashlib.sha256(pdf).hexdigest(),
        valid_until=add_years(today(), 2),
        **fields,
    )


def pdf_tool(tool, data, *args):
    """Run a poppler tool (pdfinfo, pdftotext) on PDF bytes; returns its text output."""
    with tempfile.NamedTemporaryFile(suffix=".pdf") as handle:
        handle.write(data)
        handle.flush()
        result = subprocess.run(  # noqa: S603 — fixed poppler tools on our own bytes
            [tool, *args, handle.name, *(["-"] if tool == "pdftotext" else [])],
            capture_output=True,
            check=True,
            text=True,
        )
    return result.stdout


def issue_letter(kim, actor, **kwargs):
    """Issue a letter and render it at once, as the worker does a moment after the commit."""
    letter = letter_service.letter_issue(kim=kim, actor=actor, **kwargs)
    return letter_service.letter_render(letter_id=letter.pk)
