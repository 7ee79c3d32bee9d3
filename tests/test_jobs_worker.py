"""Long work on real Celery workers over the real Redis (tests/worker.py starts them).

What a web request starts is done by another process: letters issued over HTTP become
ready with the right hash, a bulk run fans out to the pool, an export is built as a job,
a task that fails twice is retried to success, and a worker killed mid-task has its task
delivered again and completed once, the letter number unchanged.
"""

import hashlib
import http.client
import io
import os
import statistics
import threading
import time
import zipfile

import pytest
from django.conf import settings
from django.db import connection
from django.urls import reverse

from kimportal.core.models import AuditEntry, Job, JobState
from registry.models import Letter, LetterStatus
from tests.factories import KimFactory, UserFactory
from tests.registry.letter_helpers import configure_office, registered_kim
from tests.worker import http_get, wait_for

# Slow: real processes render real PDFs (`make test-fast` skips them; `make test` runs them).
pytestmark = [pytest.mark.django_db(transaction=True), pytest.mark.slow]


@pytest.fixture
def officer(banten_areas):
    configure_office()
    return UserFactory(role="kabkota", regency_id="36.04")


def _ready(letter_id):
    letter = Letter.objects.get(pk=letter_id)
    return letter if letter.status != LetterStatus.PREPARING else None


def test_worker_renders_a_letter_issued_over_http(workers, officer, client):
    workers(concurrency=1)
    kim = registered_kim("KIM Lewat Worker")
    client.force_login(officer)

    response = client.post(reverse("registry:letter-issue", args=[kim.pk]))

    assert response.status_code == 302
    letter = kim.letters.get()
    assert letter.status == LetterStatus.PREPARING  # the request did not render it
    number, token = letter.number, letter.token
    done = wait_for(lambda: _ready(letter.pk))
    assert done.status == LetterStatus.VALID
    assert (done.number, done.token) == (number, token)
    download = client.get(reverse("registry:letter-download", args=[letter.pk]))
    assert download.content.startswith(b"%PDF")
    assert hashlib.sha256(download.content).hexdigest() == done.sha256


def test_worker_pool_issues_a_bulk_batch_of_40(workers, officer, client):
    workers(concurrency=2)
    kims = [registered_kim(f"KIM Massal Worker {n:02d}") for n in range(40)]
    client.force_login(officer)

    response = client.post(reverse("registry:letters-bulk"))

    job = Job.objects.get()
    assert response["Location"] == job.get_absolute_url()
    job = wait_for(
        lambda: Job.objects.filter(
            pk=job.pk, state__in=[JobState.SUCCEEDED, JobState.FAILED]
        ).first(),
        seconds=120,
    )
    assert job.state == JobState.SUCCEEDED, job.error_detail
    letters = Letter.objects.filter(kim__in=kims)
    assert letters.count() == 40
    assert set(letters.values_list("status", flat=True)) == {LetterStatus.VALID}
    numbers = sorted(int(n.split("/")[0]) for n in letters.values_list("number", flat=True))
    assert numbers == list(range(1, 41))  # unique and gap-free
    download = client.get(reverse("jobs:download", args=[job.pk]))
    archive = zipfile.ZipFile(io.BytesIO(b"".join(download.streaming_content)))
    assert len(archive.namelist()) == 40
    for letter in letters:
        assert hashlib.sha256(archive.read(letter.filename)).hexdigest() == letter.sha256


def test_worker_builds_a_big_export_as_a_job(workers, officer, client, settings):
    settings.EXPORT_SYNC_MAX_ROWS = 10
    for n in range(25):
        KimFactory(name=f"KIM Ekspor Worker {n:02d}", village_id="36.04.05.2001")
    workers(concurrency=1)
    client.force_login(officer)

    response = client.get(reverse("registry:kim-list"), {"format": "xlsx"})

    job = Job.objects.get()
    assert response["Location"] == job.get_absolute_url()
    job = wait_for(lambda: Job.objects.filter(pk=job.pk, state=JobState.SUCCEEDED).first())
    assert (job.progress_done, job.progress_total) == (25, 25)
    download = client.get(reverse("jobs:download", args=[job.pk]))
    assert download["Content-Type"].startswith("application/vnd.openxmlformats")
    from openpyxl import load_workbook

    sheet = load_workbook(io.BytesIO(b"".join(download.streaming_content))).active
    assert sheet.max_row == 26  # header + 25 KIM


def test_worker_retries_a_task_that_fails_twice_then_succeeds(workers, officer, client):
    workers(concurrency=1, fault="fail_render:2")
    kim = registered_kim("KIM Dua Kali Gagal")
    client.force_login(officer)

    client.post(reverse("registry:letter-issue", args=[kim.pk]))

    letter = wait_for(lambda: _ready(kim.letters.get().pk))
    assert letter.status == LetterStatus.VALID
    assert letter.render_attempts == 3  # two injected failures, then the render
    assert AuditEntry.objects.filter(action="registry.letter.ready").count() == 1
    assert not AuditEntry.objects.filter(action="registry.letter.render_failed").exists()


