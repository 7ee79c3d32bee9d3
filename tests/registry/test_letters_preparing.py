"""A letter exists at once with its number (being prepared); a worker renders it.

Tasks run eagerly here: `django_capture_on_commit_callbacks(execute=True)` runs what the
commit sends to the workers. test_jobs_worker.py runs the same over a real worker.
"""

import datetime
import hashlib

import pytest
from django.urls import reverse

from kimportal.core.models import AuditEntry
from registry.models import Letter, LetterStatus
from registry.services import letters as service
from registry.services.letters import LetterError
from registry.services.workflow import kim_transition
from registry.tasks import letter_render
from tests.registry.letter_helpers import configure_office, issue_letter, registered_kim

pytestmark = pytest.mark.django_db

STUB = b"%PDF-1.7 stub"


@pytest.fixture
def stub_render(monkeypatch):
    monkeypatch.setattr(service, "render_letter", lambda *a, **k: STUB)


@pytest.fixture
def kim(db):
    configure_office()
    return registered_kim()


def letters_url(kim):
    return reverse("registry:letters", args=[kim.pk])


def test_an_issued_letter_has_its_number_and_token_before_its_pdf(
    client_for, officer_kab_serang, kim, stub_render
):
    letter = service.letter_issue(kim=kim, actor=officer_kab_serang)  # the commit's task: later

    assert letter.status == LetterStatus.PREPARING
    assert letter.number.startswith("1/KIM/3604/")
    assert len(letter.token) == 16
    assert not letter.is_ready
    client = client_for(officer_kab_serang)
    download = reverse("registry:letter-download", args=[letter.pk])
    assert client.get(download).status_code == 404  # nothing to download yet
    page = client.get(letters_url(kim)).content.decode()
    assert "sedang disiapkan" in page
    assert '<meta http-equiv="refresh" content="2">' in page  # refreshes itself, no JS needed
    assert "Terbitkan surat</button>" not in page

    rendered = service.letter_render(letter_id=letter.pk)  # what the worker does
    assert (rendered.number, rendered.token) == (letter.number, letter.token)
    assert rendered.status == LetterStatus.VALID
    assert rendered.sha256 == hashlib.sha256(STUB).hexdigest()
    assert client.get(download).content == STUB
    assert "refresh" not in client.get(letters_url(kim)).content.decode()


def test_a_second_click_while_the_letter_is_prepared_or_valid_is_refused(
    client_for, officer_kab_serang, kim, stub_render
):
    client = client_for(officer_kab_serang)
    issue = reverse("registry:letter-issue", args=[kim.pk])
    client.post(issue)
    response = client.post(issue, follow=True)  # a double click
    assert "sedang disiapkan; tunggu sampai selesai" in response.content.decode()
    letter = kim.letters.get()

    service.letter_render(letter_id=letter.pk)
    response = client.post(issue, follow=True)  # the same button, later (a stale tab)
    assert "sudah punya surat yang berlaku" in response.content.decode()
    assert kim.letters.count() == 1


def test_a_confirmed_reissue_replaces_the_current_letter_once(
    client_for, officer_kab_serang, kim, stub_render, django_capture_on_commit_callbacks
):
    first = issue_letter(kim, officer_kab_serang)
    client = client_for(officer_kab_serang)
    issue = reverse("registry:letter-issue", args=[kim.pk])
    page = client.get(letters_url(kim)).content.decode()
    assert "Terbitkan ulang surat" in page
    assert f'name="replaces" value="{first.pk}"' in page

    unconfirmed = client.post(issue, {"replaces": first.pk, "reason": "Ganti"}, follow=True)
    assert "Centang konfirmasi" in unconfirmed.content.decode()
    assert kim.letters.count() == 1

    form = {"replaces": first.pk, "reason": "Pengurus berganti", "confirm": "1"}
    with django_capture_on_commit_callbacks(execute=True):
        client.post(issue, form)
    again = client.post(issue, form, follow=True)  # the same confirmed form, twice
    assert "sudah punya surat yang berlaku" in again.content.decode()

    first.refresh_from_db()
    second = kim.letters.get(status=LetterStatus.VALID)
    assert first.status == LetterStatus.SUPERSEDED
    assert first.superseded_by == second
    assert kim.letters.count() == 2
    entry = AuditEntry.objects.get(action="registry.letter.issued", object_id=str(second.pk))
    assert entry.changes["replaces"] == [None, first.number]
    assert entry.changes["reason"] == [None, "Pengurus berganti"]


