"""Surat Keterangan Terdaftar: issuing, superseding, revoking, downloading, the KIM page."""

import datetime
import hashlib
import re

import pytest
from django.conf import settings
from django.urls import reverse

from kimportal.core import pdf
from kimportal.core.access import NotPermitted
from kimportal.core.models import AuditEntry
from registry.models import Letter, LetterStatus
from registry.services import letters as service
from registry.services.letters import LetterError
from registry.services.workflow import kim_transition
from tests.dates import WIB
from tests.registry.letter_helpers import (
    configure_office,
    issue_letter,
    pdf_tool,
    registered_kim,
    stored_letter,
)

pytestmark = pytest.mark.django_db

NINE_AM = datetime.time(9, 0, tzinfo=WIB)


def letters_url(kim):
    return reverse("registry:letters", args=[kim.pk])


def issue_url(kim):
    return reverse("registry:letter-issue", args=[kim.pk])


def download_url(letter):
    return reverse("registry:letter-download", args=[letter.pk])


# --- issuing and the PDF --------------------------------------------------------------------


@pytest.mark.slow
@pytest.mark.time_machine(datetime.datetime(2026, 4, 17, 9, 0, tzinfo=WIB), tick=False)
def test_issued_letter_is_one_a4_page_with_the_facts_and_a_qr_link_to_its_verification_page(
    officer_kab_serang,
):
    configure_office()
    kim = registered_kim("KIM Kramat Sejahtera", managers=[])
    letter = issue_letter(kim, officer_kab_serang)

    pdf = bytes(letter.pdf)
    assert letter.number == "1/KIM/3604/2026"
    assert letter.status == LetterStatus.VALID
    assert letter.sha256 == hashlib.sha256(pdf).hexdigest()
    assert letter.size == len(pdf)
    assert len(letter.token) == 16
    info = pdf_tool("pdfinfo", pdf)
    assert re.search(r"^Pages:\s+1$", info, re.M)
    assert "595.276 x 841.89" in info or "595.28 x 841.89" in info  # A4 in points
    # The QR code is wrapped in a link: the PDF's link annotation is the verification URL
    # the QR encodes (both come from one string; segno encodes it, WeasyPrint links it).
    verify_url = settings.SITE_URL + reverse("verification:document", args=[letter.token])
    assert verify_url in pdf_tool("pdfinfo", pdf, "-url").split()
    text = " ".join(pdf_tool("pdftotext", pdf).split())
    assert "SURAT KETERANGAN TERDAFTAR" in text
    assert f"Nomor: {letter.number}" in text
    assert "KIM Kramat Sejahtera" in text
    assert kim.nomor_induk in text
    assert "Kramatwatu" in text
    assert "Kabupaten Serang" in text
    assert "Banten" in text
    assert "Kepala Desa Kramatwatu Nomor 141/Kep.12/2024 tanggal 3 Desember 2024" in text
    assert "PEMERINTAH KABUPATEN SERANG" in text
    assert "NIP. 19700101 199503 1 001" in text
    assert "Serang, 17 April 2026" in text
    board = kim.rosters.get().members.all()
    for member in board:
        assert member.full_name in text
        assert member.nik not in text
        assert member.phone not in text
    entry = AuditEntry.objects.get(action="registry.letter.issued", object_id=str(letter.pk))
    assert entry.changes["number"] == [None, letter.number]
    assert entry.regency_code == "36.04"
    ready = AuditEntry.objects.get(action="registry.letter.ready", object_id=str(letter.pk))
    assert ready.changes["sha256"] == [None, letter.sha256]


@pytest.mark.slow
def test_issuing_again_supersedes_the_previous_letter_and_takes_the_next_number(
    officer_kab_serang,
    province_staff,
):
    configure_office(letter_number_pattern="{seq:03d}/KIM/{regency}/{month_roman}/{year}")
    kim = registered_kim()
    first = issue_letter(kim, officer_kab_serang)
    second = issue_letter(kim, province_staff, replaces=first.pk, reason="Pengurus berganti")

    first.refresh_from_db()
    assert first.status == LetterStatus.SUPERSEDED
    assert first.superseded_by == second
    assert second.status == LetterStatus.VALID
    assert first.number.startswith("001/KIM/3604/")
    assert second.number.startswith("002/KIM/3604/")
    assert bytes(first.pdf) != bytes(second.pdf)
    assert AuditEntry.objects.filter(
        action="registry.letter.superseded", object_id=str(first.pk)
    ).exists()