def test_worker_killed_mid_task_has_it_redelivered_and_done_once(
    workers, officer, client, tmp_path
):
    first = workers(concurrency=1, fault="slow_render")
    kim = registered_kim("KIM Worker Mati")
    client.force_login(officer)
    client.post(reverse("registry:letter-issue", args=[kim.pk]))
    letter = kim.letters.get()
    wait_for(lambda: (tmp_path / "started").exists())  # the render is under way

    first.kill()  # the whole worker, mid-task, without acknowledging the message
    assert Letter.objects.get(pk=letter.pk).status == LetterStatus.PREPARING
    workers(concurrency=1)  # a fresh worker takes the unacknowledged message back

    done = wait_for(lambda: _ready(letter.pk), seconds=60)
    assert done.status == LetterStatus.VALID
    assert (done.number, done.token) == (letter.number, letter.token)
    assert done.render_attempts == 2
    assert Letter.objects.filter(kim=kim).count() == 1
    assert AuditEntry.objects.filter(action="registry.letter.ready").count() == 1
    assert AuditEntry.objects.filter(action="registry.letter.issued").count() == 1


def test_worker_and_gunicorn_12_parallel_issues_keep_healthz_fast_and_numbers_gap_free(
    workers, gunicorn, officer, client
):
    """The acceptance check: 12 officers' clicks at once in one regency, on gunicorn with 4
    worker processes, while a load balancer asks /healthz every 25 ms.

    Latency is a property of the machine as much as of the code, so the bounds are about
    waiting, not speed: the typical check stays fast (median < 50 ms) and none waits on
    a render (< 1 s; < 2 s on a machine already busier than its cores; the old code
    stalled /healthz for 20 s). A single slow check on a slow host is scheduling, not a
    stall (a 2-core host saw 108.8 ms once, median 6.3 ms). `manage.py bench` and
    `loadtest` report figures."""
    workers(concurrency=2, nice=10)  # as in production (README): pages before PDFs
    port = gunicorn(processes=4)
    kims = [registered_kim(f"KIM Paralel {n:02d}") for n in range(12)]
    client.force_login(officer)
    csrf = "a" * 32  # any 32-character secret, sent as cookie and form field
    cookie = (
        f"{settings.SESSION_COOKIE_NAME}={client.cookies[settings.SESSION_COOKIE_NAME].value}; "
        f"{settings.CSRF_COOKIE_NAME}={csrf}"
    )
    for _ in range(24):  # warm every gunicorn process up, as a running site is
        http_get(port, f"/kim/{kims[0].pk}/surat/", {"Cookie": cookie})
        http_get(port, "/healthz")

    latencies, stop = [], threading.Event()

    def probe():
        while not stop.is_set():
            started = time.perf_counter()
            status, _body = http_get(port, "/healthz")
            latencies.append(((time.perf_counter() - started) * 1000, status))
            stop.wait(0.025)

    barrier = threading.Barrier(12)
    answers = []

    def click(kim):
        barrier.wait()
        conn = http.client.HTTPConnection("127.0.0.1", port, timeout=60)
        conn.request(
            "POST",
            f"/kim/{kim.pk}/surat/terbitkan/",
            body=f"csrfmiddlewaretoken={csrf}",
            headers={"Cookie": cookie, "Content-Type": "application/x-www-form-urlencoded"},
        )
        answers.append(conn.getresponse().status)
        conn.close()

    prober = threading.Thread(target=probe)
    prober.start()
    time.sleep(0.3)
    clicks = [threading.Thread(target=click, args=(kim,)) for kim in kims]
    for thread in clicks:
        thread.start()
    for thread in clicks:
        thread.join(60)
    wait_for(
        lambda: (
            not Letter.objects.filter(status=LetterStatus.PREPARING).exists()
            and Letter.objects.count() == 12
        ),
        seconds=120,
    )
    stop.set()
    prober.join()
    connection.close()

    assert answers == [302] * 12
    numbers = sorted(int(n.split("/")[0]) for n in Letter.objects.values_list("number", flat=True))
    assert numbers == list(range(1, 13))  # unique and gap-free
    assert set(Letter.objects.values_list("status", flat=True)) == {LetterStatus.VALID}
    times = sorted(ms for ms, _status in latencies)
    assert {status for _ms, status in latencies} == {200}
    print(  # the figure the acceptance asks for, in the test's output
        f"/healthz during 12 parallel issues: {len(times)} checks, median "
        f"{statistics.median(times):.1f} ms, max {times[-1]:.1f} ms"
    )
    overloaded = os.getloadavg()[0] > os.cpu_count()
    assert statistics.median(times) < 50
    assert times[-1] < (2000 if overloaded else 1000)
