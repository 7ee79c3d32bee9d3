from unittest import mock

from django.db import OperationalError


def test_healthz_answers_ok_when_database_answers(client, db):
    response = client.get("/healthz")
    assert response.status_code == 200
    assert response.json() == {"status": "ok", "database": "ok"}


def test_healthz_is_503_when_database_is_down(client, db):
    with mock.patch("kimportal.site.views.connection.cursor", side_effect=OperationalError("down")):
        response = client.get("/healthz")
    assert response.status_code == 503
    assert response.json()["status"] == "error"


def test_healthz_reports_the_broker_when_one_is_configured(client, db, settings):
    settings.CELERY_TASK_ALWAYS_EAGER = False  # a broker: the real Redis of the test run
    response = client.get("/healthz")
    assert response.status_code == 200
    assert response.json() == {"status": "ok", "database": "ok", "broker": "ok"}


def test_healthz_is_503_when_the_broker_is_down(client, db, settings):
    settings.CELERY_TASK_ALWAYS_EAGER = False
    settings.CELERY_BROKER_URL = "redis://127.0.0.1:1/0"  # nothing listens there
    response = client.get("/healthz")
    assert response.status_code == 503
    assert response.json()["broker"] == "ConnectionError"


def test_requests_keep_their_database_connection_by_default():
    """Without CONN_MAX_AGE in the environment a process keeps its connection for 60 s
    (no PostgreSQL fork per request) and checks it before reuse."""
    import subprocess
    import sys

    code = (
        "import os; os.environ.pop('CONN_MAX_AGE', None); "
        "os.environ.setdefault('DJANGO_SETTINGS_MODULE', 'tests.settings'); "
        "import django; django.setup(); from django.conf import settings; "
        "d = settings.DATABASES['default']; print(d['CONN_MAX_AGE'], d['CONN_HEALTH_CHECKS'])"
    )
    result = subprocess.run(  # noqa: S603 - our own settings, fixed arguments
        [sys.executable, "-c", code], capture_output=True, text=True, check=True
    )
    assert result.stdout.split() == ["60", "True"]