@pytest.mark.parametrize(
    ("issued_on", "months", "valid_until"),
    [
        (datetime.date(2025, 4, 17), 12, datetime.date(2026, 4, 17)),
        (datetime.date(2024, 2, 29), 12, datetime.date(2025, 2, 28)),  # no 29 February
        (datetime.date(2025, 1, 31), 1, datetime.date(2025, 2, 28)),  # nor 31 February
    ],
)
def test_validity_in_months_ends_before_the_term_when_shorter(
    officer_kab_serang, monkeypatch, time_machine, issued_on, months, valid_until
):
    time_machine.move_to(datetime.datetime.combine(issued_on, NINE_AM), tick=False)
    monkeypatch.setattr(service, "render_letter", lambda *a, **k: b"%PDF-1.7 stub")
    configure_office(letter_validity_months=months)
    kim = registered_kim()  # its board's term runs for two more years
    letter = issue_letter(kim, officer_kab_serang)
    assert letter.valid_until == valid_until


@pytest.mark.parametrize("status", ["approved", "inactive", "revoked"])
def test_only_registered_kim_get_letters(officer_kab_serang, status):
    configure_office()
    kim = registered_kim()
    kim.status = status
    kim.save(update_fields=["status"])
    with pytest.raises(LetterError):
        service.letter_issue(kim=kim, actor=officer_kab_serang)
    assert not Letter.objects.exists()


def test_incomplete_settings_refuse_issuing_with_what_is_missing(officer_kab_serang):
    configure_office(signatory_nip="")
    kim = registered_kim()
    with pytest.raises(LetterError, match="NIP penanda tangan"):
        service.letter_issue(kim=kim, actor=officer_kab_serang)


def test_officer_of_another_regency_and_managers_cannot_issue(officer_kota_serang, manager):
    configure_office()
    kim = registered_kim(managers=[manager])
    for actor in (officer_kota_serang, manager):
        with pytest.raises(NotPermitted, match="petugas Diskominfo wilayah"):
            service.letter_issue(kim=kim, actor=actor)


def test_revoking_the_kim_marks_all_its_letters_revoked(officer_kab_serang):
    kim = registered_kim()
    old = stored_letter(kim, "1/KIM/3604/2025", status=LetterStatus.SUPERSEDED)
    current = stored_letter(kim, "2/KIM/3604/2025")
    other = stored_letter(registered_kim("KIM Lain"), "3/KIM/3604/2025")

    kim_transition(kim=kim, actor=officer_kab_serang, action="revoke", note="Tidak aktif")

    assert {letter.status for letter in Letter.objects.filter(pk__in=[old.pk, current.pk])} == {
        LetterStatus.REVOKED
    }
    other.refresh_from_db()
    assert other.status == LetterStatus.VALID
    assert AuditEntry.objects.filter(action="registry.letter.revoked").count() == 2


# --- views: letters page, issue, download ---------------------------------------------------


def test_officer_issues_from_the_letters_page(
    client_for, officer_kab_serang, monkeypatch, django_capture_on_commit_callbacks
):
    monkeypatch.setattr(service, "render_letter", lambda *a, **k: b"%PDF-1.7 stub")
    configure_office()
    kim = registered_kim()
    client = client_for(officer_kab_serang)
    page = client.get(letters_url(kim))
    assert page.status_code == 200
    assert "Terbitkan surat" in page.content.decode()

    with django_capture_on_commit_callbacks(execute=True):  # the task runs eagerly
        response = client.post(issue_url(kim))
    assert response.status_code == 302
    letter = kim.letters.get()
    assert letter.issued_by == officer_kab_serang
    assert letter.status == LetterStatus.VALID
    assert letter.sha256 == hashlib.sha256(b"%PDF-1.7 stub").hexdigest()


def test_letters_page_warns_when_settings_are_incomplete(client_for, officer_kab_serang):
    kim = registered_kim()
    body = client_for(officer_kab_serang).get(letters_url(kim)).content.decode()
    assert "pengaturan surat kabupaten/kota ini belum lengkap" in body
    assert reverse("registry:office-settings", args=["36.04"]) in body


def test_kota_serang_officer_cannot_see_issue_or_download_kab_serang_letters(
    client_for,
    officer_kota_serang,
):
    configure_office()
    kim = registered_kim()
    letter = stored_letter(kim)
    client = client_for(officer_kota_serang)
    assert client.get(letters_url(kim)).status_code == 404
    assert client.post(issue_url(kim)).status_code == 404
    assert client.get(download_url(letter)).status_code == 404
    assert kim.letters.count() == 1


def test_managers_download_their_own_kim_letters_only(client_for, manager, other_manager):
    kim = registered_kim(managers=[manager])
    letter = stored_letter(kim)
    response = client_for(manager).get(download_url(letter))
    assert response.status_code == 200
    assert response["Content-Type"] == "application/pdf"
    assert client_for(manager).post(issue_url(kim)).status_code == 403
    assert client_for(other_manager).get(download_url(letter)).status_code == 404
    assert client_for(other_manager).get(letters_url(kim)).status_code == 404


def test_download_returns_the_stored_bytes_every_time(client_for, province_staff):
    kim = registered_kim()
    letter = stored_letter(kim, pdf=b"%PDF-1.7\n" + bytes(range(256)) * 40)
    client = client_for(province_staff)
    first = client.get(download_url(letter))
    second = client.get(download_url(letter))
    assert first.content == second.content == bytes(letter.pdf)
    assert hashlib.sha256(first.content).hexdigest() == letter.sha256
    assert "attachment" in first["Content-Disposition"]


