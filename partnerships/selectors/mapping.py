"""Queries behind the mapping grid: the current score of each KIM of an area."""

from kimportal.core.access import visible_to
from partnerships.models import MappingScore


def current_scores(user, area_code):
    """Current scores `user` may see in `area_code` ("36" or "36.04"), with their KIM
    (one query)."""
    scores = visible_to(user, MappingScore).filter(is_current=True)
    if len(area_code) == 2:
        scores = scores.filter(regency__code__startswith=f"{area_code}.")
    else:
        scores = scores.filter(regency_id=area_code)
    return list(
        scores.select_related("kim", "regency").order_by("regency_id", "kim__name", "kim_id")
    )


def history_of(kim):
    return list(
        MappingScore.objects.filter(kim_id=kim.pk)
        .select_related("scored_by")
        .order_by("-scored_on", "-pk")
    )
