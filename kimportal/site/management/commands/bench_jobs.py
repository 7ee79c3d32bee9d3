"""Measure long work on real processes: Celery workers on Redis, gunicorn, PostgreSQL.

Everything runs in a throwaway database (`<name>_bench`, created and dropped here) and a
Redis queue of its own, so it can run beside anything. It prints:

1. letters per second with 1 and 2 worker processes (numbers taken, PDFs rendered);
2. 12 parallel letter issues in one regency on gunicorn (4 workers x 8 threads, as in
   README "Production"; workers at nice 10): each click's
   response time, the time from click to a downloadable letter, /healthz latency
   meanwhile, and whether the 12 numbers are unique and gap-free;
3. the public directory's XLSX export of --kim KIM (and the province's KIM list XLSX)
   as jobs: time, peak memory of the worker, /healthz latency meanwhile.

    DATABASE_URL=postgres://... manage.py bench_jobs [--kim 100000] [--letters 100]
"""

import datetime
import http.client
import os
import secrets
import signal
import statistics
import subprocess
import sys
import tempfile
import threading
import time
from pathlib import Path

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError
from django.db import connection
from django.test import Client
from django.utils import timezone
from kombu import Exchange, Queue

from kimportal.celery import app as celery_app
from kimportal.core import jobs
from kimportal.core.accounts.roles import Role
from kimportal.core.areas.loader import load_areas
from kimportal.core.areas.models import Village
from kimportal.core.models import Job, JobState, User
from registry.demo import _demo_office
from registry.jobs import DIRECTORY_FILE
from registry.management.commands.bench_letters import bench_kims
from registry.models import Kim, KimStatus, Letter, LetterStatus
from registry.services import letters as letter_service
from registry.services.office import office_for

ROOT = Path(settings.BASE_DIR)


class Processes:
    """gunicorn and Celery workers started for the benchmark, stopped at the end."""

    def __init__(self, env, logs):
        self.env, self.logs, self.running = env, logs, []

    def start(self, name, command, nice=0):
        log = open(self.logs / f"{name}.log", "wb")  # noqa: SIM115 - closed in stop()
        prefix = ["nice", "-n", str(nice)] if nice else []
        process = subprocess.Popen(  # noqa: S603 - our own servers, fixed arguments
            prefix + command,
            cwd=ROOT,
            env=self.env,
            stdout=log,
            stderr=subprocess.STDOUT,
            start_new_session=True,
        )
        self.running.append((process, log))
        return process

    def worker(self, concurrency, nice=0):
        process = self.start(
            f"worker-{len(self.running)}",
            [
                *(sys.executable, "-m", "celery", "-A", "kimportal", "worker"),
                *("--concurrency", str(concurrency)),  # reads the default and bulk queues
                *("--hostname", f"bench{len(self.running)}-{os.getpid()}@%h"),
                *("--without-gossip", "--without-mingle", "--loglevel", "WARNING"),
            ],
            nice=nice,
        )
        time.sleep(0.5)
        return process

    def stop(self, process):
        for index, (running, log) in enumerate(self.running):
            if running is process:
                if process.poll() is None:
                    os.killpg(process.pid, signal.SIGTERM)
                    try:
                        process.wait(30)
                    except subprocess.TimeoutExpired:
                        os.killpg(process.pid, signal.SIGKILL)
                        process.wait()
                log.close()
                del self.running[index]
                return

    def stop_all(self):
        for process, _log in list(self.running):
            self.stop(process)


def peak_memory_mb(process):
    """Peak resident memory (VmHWM) of the largest pool process in `process`'s group (the
    processes that run the tasks; not the worker's main process)."""
    peak = 0
    for status in Path("/proc").glob("[0-9]*/status"):
        try:
            pid = int(status.parent.name)
            text = status.read_text()
            if pid == process.pid or os.getpgid(pid) != process.pid:
                continue
        except (OSError, ProcessLookupError):
            continue
        for line in text.splitlines():
            if line.startswith("VmHWM:"):
                peak = max(peak, int(line.split()[1]))
    return peak / 1024


