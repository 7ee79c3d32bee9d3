"""Certificates: only to participants present on every day, numbered per organiser and
year, verified on the public page like letters."""

import hashlib

import pytest

from capacity.models import Certificate
from capacity.services.certificates import (
    CertificateError,
    certificate_issue,
    certificates_issue_bulk,
    eligible,
)
from kimportal.core.access import NotPermitted
from tests.capacity.helpers import DAY, HOUR, attend, board_of, held_event, make_event, register
from tests.registry.letter_helpers import configure_office, pdf_tool, registered_kim


@pytest.fixture
def kim(manager):
    configure_office()  # Kabupaten Serang's letterhead and signatory
    return registered_kim(managers=[manager])


def test_certificate_waits_for_the_organisers_letterhead(manager, officer_kab_serang):
    kim = registered_kim(managers=[manager])  # the Dinas's settings are still empty
    event = held_event()
    registration = register(event, kim)
    attend(registration)

    with pytest.raises(CertificateError, match="kop dan penanda tangan"):
        certificate_issue(registration=registration, actor=officer_kab_serang)


def test_only_attendees_are_eligible(kim):
    event = held_event()
    members = board_of(kim)
    present, absent = register(event, kim, members[0]), register(event, kim, members[1])
    waiting = register(event, kim, members[2], status="waitlisted")
    attend(present)
    attend(waiting)

    assert list(eligible(event)) == [present]
    assert absent not in eligible(event)


def test_multi_day_events_need_every_day(kim):
    event = make_event(status="held", starts_in=-DAY * 2, length=DAY + HOUR)
    both, one = (register(event, kim, m) for m in board_of(kim)[:2])
    for day in event.days:
        attend(both, day)
    attend(one, event.days[0])

    assert list(eligible(event)) == [both]


def test_certificate_refused_without_attendance(kim, officer_kab_serang):
    event = held_event()
    registration = register(event, kim)

    with pytest.raises(CertificateError, match="hadir"):
        certificate_issue(registration=registration, actor=officer_kab_serang)
    assert not Certificate.objects.exists()


def test_certificates_only_after_the_event_is_held(kim, officer_kab_serang):
    event = make_event(starts_in=-HOUR)
    registration = register(event, kim)
    attend(registration)

    with pytest.raises(NotPermitted):
        certificates_issue_bulk(event=event, actor=officer_kab_serang)


@pytest.mark.slow  # real certificate PDFs
def test_bulk_issues_to_attendees_only_and_is_idempotent(kim, officer_kab_serang):
    event = held_event()
    members = board_of(kim)
    present = [register(event, kim, m) for m in members[:2]]
    register(event, kim, members[2])  # absent
    for registration in present:
        attend(registration)
    progress = []

    result = certificates_issue_bulk(
        event=event, actor=officer_kab_serang, progress=lambda d, t: progress.append((d, t))
    )
    again = certificates_issue_bulk(event=event, actor=officer_kab_serang)

    assert sorted(c.registration_id for c in result.issued) == sorted(r.pk for r in present)
    assert result.errors == []
    assert again.issued == []
    assert progress == [(1, 2), (2, 2)]
    numbers = sorted(Certificate.objects.values_list("number", flat=True))
    year = numbers[0].rsplit("/", 1)[1]
    assert numbers == [f"0001/SERT-KIM/3604/{year}", f"0002/SERT-KIM/3604/{year}"]


@pytest.mark.slow  # real certificate PDFs
def test_certificate_pdf_says_who_what_when_and_links_to_verification(
    kim, officer_kab_serang, client
):
    event = held_event(title="Bimtek Situs Desa")
    registration = register(event, kim)
    attend(registration)

    certificate = certificate_issue(registration=registration, actor=officer_kab_serang)

    pdf = bytes(certificate.pdf)
    assert certificate.sha256 == hashlib.sha256(pdf).hexdigest()
    text = " ".join(pdf_tool("pdftotext", pdf).split())
    assert registration.name in text
    assert "Bimtek Situs Desa" in text
    assert "6 jam pelajaran (JP)" in text
    assert certificate.number in text
    assert certificate.token_display in text
    member = board_of(kim)[0]
    assert member.nik not in text
    assert "Drs. H. Ahmad Suryana, M.Si." in text  # the Dinas's signatory, as on letters
    assert "19700101 199503 1 001" in text

    page = client.get(f"/v/{certificate.token}/")
    body = page.content.decode()
    assert page.status_code == 200
    assert "Sertifikat ini SAH" in body
    assert registration.name in body
    assert certificate.number in body
    assert member.nik not in body
    assert member.phone not in body
    certificate.refresh_from_db()
    assert certificate.verification_count == 1


