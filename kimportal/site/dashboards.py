"""What each role sees on its home page."""

from django.utils import timezone

from kimportal.core.accounts.roles import Role
from registry.selectors.kims import (
    awaiting_number_for,
    days_waiting,
    kims_for,
    review_queue_for,
    status_counts,
)

TEMPLATES = {
    Role.PROVINCE: "dashboard/province.html",
    Role.REGENCY: "dashboard/regency.html",
    Role.MANAGER: "dashboard/manager.html",
    Role.ADMIN: "dashboard/admin.html",
}


def _queue(user, limit=5):
    now = timezone.now()
    return [(kim, days_waiting(kim, now)) for kim in review_queue_for(user)[:limit]]


def dashboard_context(user):
    role = Role.ADMIN if user.is_system_admin else user.role
    context = {}
    if role in (Role.PROVINCE, Role.REGENCY):
        context = {
            "queue": _queue(user),
            "awaiting_number": awaiting_number_for(user)[:5],
            "counts": status_counts(user),
        }
    elif role == Role.MANAGER:
        context = {"kims": kims_for(user).order_by("name")}
    return TEMPLATES[role], context
