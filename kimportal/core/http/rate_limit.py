"""Per-address rate limits, counted in the shared cache (CACHE_URL; Redis in production)."""

import time

from django.core.cache import cache

from kimportal.core.http.client_ip import client_ip


def over_limit(request, bucket, per_minute):
    """Count one request of this client in `bucket`; True past `per_minute` this minute."""
    if not per_minute:
        return False
    key = f"rate:{bucket}:{client_ip(request)}:{int(time.time() // 60)}"
    cache.add(key, 0, timeout=120)
    try:
        count = cache.incr(key)
    except ValueError:  # expired between add and incr
        cache.set(key, 1, timeout=120)
        count = 1
    return count > per_minute
