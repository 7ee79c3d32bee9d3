"""Load test over HTTP: gunicorn (sync workers, 2 per core) on a loopback port against the
configured database (filled by `seed_scale`), driven by locust headless with officers and
the public (`kimportal/site/bench/locustfile.py`), then the same users and time on the
trivial `ok` view and /healthz. Prints requests/s, p50, p99 and errors per endpoint group.

    pip install -e ".[bench]"
    DATABASE_URL=postgres://.../bench1 manage.py loadtest [--users 50] [--seconds 60]
"""

import csv
import json
import os
import re
import subprocess
import sys
import tempfile
from pathlib import Path

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError
from django.test import Client
from django.test.utils import override_settings

from kimportal.site import scale
from kimportal.site.bench.pages import last_page_url, users
from kimportal.site.bench.processes import ROOT, Processes, database_url
from registry.models import Kim, KimStatus, Letter, LetterStatus
from registry.scale import WORDS

LOCUSTFILE = Path(__file__).resolve().parents[2] / "bench" / "locustfile.py"


class Command(BaseCommand):
    help = "Drive gunicorn with simulated officers and public visitors (locust, headless)."

    def add_arguments(self, parser):
        parser.add_argument("--users", type=int, default=50)
        parser.add_argument("--seconds", type=int, default=60)
        parser.add_argument("--port", type=int, default=8765)
        parser.add_argument(
            "--workers", type=int, default=2 * (os.cpu_count() or 1), help="gunicorn workers"
        )
        parser.add_argument("--wait", default="0.5,2", help="think time min,max (seconds)")
        parser.add_argument(
            "--redis",
            default=os.environ.get("BENCH_REDIS_URL") or "redis://127.0.0.1:6379/4",
            help="the cache gunicorn's workers share (sessions' rate limits), as in production",
        )
        parser.add_argument(
            "--capacity",
            type=int,
            default=0,
            metavar="SECONDS",
            help="then each main page alone with 8 users and no think time, for SECONDS",
        )
        parser.add_argument("--force", action="store_true", help="run beside non-synthetic data")

    def handle(self, *args, users, seconds, port, workers, wait, redis, capacity, force, **options):
        real = scale.non_synthetic_rows()
        if any(real.values()) and not force:
            raise CommandError(f"This database holds non-synthetic data ({real}); or --force.")
        folder = Path(tempfile.mkdtemp(prefix="kimportal-loadtest-"))
        data = folder / "data.json"
        data.write_text(json.dumps(self._sample()))
        env = {
            **os.environ,
            "DJANGO_SETTINGS_MODULE": "kimportal.site.bench.settings",
            "DEBUG": "0",
            "SECRET_KEY": settings.SECRET_KEY,  # the sessions made here stay valid there
            # The personal data seed_scale encrypted is read with the same keys.
            "FIELD_ENCRYPTION_KEYS": ",".join(settings.FIELD_ENCRYPTION_KEYS),
            "FIELD_HASH_KEY": settings.FIELD_HASH_KEY,
            "ALLOWED_HOSTS": "127.0.0.1",
            "SITE_URL": f"http://127.0.0.1:{port}",
            "SESSION_COOKIE_SECURE": "0",
            "CSRF_COOKIE_SECURE": "0",
            "REQUIRE_2FA_FOR_STAFF": "0",  # the simulated officers have no authenticator app
            "DATABASE_URL": database_url(),
            "CACHE_URL": redis,
            "STATIC_ROOT": str(folder / "static"),
            # Every simulated visitor comes from 127.0.0.1: one address's limit would
            # refuse most letter checks.
            "VERIFY_RATE_LIMIT_PER_MINUTE": "1000000",
            "LOADTEST_DATA": str(data),
            "LOADTEST_WAIT": wait,
        }
        # Production settings serve content-hashed static files: collect them first.
        subprocess.run(
            [sys.executable, "manage.py", "collectstatic", "--noinput", "--verbosity", "0"],
            cwd=ROOT,
            env=env,
            check=True,
        )
        processes = Processes(env, folder)
        try:
            processes.gunicorn(port, workers, app="kimportal.wsgi:application")
            self.stdout.write(
                f"gunicorn: {workers} sync workers, CONN_MAX_AGE="
                f"{settings.DATABASES['default']['CONN_MAX_AGE']}; {users} users, {seconds} s "
                f"each run, think time {wait} s; "
                f"load average {os.getloadavg()[0]:.2f}."
            )
            for label, classes in (("portal", ["Officer", "Public"]), ("baseline", ["Baseline"])):
                rows = self._locust(env, folder, label, classes, users, seconds, port)
                self._print(label, rows)
            if capacity:
                self._capacity(env, folder, capacity, port)
        finally:
            processes.stop_all()
        self.stdout.write(f"Logs: {folder}; load average {os.getloadavg()[0]:.2f}.")

    def _sample(self):
        """Ids, tokens and a signed-in officer's cookies for the simulated visitors."""
        people = users()
        officer = people["province"]
        client = Client()
        client.force_login(officer)
        prefix = f"{officer.province_id}."
        in_province = Kim.objects.filter(regency__code__startswith=prefix).order_by("?")
        registered = Kim.objects.filter(status=KimStatus.REGISTERED).order_by("?")
        with override_settings(ALLOWED_HOSTS=["testserver"]):

            def last(url, signed_in):
                html = (client if signed_in else Client()).get(url, secure=True).content
                return last_page_url(html.decode(), url)

            return {
                "officer_cookies": {name: morsel.value for name, morsel in client.cookies.items()},
                "officer_kims": list(in_province.values_list("pk", flat=True)[:500]),
                "registered_kims": list(registered.values_list("pk", flat=True)[:2000]),
                "tokens": list(
                    Letter.objects.filter(status=LetterStatus.VALID)
                    .order_by("?")
                    .values_list("token", flat=True)[:2000]
                ),
                "words": WORDS,
                "queue_deep": last("/kim/peninjauan/", True),
                "kim_list_deep": last("/kim/", True),
                "directory_deep": last("/direktori/", False),
            }

    def _capacity(self, env, folder, seconds, port):
        """Requests/s of each page alone, 8 users without think time (closed loop)."""
        sample = json.loads(Path(env["LOADTEST_DATA"]).read_text())
        pages = [
            ("ok view", "/bench/ok", False),
            ("/healthz", "/healthz", False),
            ("review queue p1", "/kim/peninjauan/", True),
            ("review queue last page", sample["queue_deep"], True),
            ("KIM list p1", "/kim/", True),
            ("KIM list last page", sample["kim_list_deep"], True),
            ("directory p1", "/direktori/", False),
            ("directory last page", sample["directory_deep"], False),
        ]
        rows = []
        for name, url, signed_in in pages:
            page_env = {
                **env,
                "LOADTEST_URL": url,
                "LOADTEST_NAME": name,
                "LOADTEST_SIGNED_IN": "1" if signed_in else "0",
            }
            label = "capacity-" + re.sub(r"\W+", "-", name)
            found = self._locust(
                page_env, folder, label, ["Capacity"], 8, seconds, port, spawn_rate=8
            )
            rows.extend(row for row in found if row["Name"] == name)
        self._print(f"capacity (8 users, no think time, {seconds} s per page)", rows)

    def _locust(self, env, folder, label, classes, users, seconds, port, spawn_rate=None):
        prefix = folder / label
        with open(folder / f"locust-{label}.log", "wb") as log:
            subprocess.run(  # noqa: S603 - our own load test, fixed arguments
                [
                    *(sys.executable, "-m", "locust", "-f", str(LOCUSTFILE), "--headless"),
                    *("--users", str(users), "--spawn-rate", str(spawn_rate or max(1, users // 5))),
                    *("--run-time", f"{seconds}s", "--host", f"http://127.0.0.1:{port}"),
                    *("--csv", str(prefix), "--only-summary", "--loglevel", "WARNING"),
                    *("--stop-timeout", "10"),
                    *classes,
                ],
                cwd=ROOT,
                env=env,
                stdout=subprocess.DEVNULL,
                stderr=log,
                check=False,  # locust exits 1 when any request failed: reported below
            )
        with open(f"{prefix}_stats.csv", newline="") as handle:
            return list(csv.DictReader(handle))

    def _print(self, label, rows):
        self.stdout.write(f"\n{label}:")
        self.stdout.write(
            f"  {'endpoint group':36} {'requests':>8} {'req/s':>7} {'p50 ms':>7} "
            f"{'p99 ms':>7} {'errors':>6}"
        )
        for row in rows:
            name = row["Name"]
            self.stdout.write(
                f"  {re.sub(r'^Aggregated$', 'all', name):36} {row['Request Count']:>8} "
                f"{float(row['Requests/s']):7.1f} {row['50%']:>7} {row['99%']:>7} "
                f"{row['Failure Count']:>6}"
            )
        self.stdout.flush()
