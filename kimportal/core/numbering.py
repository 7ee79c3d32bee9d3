from django.db import models, transaction


class Counter(models.Model):
    """A named sequence (Nomor Induk per regency and year, letter numbers, ...).

    Incremented under a row lock in the caller's transaction: values are unique, and
    a rolled-back issuance gives its value back, so there are no gaps.
    """

    key = models.CharField(max_length=100, primary_key=True)
    last = models.PositiveIntegerField(default=0)

    def __str__(self):
        return f"{self.key}={self.last}"


def next_value(key, *, start=1):
    """Next value of the counter `key`; the first value is `start`. Needs a transaction."""
    if not transaction.get_connection().in_atomic_block:
        raise RuntimeError("next_value must run inside the transaction that uses the number")
    Counter.objects.get_or_create(key=key, defaults={"last": start - 1})
    counter = Counter.objects.select_for_update().get(key=key)
    counter.last = max(counter.last + 1, start)
    counter.save(update_fields=["last"])
    return counter.last
