"""The capacity panels of the home pages (kimportal/site/dashboards.py adds them)."""

from capacity.selectors.events import awaiting_work_for, upcoming_for


def dashboard_panel(user):
    """Upcoming events the user may see and, for organisers, held events to report."""
    return {
        "upcoming": list(upcoming_for(user)),
        "unreported": list(awaiting_work_for(user))
        if user.has_perm("capacity.create_event")
        else [],
        "can_create": user.has_perm("capacity.create_event"),
    }
