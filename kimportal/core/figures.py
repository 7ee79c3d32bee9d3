"""Dashboard figures (counts over every row of a jurisdiction) computed once and kept in the
cache until a row they count changes.

`cached(key, compute, depends_on=[Model])` returns `(value, computed_at)`. Each model named in
`depends_on` has a version in the cache that any save or delete of one of its rows replaces
(at once and again after the commit, so a figure computed from the old rows between the two
is not kept); a figure is stored with the versions it was computed under and used only while
they are current. One cache read per figure. Bulk `update()`s send no signals: the figure
then waits out FIGURES_SECONDS.
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


def changed_after_commit(model):
    """Rows of `model` change in this transaction (a bulk `update()` sends no signal)."""
    changed(model)
    transaction.on_commit(lambda: changed(model))


def _on_change(sender, **kwargs):
    changed_after_commit(sender)


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
    versions = [_version_key(model) for model in depends_on]
    figure = "figures:" + hashlib.sha256(key.encode()).hexdigest()[:32]
    found = cache.get_many([*versions, figure])
    stamp = [found.get(version, 0) for version in versions]
    entry = found.get(figure)
    if entry is None or entry[0] != stamp:
        entry = (stamp, compute(), timezone.now())
        cache.set(figure, entry, settings.FIGURES_SECONDS)
    return entry[1], entry[2]
