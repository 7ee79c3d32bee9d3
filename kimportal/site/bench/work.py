"""Figures of the long work: one letter, letters in bulk on Celery workers, a roster
import, an XLSX export, and Nomor Induk issued by 8 officers at once. Each creates the
synthetic KIM it needs (in the busiest regency) and removes them again."""

import os
import random
import secrets
import statistics
import tempfile
import threading
import time

from django.conf import settings
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import connection, transaction
from django.http import QueryDict
from django.utils import timezone
from kombu import Exchange, Queue

from kimportal.celery import app as celery_app
from kimportal.core import exports
from kimportal.core.models import AuditEntry
from kimportal.site.bench.processes import Processes, database_url, wait_until
from registry import roster_import
from registry.models import Kim, KimStatus, Letter, LetterStatus, StatusChange
from registry.scale import roster_rows, seed_registry
from registry.services import letters as letter_service
from registry.services.roster import roster_replace
from registry.services.workflow import nomor_induk_issue


class Rollback(Exception):
    """Leaves a measurement's transaction without committing."""


class Work:
    def __init__(self, emit, officer, creator, seed):
        self.emit, self.officer, self.creator = emit, officer, creator
        self.rng = random.Random(seed)
        self.made = []  # KIM ids created here, removed in cleanup()
        self.started = timezone.now()

    def kims(self, count, status, letters=False):
        seed = seed_registry(
            self.rng,
            count,
            creator_id=self.creator.pk,
            officers={self.officer.regency_id: self.officer.pk},
            area=self.officer.regency_id + ".",
            states=[status],
            letters=letters,
        )
        self.made.extend(seed.kim_ids)
        return list(Kim.objects.filter(pk__in=seed.kim_ids).order_by("pk"))

    def cleanup(self):
        if not self.made:
            return
        # The database is synthetic (the command checks): what was audited since is ours.
        AuditEntry.objects.filter(created_at__gte=self.started).delete()
        Letter.objects.filter(kim_id__in=self.made).delete()
        StatusChange.objects.filter(kim_id__in=self.made).delete()
        Kim.objects.filter(pk__in=self.made).delete()
        self.made = []

    # --- one letter -----------------------------------------------------------------------

    def letter_pdf(self, repeat):
        """Render and store one letter (what a worker does per letter), warm."""
        with in_process_queue():
            kims = self.kims(repeat + 1, KimStatus.REGISTERED)
            issued = [letter_service.letter_issue(kim=k, actor=self.officer) for k in kims]
        timings = []
        for index, letter in enumerate(issued):
            started = time.perf_counter()
            letter_service.letter_render(letter_id=letter.pk)
            if index:  # the first loads WeasyPrint and the fonts
                timings.append((time.perf_counter() - started) * 1000)
        self.emit("letter_pdf_ms", statistics.median(timings), "ms")

    # --- letters on workers ---------------------------------------------------------------

    def letters_bulk(self, redis, count):
        """Letters per second rendered by Celery workers (1, then 2 worker processes)."""
        logs = tempfile.mkdtemp(prefix="kimportal-bench-")
        queue = f"bench-{secrets.token_hex(4)}"
        env = {
            **os.environ,
            "DJANGO_SETTINGS_MODULE": "kimportal.settings",
            "DATABASE_URL": database_url(),
            "SECRET_KEY": settings.SECRET_KEY,
            "FIELD_ENCRYPTION_KEYS": ",".join(settings.FIELD_ENCRYPTION_KEYS),
            "FIELD_HASH_KEY": settings.FIELD_HASH_KEY,
            "CELERY_BROKER_URL": redis,
            "REDIS_URL": redis,
            "CELERY_QUEUE": queue,
            "CACHE_URL": redis,  # shared by the workers, as in production
            "MEDIA_ROOT": str(settings.MEDIA_ROOT),
        }
        processes = Processes(env, logs)
        try:
            with celery_queue(redis, queue):
                for workers in (1, 2):
                    process = processes.worker(workers)
                    warm = self._issue(self.kims(2 * workers, KimStatus.REGISTERED))
                    wait_until(lambda warm=warm: self._done(warm), 180)
                    kims = self.kims(count, KimStatus.REGISTERED)
                    started = time.perf_counter()
                    issued = self._issue(kims)
                    wait_until(lambda issued=issued: self._done(issued), 900)
                    rate = count / (time.perf_counter() - started)
                    name = "letters_bulk_per_s" if workers == 2 else "letters_bulk_1worker_per_s"
                    self.emit(name, rate, "per_s")
                    processes.stop(process)
        finally:
            processes.stop_all()
            forget_queue(redis, queue)

    def _issue(self, kims):
        return [letter_service.letter_issue(kim=k, actor=self.officer) for k in kims]

    @staticmethod
    def _done(letters):
        pks = [letter.pk for letter in letters]
        return not Letter.objects.filter(pk__in=pks, status=LetterStatus.PREPARING).exists()

    # --- roster import --------------------------------------------------------------------

    def roster_import(self, rows):
        """Read, validate and save an XLSX roster of `rows` rows (rolled back)."""
        kim = self.kims(1, KimStatus.DRAFT)[0]
        district = kim.village_id[:8]
        content = roster_import.template_xlsx_bytes(list(roster_rows(district, rows)))
        upload = SimpleUploadedFile("pengurus.xlsx", content)
        try:
            with transaction.atomic():
                started = time.perf_counter()
                result = roster_import.parse_roster(upload)
                if result.errors:
                    raise RuntimeError(f"roster rows refused: {result.errors[:3]}")
                today = timezone.localdate()
                roster_replace(
                    kim=kim,
                    actor=self.creator,
                    rows=result.rows,
                    source="import:xlsx",
                    term_start=today,
                    term_end=today.replace(year=today.year + 3),
                )
                seconds = time.perf_counter() - started
                raise Rollback
        except Rollback:
            pass
        self.emit("roster_import_rows_per_s", rows / seconds, "per_s")

    # --- export ---------------------------------------------------------------------------

    def export_xlsx(self, admin):
        """The KIM list's XLSX export of every KIM, as the export job writes it."""
        spec = exports._exporters["registry.kim_list"](admin, QueryDict(""))
        written = []
        with tempfile.NamedTemporaryFile(suffix=".xlsx") as handle:
            started = time.perf_counter()
            exports.write_file(handle.name, "xlsx", spec, on_row=written.append)
            seconds = time.perf_counter() - started
        self.emit("export_xlsx_rows_per_s", (written[-1] if written else 0) / seconds, "per_s")

    # --- Nomor Induk under concurrency ----------------------------------------------------

    def nomor_induk(self, issuers=8, each=5):
        """Median ms of one Nomor Induk issue while `issuers` officers issue at once in one
        regency (each thread its own database connection; they queue on the counter)."""
        kims = self.kims(issuers * each, KimStatus.APPROVED)
        barrier = threading.Barrier(issuers)
        timings, errors = [], []

        def issue(batch):
            try:
                barrier.wait()
                for kim in batch:
                    started = time.perf_counter()
                    nomor_induk_issue(kim=kim, actor=self.officer)
                    timings.append((time.perf_counter() - started) * 1000)
            except Exception as error:  # reported below, after every thread is done
                errors.append(error)
            finally:
                connection.close()

        threads = [threading.Thread(target=issue, args=(kims[n::issuers],)) for n in range(issuers)]
        for thread in threads:
            thread.start()
        for thread in threads:
            thread.join()
        if errors:
            raise errors[0]
        numbers = Kim.objects.filter(pk__in=[k.pk for k in kims]).values_list("nomor_induk")
        if len(set(numbers)) != len(kims):
            raise RuntimeError("concurrent issues gave duplicate Nomor Induk")
        self.emit("nomor_induk_issue_ms", statistics.median(timings), "ms")


