"""Bulk letters: a job takes the numbers, the workers render, a last run builds the ZIP.

Tasks run eagerly here (the worker tests in test_jobs_worker.py run the same over Redis).
"""

import io
import zipfile

import pytest
from django.urls import reverse

from kimportal.core.models import Job, JobState
from registry.demo import letters_seed_demo
from registry.models import Letter, LetterStatus
from registry.services import letters as service
from tests.registry.letter_helpers import (
    KOTA_SERANG_VILLAGE,
    LEBAK_VILLAGE,
    configure_office,
    registered_kim,
    stored_letter,
)

pytestmark = pytest.mark.django_db

BULK = reverse("registry:letters-bulk")


@pytest.fixture
def stub_render(monkeypatch):
    """Rendering is covered in test_letters.py; here each letter gets small unique bytes."""
    monkeypatch.setattr(
        service, "render_letter", lambda facts, *, number, **kw: b"%PDF-1.7 " + number.encode()
    )


def run_bulk(client, capture, params=None):
    """Open the page, start the run; the job and its letters run when the POST commits."""
    page = client.get(BULK, params or {})
    assert page.status_code == 200
    with capture(execute=True):
        response = client.post(BULK, params or {})
    assert response.status_code == 302
    job = Job.objects.get()
    assert response["Location"] == job.get_absolute_url()
    return page, job


def zip_names(client, job):
    response = client.get(reverse("jobs:download", args=[job.pk]))
    assert response["Content-Type"] == "application/zip"
    archive = zipfile.ZipFile(io.BytesIO(b"".join(response.streaming_content)))
    return archive, sorted(archive.namelist())


def test_regency_officer_issues_letters_for_all_registered_kim_without_one(
    client_for, officer_kab_serang, stub_render, django_capture_on_commit_callbacks
):
    configure_office()
    kims = [registered_kim(f"KIM Massal {n}") for n in range(3)]
    already = registered_kim("KIM Sudah Punya Surat")
    stored_letter(already, "9/KIM/3604/2025")
    registered_kim("KIM Kota", village=KOTA_SERANG_VILLAGE)
    client = client_for(officer_kab_serang)

    page, job = run_bulk(client, django_capture_on_commit_callbacks)

    assert page.context["total"] == 3
    job.refresh_from_db()
    assert job.state == JobState.SUCCEEDED
    assert (job.progress_done, job.progress_total) == (3, 3)
    assert job.owner == officer_kab_serang
    letters = Letter.objects.filter(kim__in=kims)
    assert {letter.status for letter in letters} == {LetterStatus.VALID}
    assert {letter.job_id for letter in letters} == {job.pk}
    archive, names = zip_names(client, job)
    assert names == sorted(letter.filename for letter in letters)
    for letter in letters:
        assert archive.read(letter.filename) == bytes(letter.pdf)
    assert already.letters.get().status == LetterStatus.VALID  # untouched
    body = client.get(job.get_absolute_url()).content.decode()
    assert "3 surat diterbitkan, 0 tidak dapat diproses." in body


def test_province_staff_can_limit_a_run_to_one_regency(
    client_for, province_staff, stub_render, django_capture_on_commit_callbacks
):
    configure_office()
    configure_office("36.02")
    serang = registered_kim("KIM Serang")
    lebak = registered_kim("KIM Lebak", village=LEBAK_VILLAGE)
    page, _job = run_bulk(
        client_for(province_staff), django_capture_on_commit_callbacks, {"regency": "36.02"}
    )
    assert page.context["total"] == 1
    assert lebak.letters.count() == 1
    assert serang.letters.count() == 0


def test_refusals_are_reported_and_do_not_stop_the_run(
    client_for, officer_kab_serang, stub_render, django_capture_on_commit_callbacks
):
    configure_office()
    good = registered_kim("KIM Lengkap")
    broken = registered_kim("KIM Tanpa Pengurus")
    broken.rosters.all().delete()
    client = client_for(officer_kab_serang)
    _page, job = run_bulk(client, django_capture_on_commit_callbacks)
    job.refresh_from_db()
    assert job.state == JobState.SUCCEEDED
    assert good.letters.get().status == LetterStatus.VALID
    assert broken.letters.count() == 0
    assert job.result["errors"] == [
        {
            "item": "KIM Tanpa Pengurus",
            "message": "KIM ini belum punya susunan pengurus yang berlaku.",
        }
    ]
    body = client.get(job.get_absolute_url()).content.decode()
    assert "KIM Tanpa Pengurus: KIM ini belum punya susunan pengurus yang berlaku." in body


