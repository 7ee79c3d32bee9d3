"""Per client address, per minute: cheap counters in the shared cache."""

import time

from django.core.cache import cache

from kimportal.core.http.client_ip import client_ip


def over_limit(request, scope, per_minute):
    """True when this client made more than `per_minute` requests of `scope` this minute."""
    if not per_minute:
        return False
    key = f"rate:{scope}:{client_ip(request)}:{int(time.time() // 60)}"
    cache.add(key, 0, timeout=120)
    try:
        count = cache.incr(key)
    except ValueError:  # expired between add and incr
        cache.set(key, 1, timeout=120)
        count = 1
    return count > per_minute
