"""Queries behind the report pages: the review queue, reports of an agreement, of a KIM
over time."""

from collections import Counter

from django.db.models import F

from kimportal.core.access import visible_to
from partnerships.models import ActivityReport, Adinda, ReportStatus

LIST_RELATED = ("agreement", "kim")


def reports_for(user):
    # The agreement's stored PDF stays in the database: a list needs its title, not its bytes.
    return visible_to(user, ActivityReport).select_related(*LIST_RELATED).defer("agreement__pdf")


def awaiting_review(reports):
    """Oldest waiting first: the order officers work in."""
    return reports.filter(status=ReportStatus.SUBMITTED).order_by(F("submitted_at").asc(), "pk")


def needing_clarification(reports):
    return reports.filter(status=ReportStatus.CLARIFICATION).order_by("-reviewed_at", "-pk")


def of_agreement(user, agreement):
    return reports_for(user).filter(agreement=agreement).order_by("-held_on", "-pk")


def of_kim(user, kim):
    return reports_for(user).filter(kim=kim).order_by("-held_on", "-pk")


def by_month(reports):
    """[(first day of month, reports, accepted, people reached, principle counts)] newest
    first, from already loaded reports (no query)."""
    months = {}
    for report in reports:
        key = report.held_on.replace(day=1)
        row = months.setdefault(
            key, {"month": key, "count": 0, "accepted": 0, "reach": 0, "principles": Counter()}
        )
        row["count"] += 1
        row["accepted"] += report.is_accepted
        row["reach"] += report.reach or 0
        row["principles"].update(report.principles)
    labels = dict(Adinda.choices)
    out = []
    for key in sorted(months, reverse=True):
        row = months[key]
        row["principles"] = [
            (labels[p], row["principles"][p]) for p in Adinda.values if row["principles"][p]
        ]
        out.append(row)
    return out


def principle_totals(reports):
    """[(label, count)] over all principles, from loaded reports (no query)."""
    counts = Counter(p for report in reports for p in report.principles)
    return [(label, counts.get(value, 0)) for value, label in Adinda.choices]