def test_a_letter_that_fails_to_render_is_listed_and_left_out_of_the_zip(
    client_for, officer_kab_serang, monkeypatch, django_capture_on_commit_callbacks
):
    configure_office()
    good = registered_kim("KIM Baik")
    bad = registered_kim("KIM Rusak")

    def render(facts, *, number, **kw):
        if facts.kim.pk == bad.pk:
            raise ValueError("font hilang")
        return b"%PDF-1.7 " + number.encode()

    monkeypatch.setattr(service, "render_letter", render)
    client = client_for(officer_kab_serang)
    _page, job = run_bulk(client, django_capture_on_commit_callbacks)
    job.refresh_from_db()
    assert job.state == JobState.SUCCEEDED
    failed = bad.letters.get()
    assert failed.status == LetterStatus.FAILED
    assert failed.number  # the number stays taken
    assert job.result["errors"][-1]["item"] == f"KIM Rusak ({failed.number})"
    _archive, names = zip_names(client, job)
    assert names == [good.letters.get().filename]


def test_other_regencies_kim_are_never_in_a_run(client_for, officer_kota_serang, stub_render):
    configure_office()
    registered_kim("KIM Kab Serang")
    client = client_for(officer_kota_serang)
    assert client.get(BULK).context["total"] == 0
    response = client.post(BULK)
    assert response.status_code == 302
    assert not Job.objects.exists()
    assert not Letter.objects.exists()


@pytest.mark.parametrize("user", ["manager", "admin_user"])
def test_bulk_is_for_officers(request, client_for, user):
    client = client_for(request.getfixturevalue(user))
    status = client.get(BULK).status_code
    assert status == (403 if user == "manager" else 200)


def test_only_the_officer_who_ran_it_downloads_the_zip(
    client_for, officer_kab_serang, stub_render, django_capture_on_commit_callbacks, request
):
    configure_office()
    registered_kim("KIM Satu")
    _page, job = run_bulk(client_for(officer_kab_serang), django_capture_on_commit_callbacks)
    download = reverse("jobs:download", args=[job.pk])
    other = request.getfixturevalue("officer_lebak")
    assert client_for(other).get(download).status_code == 404
    assert client_for(other).get(job.get_absolute_url()).status_code == 404
    admin = request.getfixturevalue("admin_user")
    assert client_for(admin).get(job.get_absolute_url()).status_code == 200
    assert client_for(admin).get(download).status_code == 403


@pytest.mark.slow
def test_seed_demo_configures_banten_and_issues_letters(officer_kab_serang):
    kim = registered_kim("KIM Demo")
    out = io.StringIO()
    assert letters_seed_demo(out) == 1
    assert kim.letters.get().issued_by == officer_kab_serang
    assert "1 surat diterbitkan" in out.getvalue()
    assert letters_seed_demo(out) == 0  # idempotent


def test_a_bulk_runs_letters_wait_in_their_own_queue(
    officer_kab_serang, stub_render, monkeypatch, settings, django_capture_on_commit_callbacks
):
    """Workers read both queues in turn: one officer's letter never waits behind a run."""
    from registry.tasks import letter_render

    sent = []
    monkeypatch.setattr(letter_render, "apply_async", lambda args, **kw: sent.append(kw["queue"]))
    configure_office()
    in_bulk, alone = registered_kim("KIM Dalam Massal"), registered_kim("KIM Sendiri")
    job = Job.objects.create(kind="registry.letters_bulk", owner=officer_kab_serang)
    with django_capture_on_commit_callbacks(execute=True):
        service.letter_issue(kim=in_bulk, actor=officer_kab_serang, job=job)
        service.letter_issue(kim=alone, actor=officer_kab_serang)
    assert sent == [settings.TASK_BULK_QUEUE, None]  # None: the default queue
