"""Real Celery workers for the worker tests: separate processes on the real Redis.

The test run's Redis key prefix and queue (tests/settings.py) keep runs apart; workers
use the test database, and tasks are sent for real (not eagerly) while a test uses
`workers`. Tests using it are named *worker* (`pytest -k worker` runs them alone).
"""

import os
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest
from django.conf import settings
from django.db import connection

from kimportal.celery import app as celery_app

ROOT = Path(__file__).resolve().parents[1]
READY_SECONDS = 60


class Worker:
    def __init__(self, log, process):
        self.log, self.process = log, process

    def wait_ready(self):
        deadline = time.monotonic() + READY_SECONDS
        while time.monotonic() < deadline:
            if " ready." in self.log.read_text(errors="replace"):
                return
            if self.process.poll() is not None:
                break
            time.sleep(0.1)
        raise AssertionError(f"the worker did not start:\n{self.log.read_text()[-3000:]}")

    def kill(self):
        """SIGKILL the worker and its pool processes at once: as a machine that dies."""
        if self.process.poll() is None:
            os.killpg(self.process.pid, signal.SIGKILL)
            self.process.wait(10)

    def stop(self):
        if self.process.poll() is None:
            os.killpg(self.process.pid, signal.SIGTERM)  # warm shutdown
            try:
                self.process.wait(15)
            except subprocess.TimeoutExpired:
                self.kill()


def _database_url():
    db = connection.settings_dict
    return (
        f"postgres://{db['USER'] or 'postgres'}@{db['HOST'] or '127.0.0.1'}:"
        f"{db['PORT'] or 5432}/{db['NAME']}"
    )


@pytest.fixture
def workers(transactional_db, tmp_path):
    """workers(concurrency=2, fault="", nice=0) -> a started Worker; all stopped after the
    test."""
    started = []
    eager = celery_app.conf.task_always_eager
    celery_app.conf.task_always_eager = False  # the test's own process sends for real

    def start(concurrency=2, fault="", nice=0):
        log = tmp_path / f"worker-{len(started)}.log"
        env = {
            **os.environ,
            "DJANGO_SETTINGS_MODULE": "tests.settings",
            "DATABASE_URL": _database_url(),
            "KIMPORTAL_TEST_EAGER": "0",
            "KIMPORTAL_TEST_FAULT": fault,
            "KIMPORTAL_TEST_FAULT_DIR": str(tmp_path),
        }
        command = [
            *(["nice", "-n", str(nice)] if nice else []),
            sys.executable, "-m", "celery", "-A", "tests.worker_app", "worker",
            "--concurrency", str(concurrency), "--pool", "prefork",
            "--queues", f"{settings.CELERY_TASK_DEFAULT_QUEUE},{settings.TASK_BULK_QUEUE}",
            "--hostname", f"test{len(started)}-{os.getpid()}@%h",
            "--without-gossip", "--without-mingle", "--without-heartbeat",
            "--loglevel", "INFO",
        ]  # fmt: skip
        with open(log, "wb") as output:
            process = subprocess.Popen(  # noqa: S603 - our own worker, fixed arguments
                command, cwd=ROOT, env=env, stdout=output, stderr=subprocess.STDOUT,
                start_new_session=True,
            )  # fmt: skip
        worker = Worker(log, process)
        started.append(worker)
        worker.wait_ready()
        return worker

    yield start
    for worker in started:
        worker.stop()
    celery_app.conf.task_always_eager = eager
    _forget_the_run()


def _forget_the_run():
    """Delete this run's keys from Redis (queues, bindings, results): nothing is left."""
    import redis

    client = redis.Redis.from_url(settings.CELERY_BROKER_URL)
    prefix = settings.CELERY_BROKER_TRANSPORT_OPTIONS["global_keyprefix"]
    for key in client.scan_iter(match=f"{prefix}*", count=500):
        client.delete(key)
    client.close()


def wait_for(check, seconds=60, every=0.1):
    """Poll `check()` until it returns something true; fail after `seconds`."""
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        value = check()
        if value:
            return value
        time.sleep(every)
    raise AssertionError(f"not done within {seconds} s")


@pytest.fixture
def gunicorn(workers, tmp_path):
    """gunicorn_server(workers=4) -> its port: the portal on a loopback port, on the test
    database, sending tasks to the run's workers; stopped after the test."""
    started = []

    def start(processes=4):
        import socket

        with socket.socket() as probe:
            probe.bind(("127.0.0.1", 0))
            port = probe.getsockname()[1]
        env = {
            **os.environ,
            "DJANGO_SETTINGS_MODULE": "tests.settings",
            "DATABASE_URL": _database_url(),
            "KIMPORTAL_TEST_EAGER": "0",
            "ALLOWED_HOSTS": "127.0.0.1",
            "CONN_MAX_AGE": "60",
        }
        command = [  # as README "Production" runs it
            sys.executable, "-m", "gunicorn", "kimportal.wsgi:application",
            "--workers", str(processes), "--threads", "8", "--preload",
            "--bind", f"127.0.0.1:{port}", "--timeout", "60",
        ]  # fmt: skip
        log = tmp_path / "gunicorn.log"
        with open(log, "wb") as output:
            process = subprocess.Popen(  # noqa: S603 - our own server, fixed arguments
                command, cwd=ROOT, env=env, stdout=output, stderr=subprocess.STDOUT,
                start_new_session=True,
            )  # fmt: skip
        server = Worker(log, process)
        started.append(server)
        wait_for(lambda: http_get(port, "/healthz")[0] == 200, seconds=60)
        return port

    yield start
    for server in started:
        server.stop()


def http_get(port, path, headers=None):
    """(status, body) of a GET on the loopback server; (0, b"") when it does not answer."""
    import http.client

    conn = http.client.HTTPConnection("127.0.0.1", port, timeout=30)
    try:
        conn.request("GET", path, headers=headers or {})
        response = conn.getresponse()
        return response.status, response.read()
    except OSError:
        return 0, b""
    finally:
        conn.close()
