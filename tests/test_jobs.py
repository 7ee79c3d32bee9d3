"""Jobs (kimportal/core/jobs): state, progress, result for the owner, failure, housekeeping.

Tasks run eagerly here; test_jobs_worker.py runs them on a real Celery worker.
"""

import csv
import datetime
import io

import pytest
from django.core.files.base import ContentFile
from django.urls import reverse
from django.utils import timezone

from kimportal.core import jobs
from kimportal.core.jobs import runner
from kimportal.core.jobs.tasks import cleanup_files, requeue_stalled
from kimportal.core.models import AuditEntry, Job, JobState
from tests.factories import KimFactory

pytestmark = pytest.mark.django_db

KIM_LIST = reverse("registry:kim-list")


@pytest.fixture
def many_kim(db):
    return [KimFactory(name=f"KIM Ekspor {n:02d}", village_id="36.04.05.2001") for n in range(5)]


def test_a_big_list_export_runs_as_a_job_and_only_its_owner_downloads_it(
    client_for, officer_kab_serang, officer_lebak, many_kim, settings,
    django_capture_on_commit_callbacks,
):  # fmt: skip
    settings.EXPORT_SYNC_MAX_ROWS = 3
    client = client_for(officer_kab_serang)
    with django_capture_on_commit_callbacks(execute=True):
        response = client.get(KIM_LIST, {"format": "csv", "q": "Ekspor"})
    job = Job.objects.get()
    assert response.status_code == 302
    assert response["Location"] == job.get_absolute_url()
    assert (job.kind, job.owner, job.state) == ("kimportal.export", officer_kab_serang, "succeeded")
    assert (job.progress_done, job.progress_total) == (5, 5)
    assert job.expires_at > timezone.now() + datetime.timedelta(hours=23)

    page = client.get(job.get_absolute_url()).content.decode()
    assert "Unduh daftar-kim.csv" in page
    assert "5 baris" in page
    download = client.get(reverse("jobs:download", args=[job.pk]))
    assert download["Cache-Control"] == "no-store, private"
    text = b"".join(download.streaming_content).decode("utf-8-sig")
    rows = list(csv.reader(io.StringIO(text)))
    assert rows[0][0] == "Nama KIM"
    assert sorted(row[0] for row in rows[1:]) == [kim.name for kim in many_kim]

    other = client_for(officer_lebak)
    assert other.get(job.get_absolute_url()).status_code == 404
    assert other.get(reverse("jobs:download", args=[job.pk])).status_code == 404


def test_small_exports_stay_immediate(client_for, officer_kab_serang, many_kim):
    response = client_for(officer_kab_serang).get(KIM_LIST, {"format": "csv"})
    assert response.status_code == 200
    b"".join(response.streaming_content)
    assert not Job.objects.exists()


def test_the_job_page_shows_progress_without_javascript_and_as_json(client_for, officer_kab_serang):
    job = Job.objects.create(
        kind="kimportal.export",
        owner=officer_kab_serang,
        state=JobState.RUNNING,
        progress_done=250,
        progress_total=1000,
        started_at=timezone.now(),
    )
    client = client_for(officer_kab_serang)
    page = client.get(job.get_absolute_url()).content.decode()
    assert '<noscript><meta http-equiv="refresh" content="3"></noscript>' in page
    assert 'style="width: 25%"' in page
    assert "250 / 1.000" in page  # Indonesian digit grouping
    assert "js/job_progress.js" in page
    status = client.get(job.get_absolute_url(), headers={"accept": "application/json"}).json()
    assert status == {
        "state": "running",
        "state_label": "Sedang berjalan",
        "finished": False,
        "percent": 25,
        "done": 250,
        "total": 1000,
        "message": "",
    }
    listing = client.get(reverse("jobs:list")).content.decode()
    assert job.get_absolute_url() in listing


def test_an_expired_result_is_gone(client_for, officer_kab_serang):
    job = Job.objects.create(
        kind="kimportal.export",
        owner=officer_kab_serang,
        state=JobState.SUCCEEDED,
        result_name="daftar-kim.csv",
        expires_at=timezone.now() - datetime.timedelta(minutes=1),
    )
    job.result_file.save("x.csv", ContentFile(b"a,b\n"))
    client = client_for(officer_kab_serang)
    assert client.get(reverse("jobs:download", args=[job.pk])).status_code == 404
    assert "sudah dihapus" in client.get(job.get_absolute_url()).content.decode()
    name = job.result_file.name
    assert cleanup_files() >= 1
    job.refresh_from_db()
    assert not job.result_file
    assert not job.result_file.storage.exists(name)
    assert cleanup_files() == 0  # run twice: nothing twice


@jobs.kind("tests.broken", label="Tugas uji yang rusak")
def _broken(ctx):
    raise ValueError("rusak")


def test_a_job_that_fails_for_good_shows_why_and_is_in_the_trail(
    client_for, officer_kab_serang, admin_user, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        job = jobs.start(kind="tests.broken", owner=officer_kab_serang)
    job.refresh_from_db()
    assert job.state == JobState.FAILED
    assert job.error_detail == "ValueError: rusak"
    assert AuditEntry.objects.filter(action="jobs.job.failed", object_id=str(job.pk)).exists()
    owner_page = client_for(officer_kab_serang).get(job.get_absolute_url()).content.decode()
    assert "gagal karena kesalahan sistem" in owner_page
    assert "ValueError: rusak" not in owner_page  # the exception is for admins
    admin_page = client_for(admin_user).get(job.get_absolute_url()).content.decode()
    assert "ValueError: rusak" in admin_page


@jobs.kind("tests.count", label="Tugas uji")
def _count(ctx):
    ctx.remember(runs=ctx.job.result.get("runs", 0) + 1)
    return "selesai"


def test_a_finished_job_delivered_again_does_nothing(django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        job = jobs.start(kind="tests.count", owner=None)
    assert runner.run(job.pk, delivery=job.task_id) is None  # a redelivered message
    job.refresh_from_db()
    assert (job.state, job.result, job.attempts) == (JobState.SUCCEEDED, {"runs": 1}, 1)


def test_a_job_whose_message_was_lost_is_sent_again(time_machine):
    job = jobs.start(kind="tests.count", owner=None)  # on_commit never runs: the message is lost
    assert requeue_stalled() == 0
    time_machine.move_to(job.created_at + datetime.timedelta(minutes=11))
    assert requeue_stalled() == 1  # eagerly run here
    job.refresh_from_db()
    assert job.state == JobState.SUCCEEDED


def test_unknown_kinds_are_refused_when_started(officer_kab_serang):
    with pytest.raises(LookupError):
        jobs.start(kind="tests.nope", owner=officer_kab_serang)
