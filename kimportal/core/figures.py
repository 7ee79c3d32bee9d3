"""Dashboard figures (counts over every row of a jurisdiction) computed once and kept in the
cache until a row they count changes.

`cached(key, compute, depends_on=[Model])` returns `(value, computed_at)`. Each model named in
`depends_on` has a version in the cache that any save or delete of one of its rows replaces
(at once and again after the commit, so a figure computed from the old rows between the two
is not kept); the figure's cache key holds the versions, so a change makes the old figure
unreachable. Bulk `update()`s send no signals: the figure then waits out FIGURES_SECONDS.
"""

import hashlib
import time

from django.conf import settings
from django.core.cache import cache
from django.db import transaction
from django.db.models.signals import post_delete, post_save
from django.utils import timezone

_tracked = set()


def _version_key(model):
    return f"figures:version:{model._meta.label_lower}"


def changed(model):
    """Figures counting `model` are out of date (the signals call this)."""
    cache.set(_version_key(model), time.time_ns(), None)


def _on_change(sender, **kwargs):
    changed(sender)
    transaction.on_commit(lambda: changed(sender))


def track(*models):
    """Watch these models' saves and deletes (from an AppConfig.ready(), so every process
    that writes them keeps the figures honest, not only those that read them)."""
    for model in models:
        _track(model)


def _track(model):
    if model not in _tracked:
        uid = f"figures:{model._meta.label_lower}"
        post_save.connect(_on_change, sender=model, weak=False, dispatch_uid=uid)
        post_delete.connect(_on_change, sender=model, weak=False, dispatch_uid=uid)
        _tracked.add(model)


def cached(key, compute, *, depends_on):
    """(compute()'s value, when it was computed), from the cache while `depends_on` rows
    are unchanged. `key` names the figure and everything it depends on (e.g. the SQL)."""
    track(*depends_on)
    versions = cache.get_many([_version_key(model) for model in depends_on])
    stamp = ":".join(str(versions.get(_version_key(model), 0)) for model in depends_on)
    digest = hashlib.sha256(f"{key}|{stamp}".encode()).hexdigest()[:32]
    entry = cache.get(f"figures:{digest}")
    if entry is None:
        entry = (compute(), timezone.now())
        cache.set(f"figures:{digest}", entry, settings.FIGURES_SECONDS)
    return entry