def cpu_seconds(process):
    """CPU time (user + system) used so far by the processes in `process`'s group: a figure
    that, unlike wall time, does not depend on what else the machine is doing."""
    ticks = os.sysconf("SC_CLK_TCK")
    total = 0
    for stat in Path("/proc").glob("[0-9]*/stat"):
        try:
            fields = stat.read_text().rsplit(")", 1)[1].split()
        except OSError:
            continue
        if int(fields[2]) == process.pid:  # the process group (field 5 of /proc/pid/stat)
            total += int(fields[11]) + int(fields[12])
    return total / ticks


class HealthProbe(threading.Thread):
    """Asks /healthz every 25 ms and keeps each answer's latency (ms)."""

    def __init__(self, port):
        super().__init__(daemon=True)
        self.port, self.latencies, self.errors = port, [], 0
        self.stopping = threading.Event()

    def run(self):
        while not self.stopping.is_set():
            started = time.perf_counter()
            try:
                conn = http.client.HTTPConnection("127.0.0.1", self.port, timeout=30)
                conn.request("GET", "/healthz")
                ok = conn.getresponse().status == 200
                conn.close()
            except OSError:
                ok = False
            self.latencies.append((time.perf_counter() - started) * 1000)
            self.errors += not ok
            self.stopping.wait(0.025)

    def summary(self):
        self.stopping.set()
        self.join()
        values = sorted(self.latencies)
        if not values:
            return "no answer"
        p95 = values[int(len(values) * 0.95) - 1] if len(values) >= 20 else values[-1]
        return (
            f"{len(values)} checks, median {statistics.median(values):.1f} ms, "
            f"p95 {p95:.1f} ms, max {values[-1]:.1f} ms, errors {self.errors}"
        )


def wait_until(check, seconds, every=0.05):
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        if check():
            return True
        time.sleep(every)
    raise CommandError(f"not done within {seconds} s")


