"""Is the task broker reachable? For /healthz (a load balancer asks it every few seconds)."""

import functools

import redis
from django.conf import settings


def broker_configured():
    return bool(settings.CELERY_BROKER_URL) and not settings.CELERY_TASK_ALWAYS_EAGER


@functools.cache
def _redis(url):
    # Short timeouts: a health check answers fast, also when the broker does not.
    return redis.Redis.from_url(url, socket_connect_timeout=0.5, socket_timeout=0.5)


def broker_status():
    """None without a broker (tasks run in-process); "ok", or the error's class name."""
    if not broker_configured():
        return None
    url = settings.CELERY_BROKER_URL
    try:
        if url.startswith(("redis://", "rediss://", "unix://")):
            _redis(url).ping()
        else:
            from kombu import Connection

            with Connection(url, connect_timeout=0.5) as connection:
                connection.ensure_connection(max_retries=1)
    except Exception as exc:  # any broker failure means "not ready"
        return exc.__class__.__name__
    return "ok"
