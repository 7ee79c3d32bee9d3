"""Test settings: PostgreSQL from DATABASE_URL (default: the local server), strict templates."""

import os
import tempfile

os.environ.setdefault("SECRET_KEY", "tests-only-not-secret")
os.environ.setdefault("SITE_URL", "http://testserver")
os.environ.setdefault("DATABASE_URL", "postgres://postgres@127.0.0.1:5432/postgres")

from kimportal.settings import *  # noqa: F403
from kimportal.settings import STORAGES, TEMPLATES

# Fast hashing: the suite creates many users; production keeps Django's default.
PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
SESSION_COOKIE_SECURE = False
# Tests log in with client.login(), which has no request for axes to inspect; the
# lockout has its own test that turns it on.
AXES_ENABLED = False
CSRF_COOKIE_SECURE = False
MEDIA_ROOT = tempfile.mkdtemp(prefix="kimportal-test-media-")
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
