"""The client's address, also behind reverse proxies we trust (TRUSTED_PROXY_COUNT)."""

from django.conf import settings


def client_ip(request):
    """REMOTE_ADDR, or with N trusted proxies the address the outermost of them saw.

    Each proxy appends the address it received from to X-Forwarded-For, so with N proxies
    the N-th entry from the right is the client; entries further left can be forged.
    """
    count = settings.TRUSTED_PROXY_COUNT
    if count:
        forwarded = [
            part.strip()
            for part in request.META.get("HTTP_X_FORWARDED_FOR", "").split(",")
            if part.strip()
        ]
        if len(forwarded) >= count:
            return forwarded[-count]
    return request.META.get("REMOTE_ADDR", "") or "unknown"