@pytest.mark.slow  # real certificate PDFs
def test_uploaded_certificate_pdf_is_recognised(kim, officer_kab_serang, client):
    from django.core.files.uploadedfile import SimpleUploadedFile

    event = held_event()
    registration = register(event, kim)
    attend(registration)
    certificate = certificate_issue(registration=registration, actor=officer_kab_serang)

    response = client.post(
        "/verifikasi/",
        {"berkas": SimpleUploadedFile("s.pdf", bytes(certificate.pdf), "application/pdf")},
    )

    assert "Sertifikat ini SAH" in response.content.decode()


@pytest.mark.slow  # real certificate PDFs
def test_manager_downloads_their_members_certificate_only(
    kim, officer_kab_serang, manager, other_manager, client
):
    event = held_event()
    registration = register(event, kim)
    attend(registration)
    other = registered_kim(name="KIM Lain", managers=[other_manager])
    theirs = register(event, other, board_of(other)[0])
    attend(theirs)
    certificates_issue_bulk(event=event, actor=officer_kab_serang)
    mine = Certificate.objects.get(registration=registration)
    client.force_login(manager)

    assert client.get(f"/kegiatan/sertifikat/{mine.pk}/unduh/").status_code == 200
    foreign = Certificate.objects.get(registration=theirs)
    assert client.get(f"/kegiatan/sertifikat/{foreign.pk}/unduh/").status_code == 404
    archive = client.get(f"/kegiatan/{event.pk}/sertifikat/unduh/")
    import io
    import zipfile

    names = zipfile.ZipFile(io.BytesIO(b"".join(archive.streaming_content))).namelist()
    assert names == [mine.filename]


def _certificate(kim):
    from tests.capacity.helpers import stored_certificate

    registration = register(held_event(), kim)
    attend(registration)
    return stored_certificate(registration)


def test_revoking_needs_a_reason_and_changes_nothing_without_one(kim, officer_kab_serang, client):
    certificate = _certificate(kim)
    client.force_login(officer_kab_serang)

    response = client.post(f"/kegiatan/sertifikat/{certificate.pk}/cabut/", {"reason": "  "})

    assert "Tuliskan alasan pencabutan sertifikat." in response.content.decode()
    certificate.refresh_from_db()
    assert certificate.is_valid
    assert certificate.revoked_at is None


def test_revoked_certificate_says_so_on_the_public_page_and_in_the_trail(
    kim, officer_kab_serang, client
):
    from kimportal.core.audit.models import AuditEntry

    certificate = _certificate(kim)
    client.force_login(officer_kab_serang)
    response = client.post(
        f"/kegiatan/sertifikat/{certificate.pk}/cabut/",
        {"reason": "Kehadiran tercatat keliru"},
    )
    assert response.status_code == 302

    client.logout()
    public = client.get(f"/v/{certificate.token}/").content.decode()
    assert "DICABUT" in public
    assert "Kehadiran tercatat keliru" not in public  # the reason stays in the trail
    entry = AuditEntry.objects.get(action="capacity.certificate.revoked")
    assert entry.actor == officer_kab_serang
    assert entry.changes["reason"] == [None, "Kehadiran tercatat keliru"]


def test_a_revoked_certificate_cannot_be_revoked_again(kim, officer_kab_serang):
    from capacity.services.certificates import certificate_revoke

    certificate = _certificate(kim)
    certificate_revoke(certificate=certificate, actor=officer_kab_serang, reason="Nama salah")

    with pytest.raises(NotPermitted):
        certificate_revoke(certificate=certificate, actor=officer_kab_serang, reason="lagi")
