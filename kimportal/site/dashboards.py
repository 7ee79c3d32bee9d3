"""What each kind of user sees on their home page, chosen by what they may do."""

from django.utils import timezone

from capacity.selectors.dashboard import PANEL_READS, dashboard_panel
from kimportal.core import figures
from kimportal.core.access.predicates import working_area
from partnerships.selectors.home import HOME_READS
from partnerships.selectors.home import home_for as partnerships_home
from registry.selectors.kims import HOME_READS as REGISTRY_HOME_READS
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


def _officer_panels(user):
    return {
        "queue": _queue(user),
        "awaiting_number": list(awaiting_number_for(user)[:5]),
        "partnerships": partnerships_home(user),
        "capacity": dashboard_panel(user),
    }


def _officer_context(user):
    counts, counted_at = status_counts(user)
    # The panels (ten queries) are kept like the figures until a row they read changes;
    # the key names the officer's jurisdiction and the day ("ending soon", "waiting").
    panels, _computed_at = figures.cached(
        f"home-panels:{user.pk}:{working_area(user)}:{timezone.localdate():%Y-%m-%d}",
        lambda: _officer_panels(user),
        depends_on=[*REGISTRY_HOME_READS, *HOME_READS, *PANEL_READS],
    )
    return {"counts": counts, "counted_at": counted_at, **panels}


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
