"""Settings of the load test's gunicorn: the portal's, with the bench URLs (the `ok` view)."""

from kimportal.settings import *  # noqa: F403

ROOT_URLCONF = "kimportal.site.bench.urls"
