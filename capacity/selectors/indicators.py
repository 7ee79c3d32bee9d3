"""Success indicators: a KIM's trend over periods, averages per regency and province."""

from dataclasses import dataclass

from django.db.models import Avg, Count, OuterRef, Subquery
from django.utils import timezone

from capacity.models import INDICATOR_FIELDS, INDICATORS, Assessment
from kimportal.core.access import visible_to
from kimportal.core.areas.models import Regency
from registry.selectors.kims import registered_kims_for


def kim_trend(kim):
    """The KIM's assessments, oldest period first (one query)."""
    return list(
        Assessment.objects.filter(kim_id=kim.pk).select_related("assessed_by").order_by("period")
    )


def periods_for(user):
    """Periods with any assessment the user may see, newest first, and this year."""
    found = set(visible_to(user, Assessment).values_list("period", flat=True).distinct())
    found.add(timezone.localdate().year)
    return sorted(found, reverse=True)


@dataclass(frozen=True)
class AreaAverage:
    code: str
    name: str
    assessed: int
    indicators: list  # [(label, average or None)] in INDICATORS order
    overall: float | None


def _average(row):
    values = [row[f"avg_{name}"] for name in INDICATOR_FIELDS]
    overall = sum(values) / len(values) if row["n"] else None
    return values, overall


AGGREGATES = {f"avg_{name}": Avg(name) for name in INDICATOR_FIELDS}


def regency_averages(user, period):
    """Per regency the user may see: KIM assessed and each indicator's mean (one query)."""
    rows = (
        visible_to(user, Assessment)
        .filter(period=period)
        .values("regency_id")
        .annotate(n=Count("pk"), **AGGREGATES)
        .order_by("regency_id")
    )
    rows = list(rows)
    names = dict(
        Regency.objects.filter(pk__in=[r["regency_id"] for r in rows]).values_list("code", "name")
    )
    result = []
    for row in rows:
        values, overall = _average(row)
        result.append(
            AreaAverage(
                code=row["regency_id"],
                name=names.get(row["regency_id"], row["regency_id"]),
                assessed=row["n"],
                indicators=[(label, v) for (_n, label), v in zip(INDICATORS, values, strict=True)],
                overall=overall,
            )
        )
    return result


def overall_average(user, period, name):
    """The mean over every assessment the user may see for `period` (the province's, for
    provincial staff): each KIM counts once, not each regency."""
    row = visible_to(user, Assessment).filter(period=period).aggregate(n=Count("pk"), **AGGREGATES)
    values, overall = _average(row)
    return AreaAverage(
        code="",
        name=name,
        assessed=row["n"],
        indicators=[(label, v) for (_n, label), v in zip(INDICATORS, values, strict=True)],
        overall=overall,
    )


def kims_with_assessment(user, period, *, q="", regency=""):
    """Registered KIM of the user's area with their assessment of `period` (or none): the
    indicator list page, one query with the annotations."""
    kims = registered_kims_for(user)
    if q:
        kims = kims.filter(name__icontains=q)
    if regency:
        kims = kims.filter(regency_id=regency)
    same = Assessment.objects.filter(kim_id=OuterRef("pk"), period=period)
    annotations = {f"score_{name}": Subquery(same.values(name)[:1]) for name in INDICATOR_FIELDS}
    return kims.annotate(assessment_id=Subquery(same.values("pk")[:1]), **annotations).order_by(
        "regency_id", "name", "pk"
    )
