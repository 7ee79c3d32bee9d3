"""The capacity panels of the home pages (kimportal/site/dashboards.py adds them)."""

from capacity.models import Event, Registration
from capacity.selectors.events import awaiting_work_for, upcoming_for

# What the panels read: a save or delete of any of these makes a cached panel out of date.
PANEL_READS = (Event, Registration)


def dashboard_panel(user):
    """Upcoming events the user may see and, for organisers, held events to report."""
    return {
        "upcoming": list(upcoming_for(user)),
        "unreported": list(awaiting_work_for(user))
        if user.has_perm("capacity.create_event")
        else [],
        "can_create": user.has_perm("capacity.create_event"),
    }