def test_the_previous_letter_stays_valid_until_the_new_one_is_ready(
    officer_kab_serang, kim, stub_render
):
    first = issue_letter(kim, officer_kab_serang)
    second = service.letter_issue(
        kim=kim, actor=officer_kab_serang, replaces=first.pk, reason="Penanda tangan baru"
    )
    first.refresh_from_db()
    assert first.status == LetterStatus.VALID  # the public still sees a valid letter
    service.letter_render(letter_id=second.pk)
    first.refresh_from_db()
    assert first.status == LetterStatus.SUPERSEDED


def test_a_failed_render_keeps_its_number_and_is_retried_with_the_same_number(
    client_for, officer_kab_serang, kim, monkeypatch, django_capture_on_commit_callbacks
):
    def broken(*args, **kwargs):
        raise ValueError("font hilang")

    monkeypatch.setattr(service, "render_letter", broken)
    client = client_for(officer_kab_serang)
    with django_capture_on_commit_callbacks(execute=True):  # the task runs, and gives up
        client.post(reverse("registry:letter-issue", args=[kim.pk]))
    letter = kim.letters.get()
    assert letter.status == LetterStatus.FAILED
    assert letter.number.startswith("1/")
    failure = AuditEntry.objects.get(action="registry.letter.render_failed")
    assert "ValueError: font hilang" in failure.changes["error"][1]
    page = client.get(letters_url(kim)).content.decode()
    assert "gagal dibuat" in page
    refused = client.post(reverse("registry:letter-issue", args=[kim.pk]), follow=True)
    assert "Buat ulang surat itu (nomornya tetap)" in refused.content.decode()

    monkeypatch.setattr(service, "render_letter", lambda *a, **k: STUB)
    with django_capture_on_commit_callbacks(execute=True):
        client.post(reverse("registry:letter-retry", args=[letter.pk]))
    retried = Letter.objects.get()
    assert (retried.pk, retried.number, retried.token) == (letter.pk, letter.number, letter.token)
    assert retried.status == LetterStatus.VALID
    assert AuditEntry.objects.filter(action="registry.letter.render_retried").count() == 1


def test_a_render_that_cannot_be_made_any_more_fails_with_the_reason(
    officer_kab_serang, kim, stub_render
):
    letter = service.letter_issue(kim=kim, actor=officer_kab_serang)
    kim.rosters.all().delete()  # the board is gone before the worker gets to it
    letter_render.delay(letter.pk)  # eager: the task runs, fails for good, records why
    letter.refresh_from_db()
    assert letter.status == LetterStatus.FAILED
    assert letter.render_error == "KIM ini belum punya susunan pengurus yang berlaku."


def test_rendering_twice_stores_once(officer_kab_serang, kim, stub_render):
    letter = service.letter_issue(kim=kim, actor=officer_kab_serang)
    service.letter_render(letter_id=letter.pk)
    service.letter_render(letter_id=letter.pk)  # a redelivered task
    assert AuditEntry.objects.filter(action="registry.letter.ready").count() == 1
    letter.refresh_from_db()
    assert letter.render_attempts == 1


def test_a_letter_revoked_while_being_prepared_never_becomes_valid(
    officer_kab_serang, kim, stub_render
):
    letter = service.letter_issue(kim=kim, actor=officer_kab_serang)
    kim_transition(kim=kim, actor=officer_kab_serang, action="revoke", note="Tidak aktif")
    service.letter_render(letter_id=letter.pk)
    letter.refresh_from_db()
    assert letter.status == LetterStatus.REVOKED
    assert not letter.is_ready


def test_the_public_page_of_a_letter_being_prepared_does_not_say_valid(
    client, officer_kab_serang, kim, stub_render
):
    letter = service.letter_issue(kim=kim, actor=officer_kab_serang)
    body = client.get(reverse("verification:document", args=[letter.token])).content.decode()
    assert "sedang DISIAPKAN" in body
    assert "SAH dan BERLAKU" not in body


def test_issuing_is_refused_without_a_reason_for_a_reissue(officer_kab_serang, kim, stub_render):
    first = issue_letter(kim, officer_kab_serang)
    with pytest.raises(LetterError, match="alasan"):
        service.letter_issue(kim=kim, actor=officer_kab_serang, replaces=first.pk)


def test_stalled_renders_are_sent_again(officer_kab_serang, kim, stub_render, time_machine):
    letter = service.letter_issue(kim=kim, actor=officer_kab_serang)  # its message was lost
    assert service.letters_requeue_stalled() == 0  # just issued: not stalled
    time_machine.move_to(letter.issued_at + datetime.timedelta(minutes=11))
    assert service.letters_requeue_stalled() == 1  # eagerly rendered here
    letter.refresh_from_db()
    assert letter.status == LetterStatus.VALID
