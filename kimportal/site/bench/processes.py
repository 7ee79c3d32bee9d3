"""Celery workers and gunicorn started by the bench and the load test, stopped at the end."""

import http.client
import os
import signal
import subprocess
import sys
import time
from pathlib import Path

from django.conf import settings

ROOT = Path(settings.BASE_DIR)


class Processes:
    def __init__(self, env, logs):
        self.env, self.logs, self.running = env, Path(logs), []

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

    def worker(self, concurrency):
        return self.start(
            f"worker-{len(self.running)}",
            [
                *(sys.executable, "-m", "celery", "-A", "kimportal", "worker"),
                *("--concurrency", str(concurrency)),  # reads the default and bulk queues
                *("--hostname", f"bench{len(self.running)}-{os.getpid()}@%h"),
                *("--without-gossip", "--without-mingle", "--loglevel", "WARNING"),
            ],
        )

    def gunicorn(self, port, workers, app="kimportal.wsgi:application"):
        process = self.start(
            "gunicorn",
            [
                *(sys.executable, "-m", "gunicorn", app, "--preload"),
                *("--workers", str(workers), "--worker-class", "sync"),
                *("--bind", f"127.0.0.1:{port}", "--timeout", "60", "--log-level", "warning"),
            ],
        )

        def up():
            conn = http.client.HTTPConnection("127.0.0.1", port, timeout=2)
            try:
                conn.request("GET", "/healthz")
                return conn.getresponse().status == 200
            except OSError:
                return False
            finally:
                conn.close()

        wait_until(up, 60, every=0.2)
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


def wait_until(check, seconds, every=0.05):
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        if check():
            return True
        time.sleep(every)
    raise TimeoutError(f"not done within {seconds} s")


def database_url():
    """The configured database as a URL for child processes."""
    from django.db import connection

    db = connection.settings_dict
    password = f":{db['PASSWORD']}" if db.get("PASSWORD") else ""
    return (
        f"postgres://{db['USER'] or 'postgres'}{password}@{db['HOST'] or '127.0.0.1'}:"
        f"{db['PORT'] or 5432}/{db['NAME']}"
    )
