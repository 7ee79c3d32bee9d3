"""What each kind of user sees on their home page, chosen by what they may do."""

from django.utils import timezone

from capacity.selectors.dashboard import dashboard_panel
from partnerships.selectors.home import home_for as partnerships_home
from registry.selectors.kims import (
    awaiting_number_for,
    days_waiting,
    kims_for,
    review_queue_for,
    status_counts,
)


def _queue(user, limit=5):
    now = timezone.now()
    return [(kim, days_waiting(kim, now)) for kim in review_queue_for(user)[:limit]]


def _officer_context(user):
    counts, counted_at = status_counts(user)
    return {
        "queue": _queue(user),
        "awaiting_number": awaiting_number_for(user)[:5],
        "counts": counts,
        "counted_at": counted_at,
        "partnerships": partnerships_home(user),
        "capacity": dashboard_panel(user),
    }


def dashboard_context(user):
    if user.has_perm("accounts.administer_portal"):
        return "dashboard/admin.html", {}
    if user.has_perm("registry.decide_kim"):
        return "dashboard/province.html", _officer_context(user)
    if user.has_perm("registry.issue_nomor_induk"):
        return "dashboard/regency.html", _officer_context(user)
    return "dashboard/manager.html", {
        "kims": kims_for(user).order_by("name"),
        "partnerships": partnerships_home(user),
        "capacity": dashboard_panel(user),
    }
