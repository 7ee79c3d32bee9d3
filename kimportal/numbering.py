from django.db import transaction

from .models import Counter


def next_value(key, *, start=1):
    """Next value of the counter `key`; the first value is `start`. Needs a transaction."""
    if not transaction.get_connection().in_atomic_block:
        raise RuntimeError("next_value must run inside the transaction that uses the number")
    Counter.objects.get_or_create(key=key, defaults={"last": start - 1})
    counter = Counter.objects.select_for_update().get(key=key)
    counter.last = max(counter.last + 1, start)
    counter.save(update_fields=["last"])
    return counter.last
