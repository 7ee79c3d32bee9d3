"""Rate limits hold across processes: the counters live in a cache every process shares.

With the former default (a memory cache per process) each gunicorn worker counted on
its own: 58 of 90 guesses passed a limit of 30 a minute on two workers. These tests run
the limiter in separate processes, each with its own cache client.
"""

import datetime
import subprocess
import sys
import time
import uuid
from pathlib import Path

from cryptography.fernet import Fernet
from django.conf import settings

ROOT = Path(__file__).resolve().parents[1]
REDIS = "redis://127.0.0.1:6379/6"
LIMIT = 30

SCRIPT = """
import sys, django
django.setup()
from django.test import RequestFactory
from kimportal.core.http.rate_limit import over_limit
request = RequestFactory().get("/verifikasi/", REMOTE_ADDR="203.0.113.9")
scope, limit, attempts = sys.argv[1], int(sys.argv[2]), int(sys.argv[3])
print(sum(not over_limit(request, scope, limit) for _ in range(attempts)))
"""


def _env(**extra):
    return {
        "PATH": "/usr/bin:/bin",
        "DJANGO_SETTINGS_MODULE": "kimportal.settings",
        "DEBUG": "1",
        **extra,
    }


def _limiter(scope, attempts, **env):
    return subprocess.Popen(  # noqa: S603 — fixed arguments
        [sys.executable, "-c", SCRIPT, scope, str(LIMIT), str(attempts)],
        cwd=ROOT,
        env=_env(**env),
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
    )


def _allowed(process):
    out, err = process.communicate(timeout=60)
    assert process.returncode == 0, err
    return int(out.strip())


def _same_minute():
    """The counters are per clock minute: start early enough to finish inside one."""
    if datetime.datetime.now().second >= 45:
        time.sleep(61 - datetime.datetime.now().second)


def test_two_processes_on_redis_share_one_limit():
    scope = f"test-{uuid.uuid4().hex}"
    _same_minute()
    first, second = (_limiter(scope, 45, CACHE_URL=REDIS) for _ in range(2))  # side by side
    assert _allowed(first) + _allowed(second) == LIMIT


def test_without_redis_the_database_cache_is_shared_across_processes(db):
    # The test database's cache table was made by migrate; the processes write and commit
    # their own counters (this test's transaction holds nothing they need).
    db = settings.DATABASES["default"]
    database_url = (
        f"postgres://{db['USER']}@{db['HOST'] or '127.0.0.1'}:{db['PORT'] or 5432}/{db['NAME']}"
    )
    scope = f"test-{uuid.uuid4().hex}"
    env = {"DATABASE_URL": database_url}  # no CACHE_URL, no REDIS_URL: the default
    _same_minute()
    assert _allowed(_limiter(scope, 20, **env)) == 20
    assert _allowed(_limiter(scope, 20, **env)) == LIMIT - 20


def _production_cache(**env):
    script = "import django; django.setup(); from django.conf import settings as s; "
    script += "print(s.CACHES['default']['BACKEND'])"
    return subprocess.run(  # noqa: S603 — fixed arguments
        [sys.executable, "-c", script],
        cwd=ROOT,
        env=_env(
            DEBUG="0",
            SECRET_KEY="x" * 50,
            SITE_URL="https://kim.example.go.id",
            FIELD_ENCRYPTION_KEYS=Fernet.generate_key().decode(),
            FIELD_HASH_KEY="y" * 50,
            **env,
        ),
        capture_output=True,
        text=True,
        check=False,
    )


def test_production_defaults_to_a_shared_cache_and_refuses_a_memory_one():
    assert _production_cache().stdout.strip() == "django.core.cache.backends.db.DatabaseCache"
    redis = _production_cache(REDIS_URL="redis://127.0.0.1:6379/0").stdout.strip()
    assert redis == "django.core.cache.backends.redis.RedisCache"
    refused = _production_cache(CACHE_URL="locmemcache://")
    assert refused.returncode != 0
    assert "CACHE_URL must name a cache all processes share" in refused.stderr
