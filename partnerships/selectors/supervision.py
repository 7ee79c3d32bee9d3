"""Queries behind the supervision pages and the per-regency counts of a province."""

import datetime

from django.db.models import Count, Q
from django.utils import timezone

from kimportal.core.access import visible_to
from kimportal.core.areas.models import Regency
from partnerships.models import FollowUp, FollowUpStatus, Visit, VisitKind


def visits_for(user):
    return visible_to(user, Visit).select_related("kim", "regency", "created_by")


def follow_ups_for(user):
    return visible_to(user, FollowUp).select_related("visit__kim", "visit__regency")


def open_follow_ups(follow_ups):
    """Open follow-ups, the most overdue first."""
    return follow_ups.filter(status=FollowUpStatus.OPEN).order_by("due_on", "pk")


def overdue(follow_ups, today=None):
    today = today or timezone.localdate()
    return open_follow_ups(follow_ups).filter(due_on__lt=today)


def regency_summary(user, province_code, year=None):
    """Per regency of the province: supervision visits and mentoring sessions this year,
    open and overdue follow-ups (three queries, whatever the number of visits)."""
    today = timezone.localdate()
    year = year or today.year
    start, end = datetime.date(year, 1, 1), datetime.date(year, 12, 31)
    regencies = list(Regency.objects.filter(province_id=province_code).order_by("code"))
    visits = (
        visible_to(user, Visit)
        .filter(regency__province_id=province_code, visited_on__range=(start, end))
        .order_by()
        .values("regency_id")
        .annotate(
            supervision=Count("pk", filter=Q(kind=VisitKind.SUPERVISION)),
            mentoring=Count("pk", filter=Q(kind=VisitKind.MENTORING)),
            kims=Count("kim", distinct=True),
        )
    )
    follow_ups = (
        visible_to(user, FollowUp)
        .filter(visit__regency__province_id=province_code, status=FollowUpStatus.OPEN)
        .order_by()
        .values("visit__regency_id")
        .annotate(open=Count("pk"), overdue=Count("pk", filter=Q(due_on__lt=today)))
    )
    by_visit = {row["regency_id"]: row for row in visits}
    by_follow = {row["visit__regency_id"]: row for row in follow_ups}
    rows = []
    for regency in regencies:
        v, f = by_visit.get(regency.code, {}), by_follow.get(regency.code, {})
        rows.append(
            {
                "regency": regency,
                "supervision": v.get("supervision", 0),
                "mentoring": v.get("mentoring", 0),
                "kims": v.get("kims", 0),
                "open": f.get("open", 0),
                "overdue": f.get("overdue", 0),
            }
        )
    totals = {
        key: sum(row[key] for row in rows)
        for key in ("supervision", "mentoring", "kims", "open", "overdue")
    }
    return rows, totals, year