def test_province_staff_of_another_province_gets_404(client_for, other_province_staff):
    kim = registered_kim()
    letter = stored_letter(kim)
    client = client_for(other_province_staff)
    assert client.get(letters_url(kim)).status_code == 404
    assert client.get(download_url(letter)).status_code == 404


def test_letters_page_lists_letters_in_a_fixed_number_of_queries(
    client_for,
    officer_kab_serang,
    django_assert_num_queries,
):
    configure_office()
    kim = registered_kim()
    newest = stored_letter(kim, "3/KIM/3604/2025", issued_by=officer_kab_serang)
    for n in (1, 2):
        stored_letter(
            kim,
            f"{n}/KIM/3604/2025",
            status=LetterStatus.SUPERSEDED,
            superseded_by=newest,
            issued_by=officer_kab_serang,
        )
    client = client_for(officer_kab_serang)
    # session, user, KIM, office settings, letters (with issuer and successor)
    with django_assert_num_queries(5):
        response = client.get(letters_url(kim))
    body = response.content.decode()
    assert all(f"{n}/KIM/3604/2025" in body for n in (1, 2, 3))
    assert "Digantikan" in body
    assert "Berlaku" in body


# --- rendering stays offline ------------------------------------------------------------------


@pytest.mark.parametrize(
    ("url", "allowed"),
    [
        ("data:image/png;base64,iVBORw0KGgo=", True),
        (f"file://{settings.BASE_DIR}/static/vendor/bootstrap/LICENSE", True),
        (f"file://{settings.BASE_DIR}/static/../kimportal/settings.py", False),
        ("file:///etc/passwd", False),
        ("http://example.org/logo.png", False),
        ("https://fonts.example.org/font.woff2", False),
        ("ftp://example.org/x", False),
    ],
)
def test_pdf_url_fetcher_allows_only_inline_data_and_static_files(url, allowed):
    fetcher = pdf.local_only_fetcher()
    if allowed:
        fetcher.fetch(url).close()
    else:
        with pytest.raises(pdf.ResourceRefused):
            fetcher.fetch(url)


# --- legal basis and the signature block ---------------------------------------------------


def _letter_text(officer, **office):
    configure_office(**office)
    kim = registered_kim("KIM Kramat Sejahtera", managers=[])
    letter = issue_letter(kim, officer)
    return pdf_tool("pdftotext", bytes(letter.pdf), "-layout")


@pytest.mark.slow
def test_letter_cites_the_current_legal_basis_by_default(officer_kab_serang):
    text = " ".join(_letter_text(officer_kab_serang).split())
    assert (
        "sesuai dengan Pasal 23 Peraturan Menteri Komunikasi dan Informatika Nomor 4 Tahun "
        "2024 tentang Penyelenggaraan Urusan Pemerintahan Konkuren Bidang Komunikasi dan "
        "Informatika." in text
    )
    assert "Nomor 8 Tahun 2010" not in text


@pytest.mark.slow
def test_letter_cites_the_regency_s_own_legal_basis(officer_kab_serang):
    basis = "Peraturan Bupati Serang Nomor 12 Tahun 2025 tentang Kemitraan Komunikasi"
    text = " ".join(_letter_text(officer_kab_serang, legal_basis=basis).split())
    assert f"sesuai dengan {basis}." in text


@pytest.mark.parametrize(
    "title",
    [
        "Kepala Dinas Komunikasi dan Informatika Kabupaten Tangerang",
        "Kepala Dinas Komunikasi dan Informatika Provinsi Banten",
    ],
)
@pytest.mark.slow
def test_signatory_title_never_leaves_one_word_on_its_last_line(officer_kab_serang, title):
    lines = _letter_text(officer_kab_serang, signatory_position=title).splitlines()
    # The signature column is the right half of the layout text.
    start = next(i for i, line in enumerate(lines) if re.search(r"Serang, \d+ \w+ \d{4}", line))
    block = []
    for line in lines[start + 1 :]:
        right = line[len(line) // 3 :].strip()  # the QR column's small text is on the left
        right = re.sub(r"^.*\s{3,}", "", right)
        block.append(right)
        if right.endswith(","):
            break
    assert " ".join(block) == f"{title},"
    assert len(block) > 1  # it does wrap in the narrow column...
    assert len(block[-1].split()) >= 2  # ...and the last line is never one word


def test_no_widow_joins_the_last_two_words():
    from kimportal.core.pdf import no_widow

    assert no_widow("Kepala Dinas Kabupaten Serang") == "Kepala Dinas Kabupaten\u00a0Serang"
    assert no_widow("Kepala  Dinas ") == "Kepala Dinas"
    assert no_widow("Kepala Dinas Kominfo") == "Kepala Dinas Kominfo"
