"""Queries behind the KIM list, the review queue and the KIM page."""

from django.db.models import Count, F
from django.utils import timezone

from kimportal.core import figures
from kimportal.core.access import visible_to
from registry.models import Kim, KimStatus

LIST_RELATED = ("village__district", "regency")


def kims_for(user):
    return visible_to(user, Kim).select_related(*LIST_RELATED)


# What a row of the KIM list or the review queue shows: its columns only, so no phone or
# e-mail is decrypted and no long text is read for a page of names.
LIST_COLUMNS = (
    "name",
    "status",
    "nomor_induk",
    "submitted_at",
    "village__name",
    "village__district__name",
    "regency__name",
)


def list_columns(kims):
    return kims.only(*LIST_COLUMNS)


def review_queue_for(user):
    """Submitted applications first; oldest waiting first (the order staff work in)."""
    return (
        kims_for(user)
        .filter(status=KimStatus.SUBMITTED)
        .order_by(F("submitted_at").asc(nulls_last=True), "pk")
    )


def days_waiting(kim, now=None):
    if not kim.submitted_at:
        return None
    now = now or timezone.now()
    return (now - kim.submitted_at).days


# What the officers' home panels read from the registry (kimportal/site/dashboards.py).
HOME_READS = (Kim,)


def awaiting_number_for(user):
    return kims_for(user).filter(status=KimStatus.APPROVED).order_by("updated_at", "pk")


def status_counts(user):
    """([(status, label, number of KIM)], when counted): a GROUP BY over every KIM the user
    may see, so kept in the cache until a KIM changes (kimportal/core/figures.py)."""
    rows = visible_to(user, Kim).values("status").annotate(n=Count("pk")).order_by()
    counts, computed_at = figures.cached(
        f"registry.status_counts:{rows.query}",
        lambda: {row["status"]: row["n"] for row in rows},
        depends_on=[Kim],
    )
    statuses = [(value, label, counts.get(value, 0)) for value, label in KimStatus.choices]
    return statuses, computed_at


def registered_kims_for(user):
    """Registered (active) KIM the user may see: the ones that join events and partnerships
    (for a KIM manager, the KIM they manage)."""
    return kims_for(user).filter(status=KimStatus.REGISTERED)
