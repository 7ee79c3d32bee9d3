"""Test settings: PostgreSQL from DATABASE_URL (default: the local server), strict templates."""

import os
import tempfile
import uuid

os.environ.setdefault("SECRET_KEY", "tests-only-not-secret")
os.environ.setdefault("SITE_URL", "http://testserver")
# Fixed test keys (never used anywhere else): NIK and phone columns are encrypted in tests too.
os.environ.setdefault("FIELD_ENCRYPTION_KEYS", "dGVzdHMtb25seS1maWVsZC1lbmNyeXB0aW9uLWtleTE=")
os.environ.setdefault("FIELD_HASH_KEY", "tests-only-field-hash-key")
os.environ.setdefault("DATABASE_URL", "postgres://postgres@127.0.0.1:5432/postgres")
# One test run (and the Celery workers it starts, which inherit the environment) shares a
# media folder and a Redis key prefix no other run uses.
os.environ.setdefault("KIMPORTAL_TEST_RUN", uuid.uuid4().hex[:10])
os.environ.setdefault("KIMPORTAL_TEST_MEDIA", tempfile.mkdtemp(prefix="kimportal-test-media-"))
TEST_RUN = os.environ["KIMPORTAL_TEST_RUN"]

from kombu import Exchange, Queue  # noqa: E402

from kimportal.settings import *  # noqa: E402, F403 - after the environment above
from kimportal.settings import STORAGES, TEMPLATES  # noqa: E402

# Fast hashing: the suite creates many users; production keeps Django's default.
PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
SESSION_COOKIE_SECURE = False
# Tests log in with client.login(), which has no request for axes to inspect; the
# lockout has its own test that turns it on.
AXES_ENABLED = False
CSRF_COOKIE_SECURE = False
# Tests sign in as provincial staff and admins without an authenticator app; the
# two-factor tests turn the requirement on.
REQUIRE_2FA_FOR_STAFF = False
# Many tests post the same form twice on purpose to test the services' own guards; the
# repeated-POST guard in front of them has its own tests (tests/test_repeat_post.py).
REPEAT_POST_SECONDS = 0
MEDIA_ROOT = os.environ["KIMPORTAL_TEST_MEDIA"]
SITE_URL = "http://testserver"


class InvalidTemplateVariable(str):
    """A template that reads a missing variable fails the test instead of rendering ''."""

    def __mod__(self, other):
        raise NameError(f"Invalid template variable: {other}")


TEMPLATES[0]["OPTIONS"]["string_if_invalid"] = InvalidTemplateVariable("%s")

# Serve static files from the source folders (no collectstatic before tests); the
# production storage is exercised by tests/test_static_build.py and the page-weight
# browser test, which collect into a temporary STATIC_ROOT.
STORAGES = {
    **STORAGES,
    "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"},
}
WHITENOISE_USE_FINDERS = True
WHITENOISE_AUTOREFRESH = True

# Tasks run eagerly, in the test's process, except in the tests that start a real Celery
# worker (tests/worker.py; named *worker*): those send them over the real Redis, under this
# run's own key prefix and queue, with short timeouts so a killed worker's task comes back
# in seconds.
CELERY_BROKER_URL = os.environ.get("TEST_REDIS_URL", "redis://127.0.0.1:6379/5")
CELERY_RESULT_BACKEND = CELERY_BROKER_URL
CELERY_TASK_ALWAYS_EAGER = os.environ.get("KIMPORTAL_TEST_EAGER", "1") == "1"
CELERY_TASK_DEFAULT_QUEUE = f"kimtest-{TEST_RUN}"
TASK_BULK_QUEUE = f"{CELERY_TASK_DEFAULT_QUEUE}-bulk"
CELERY_TASK_QUEUES = [
    Queue(name, Exchange(name), routing_key=name)
    for name in (CELERY_TASK_DEFAULT_QUEUE, TASK_BULK_QUEUE)
]
CELERY_BROKER_TRANSPORT_OPTIONS = {
    "global_keyprefix": f"kimtest-{TEST_RUN}:",
    "visibility_timeout": 4,
    "unacked_restore_interval": 1,
    "unacked_restore_throttle": 1,
}
CELERY_RESULT_BACKEND_TRANSPORT_OPTIONS = {"global_keyprefix": f"kimtest-{TEST_RUN}:"}
CELERY_WORKER_SEND_TASK_EVENTS = False
TASK_RETRY_BACKOFF_SECONDS = 1