def _new_broker_connections():
    """Forget the producer connections made for the previous broker setting."""
    if celery_app._pool is not None:
        celery_app._pool.force_close_all()
        celery_app._pool = None
    celery_app.amqp._producer_pool = None


class in_process_queue:
    """Tasks sent while issuing go to an in-memory queue nobody reads: the bench renders
    them itself (and a later worker finds them done: rendering is idempotent)."""

    def __enter__(self):
        self.saved = {k: celery_app.conf[k] for k in ("task_always_eager", "broker_url")}
        celery_app.conf.update(task_always_eager=False, broker_url="memory://")
        _new_broker_connections()

    def __exit__(self, *exc):
        celery_app.conf.update(self.saved)
        _new_broker_connections()


class celery_queue:
    """This process sends to a Redis queue of its own, read by the workers it starts."""

    def __init__(self, redis, queue):
        self.redis, self.queue = redis, queue

    def __enter__(self):
        self.saved = (
            {
                k: celery_app.conf[k]
                for k in (
                    "task_always_eager",
                    "broker_url",
                    "result_backend",
                    "task_default_queue",
                    "task_queues",
                )
            },
            settings.TASK_BULK_QUEUE,
        )
        celery_app.conf.update(
            task_always_eager=False,
            broker_url=self.redis,
            result_backend=self.redis,
            task_default_queue=self.queue,
            task_queues=[
                Queue(name, Exchange(name), routing_key=name)
                for name in (self.queue, f"{self.queue}-bulk")
            ],
        )
        settings.TASK_BULK_QUEUE = f"{self.queue}-bulk"
        _new_broker_connections()

    def __exit__(self, *exc):
        conf, settings.TASK_BULK_QUEUE = self.saved
        celery_app.conf.update(conf)
        _new_broker_connections()


def forget_queue(url, queue):
    """Delete the bench queue's keys from Redis."""
    import redis as redis_client

    client = redis_client.Redis.from_url(url)
    for key in client.scan_iter(match=f"*{queue}*", count=500):
        client.delete(key)
    client.close()