class Command(BaseCommand):
    help = "Measure letters, exports and /healthz with real Celery workers and gunicorn."

    def add_arguments(self, parser):
        parser.add_argument("--kim", type=int, default=100_000, help="KIM for the exports")
        parser.add_argument("--letters", type=int, default=100, help="letters per throughput run")
        parser.add_argument("--port", type=int, default=8765, help="gunicorn's loopback port")
        parser.add_argument(
            "--redis", default=os.environ.get("REDIS_URL") or "redis://127.0.0.1:6379/4"
        )

    def handle(self, *args, kim, letters, port, redis, **options):
        if connection.vendor != "postgresql":
            raise CommandError("Run it on PostgreSQL (DATABASE_URL=postgres://...).")
        db = connection.settings_dict
        db["TEST"] = {**db.get("TEST", {}), "NAME": f"{db['NAME']}_bench"}
        name = connection.creation.create_test_db(verbosity=0, autoclobber=True, serialize=False)
        media = tempfile.mkdtemp(prefix="kimportal-bench-media-")
        queue = f"bench-{secrets.token_hex(4)}"
        env = {
            **os.environ,
            "DJANGO_SETTINGS_MODULE": "kimportal.settings",
            "DEBUG": "0",
            "SECRET_KEY": settings.SECRET_KEY,  # the sessions made here stay valid there
            "ALLOWED_HOSTS": "127.0.0.1",
            "SESSION_COOKIE_SECURE": "0",
            "CSRF_COOKIE_SECURE": "0",
            "DATABASE_URL": f"postgres://{db['USER'] or 'postgres'}@{db['HOST'] or '127.0.0.1'}:"
            f"{db['PORT'] or 5432}/{name}",
            "REDIS_URL": redis,
            "CELERY_BROKER_URL": redis,
            "CELERY_QUEUE": queue,
            "CONN_MAX_AGE": "60",
            "MEDIA_ROOT": media,
            "STATIC_ROOT": str(Path(media) / "static"),
            "SITE_URL": f"http://127.0.0.1:{port}",
        }
        # This process sends to the same queue as the workers it starts.
        settings.MEDIA_ROOT = media
        celery_app.conf.update(
            task_always_eager=False,
            broker_url=redis,
            result_backend=redis,
            task_default_queue=queue,
            task_queues=[
                Queue(name, Exchange(name), routing_key=name) for name in (queue, f"{queue}-bulk")
            ],
        )
        settings.TASK_BULK_QUEUE = f"{queue}-bulk"
        processes = Processes(env, Path(media))
        # Production settings serve content-hashed static files: collect them first.
        subprocess.run(
            [sys.executable, "manage.py", "collectstatic", "--noinput", "--verbosity", "0"],
            cwd=ROOT,
            env=env,
            check=True,
        )
        try:
            load_areas(province="36")
            self.stdout.write(f"Basis data sementara {name}, antrean Redis {queue}.")
            officer = User.objects.create(
                username="bench-officer", role=Role.REGENCY, regency_id="36.04"
            )
            _demo_office(office_for("36.04"), 3)
            self._throughput(processes, officer, letters)
            self._parallel_issues(processes, officer, port)
            self._exports(processes, kim, port)
        finally:
            processes.stop_all()
            connection.creation.destroy_test_db(name, verbosity=0)
            self._forget_queue(redis, queue)
            self.stdout.write(f"Basis data {name} dihapus.")

    @staticmethod
    def _forget_queue(url, queue):
        """Delete the benchmark queue's keys (its binding) from Redis."""
        import redis as redis_client

        client = redis_client.Redis.from_url(url)
        for key in client.scan_iter(match=f"*{queue}*", count=500):  # with {queue}-bulk
            client.delete(key)
        client.close()

    # --- 1. letters per second --------------------------------------------------------------

    def _throughput(self, processes, officer, count):
        for workers in (1, 2):
            process = processes.worker(workers)
            # Warm-up: each worker process loads WeasyPrint and the fonts once.
            warm = [
                letter_service.letter_issue(kim=kim, actor=officer)
                for kim in bench_kims(2 * workers, prefix=f"KIM Pemanasan W{workers}0")
            ]
            wait_until(lambda warm=warm: self._all_done(warm), 120)
            kims = bench_kims(count, prefix=f"KIM Laju W{workers}00")
            cpu = cpu_seconds(process)
            started = time.perf_counter()
            issued = [letter_service.letter_issue(kim=kim, actor=officer) for kim in kims]
            numbering = time.perf_counter() - started
            wait_until(lambda issued=issued: self._all_done(issued), 600)
            seconds = time.perf_counter() - started
            cpu = cpu_seconds(process) - cpu
            self.stdout.write(
                f"{workers} proses worker: {count} surat dalam {seconds:.1f} s = "
                f"{count / seconds:.2f} surat/detik (nomor diambil dalam {numbering:.2f} s; "
                f"CPU worker {cpu / count * 1000:.0f} ms per surat; beban mesin "
                f"{os.getloadavg()[0]:.1f})."
            )
            processes.stop(process)

    @staticmethod
    def _all_done(letters):
        pks = [letter.pk for letter in letters]
        return not Letter.objects.filter(pk__in=pks, status=LetterStatus.PREPARING).exists()

    # --- 2. 12 parallel issues on gunicorn ---------------------------------------------------

    def _gunicorn(self, processes, port):
        server = processes.start(
            "gunicorn",
            [
                *(sys.executable, "-m", "gunicorn", "kimportal.wsgi:application"),
                *("--workers", "4", "--threads", "8", "--preload"),  # README "Production"
                *("--bind", f"127.0.0.1:{port}", "--timeout", "60"),
            ],
        )

        def up():
            try:
                conn = http.client.HTTPConnection("127.0.0.1", port, timeout=2)
                conn.request("GET", "/healthz")
                return conn.getresponse().status == 200
            except OSError:
                return False

        wait_until(up, 60, every=0.2)
        return server

    def _parallel_issues(self, processes, officer, port, parallel=12):
        worker = processes.worker(2, nice=10)
        server = self._gunicorn(processes, port)
        warm = [  # a running site's workers have WeasyPrint and the fonts loaded already
            letter_service.letter_issue(kim=kim, actor=officer)
            for kim in bench_kims(4, prefix="KIM Pemanasan G000")
        ]
        wait_until(lambda: self._all_done(warm), 120)
        client = Client()
        client.force_login(officer)
        session = client.cookies[settings.SESSION_COOKIE_NAME].value
        csrf = secrets.token_hex(16)  # a 32-character secret, as Django makes them
        self._cookie = (
            f"{settings.SESSION_COOKIE_NAME}={session}; {settings.CSRF_COOKIE_NAME}={csrf}"
        )
        self._csrf, self._port = csrf, port
        kims = bench_kims(2 * parallel + 1, prefix="KIM Paralel P000")
        for _ in range(24):  # warm the gunicorn workers up (templates, connections)
            for path in (f"/kim/{kims[0].pk}/surat/", "/healthz"):
                self._get(path)
        started = time.perf_counter()  # one click on its own, for comparison
        self._click(kims[-1])
        single = time.perf_counter() - started
        wait_until(lambda: self._all_done(Letter.objects.filter(kim=kims[-1])), 120)
        self.stdout.write(f"Satu klik sendirian: {single * 1000:.0f} ms.")
        # The first burst meets threads and processes doing things for the first time
        # (their database connection, the first message to Redis); the second is a site
        # that has been running.
        for label, burst in (("pertama", kims[:parallel]), ("kedua", kims[parallel:-1])):
            self._burst(label, burst)
        self._server = server
        self._worker = worker

    def _get(self, path):
        conn = http.client.HTTPConnection("127.0.0.1", self._port, timeout=120)
        try:
            conn.request("GET", path, headers={"Cookie": self._cookie})
            response = conn.getresponse()
            response.read()
            return response.status
        finally:
            conn.close()

    def _click(self, kim):
        conn = http.client.HTTPConnection("127.0.0.1", self._port, timeout=120)
        try:
            conn.request(
                "POST",
                f"/kim/{kim.pk}/surat/terbitkan/",
                body=f"csrfmiddlewaretoken={self._csrf}",
                headers={
                    "Cookie": self._cookie,
                    "Content-Type": "application/x-www-form-urlencoded",
                },
            )
            response = conn.getresponse()
            response.read()
            return response.status
        finally:
            conn.close()

    def _burst(self, label, kims):
        before = set(Letter.objects.filter(regency_id="36.04").values_list("number", flat=True))
        probe = HealthProbe(self._port)
        probe.start()
        time.sleep(0.5)
        barrier = threading.Barrier(len(kims))
        clicks, ready = {}, {}

        def issue(kim):
            barrier.wait()
            started = time.perf_counter()
            clicks[kim.pk] = (self._click(kim), time.perf_counter() - started)
            letter = Letter.objects.filter(kim_id=kim.pk).only("pk").first()
            connection.close()  # this thread's own connection
            while letter and time.perf_counter() - started < 120:
                # Poll the download as a browser would (the letters page refreshes itself).
                if self._get(f"/kim/surat/{letter.pk}/unduh/") == 200:
                    ready[kim.pk] = time.perf_counter() - started
                    return
                time.sleep(0.1)

        threads = [threading.Thread(target=issue, args=(kim,)) for kim in kims]
        for thread in threads:
            thread.start()
        for thread in threads:
            thread.join(180)
        health = probe.summary()
        numbers = set(Letter.objects.filter(regency_id="36.04").values_list("number", flat=True))
        seqs = sorted(int(number.split("/")[0]) for number in numbers - before)
        gap_free = seqs == list(range(len(before) + 1, len(before) + 1 + len(kims)))
        answered = sorted(seconds for _status, seconds in clicks.values())
        statuses = sorted({status for status, _seconds in clicks.values()})
        downloadable = sorted(ready.values())
        self.stdout.write(
            f"{len(kims)} penerbitan paralel di gunicorn, {label}: respons klik median "
            f"{statistics.median(answered) * 1000:.0f} ms, maks {answered[-1] * 1000:.0f} ms "
            f"(status {statuses}); klik sampai surat dapat diunduh median "
            f"{statistics.median(downloadable):.2f} s, maks {downloadable[-1]:.2f} s; "
            f"{len(seqs)} nomor baru, unik dan tanpa celah: {gap_free}."
        )
        self.stdout.write(f"  /healthz selama itu: {health}; beban mesin {os.getloadavg()[0]:.1f}.")

    # --- 3. exports as jobs ---------------------------------------------------------------

    def _exports(self, processes, count, port):
        self._create_kims(count)
        staff = User.objects.create(username="bench-staff", role=Role.PROVINCE, province_id="36")
        processes.stop(self._worker)
        worker = processes.worker(1, nice=10)
        runs = [
            ("ekspor XLSX direktori publik", DIRECTORY_FILE, None, {"format": "xlsx"}),
            (
                "ekspor XLSX daftar KIM staf provinsi",
                "kimportal.export",
                staff,
                {"export": "registry.kim_list", "format": "xlsx", "query": ""},
            ),
        ]
        for label, kind, owner, params in runs:
            probe = HealthProbe(port)
            probe.start()
            time.sleep(0.3)
            cpu = cpu_seconds(worker)
            started = time.perf_counter()
            job = jobs.start(kind=kind, owner=owner, params=params, language="id")
            wait_until(
                lambda job=job: Job.objects.filter(
                    pk=job.pk, state__in=[JobState.SUCCEEDED, JobState.FAILED]
                ).exists(),
                900,
                every=0.2,
            )
            seconds = time.perf_counter() - started
            job.refresh_from_db()
            if job.state != JobState.SUCCEEDED:
                raise CommandError(f"{label}: {job.error_detail}")
            ran = (job.finished_at - job.started_at).total_seconds()
            cpu = cpu_seconds(worker) - cpu
            self.stdout.write(
                f"{label} ({job.message}): {seconds:.1f} s dari permintaan sampai siap "
                f"({ran:.1f} s di worker, CPU {cpu:.1f} s), {job.result_size / 1e6:.1f} MB; "
                f"memori puncak worker {peak_memory_mb(worker):.0f} MB; beban mesin "
                f"{os.getloadavg()[0]:.1f}."
            )
            self.stdout.write(f"  /healthz selama itu: {probe.summary()}.")

    def _create_kims(self, count):
        started = time.perf_counter()
        villages = list(
            Village.objects.filter(code__startswith="36.").values_list("code", flat=True)
        )
        now = timezone.now()
        batch = []
        for index in range(count):
            code = villages[index % len(villages)]
            batch.append(
                Kim(
                    name=f"KIM Direktori {index:06d}",
                    village_id=code,
                    regency_id=code[:5],
                    address="-",
                    status=KimStatus.REGISTERED,
                    nomor_induk=f"KIM-DIR-{index:06d}",
                    registered_at=now - datetime.timedelta(minutes=index),
                    website=f"https://kim{index}.example.org/" if index % 3 == 0 else "",
                )
            )
            if len(batch) == 5000:
                Kim.objects.bulk_create(batch)
                batch = []
        Kim.objects.bulk_create(batch)
        with connection.cursor() as cursor:
            cursor.execute("ANALYZE registry_kim")
        self.stdout.write(f"{count:,} KIM dibuat dalam {time.perf_counter() - started:.1f} s.")
