"""Area lookups for the village picker: small JSON lists, one level at a time."""

from django.http import Http404, JsonResponse
from django.views.decorators.cache import cache_control

from kimportal.core.access import public
from kimportal.core.areas.models import District, Regency, Village

CHILDREN = {
    "kabupaten": (Regency, "province_id"),
    "kecamatan": (District, "regency_id"),
    "desa": (Village, "district_id"),
}


@public
@cache_control(public=True, max_age=86400)
def area_children(request, level, parent):
    """Areas of `level` under `parent` (e.g. /wilayah/kecamatan/36.04/): at most ~300 rows."""
    if level not in CHILDREN:
        raise Http404
    model, parent_field = CHILDREN[level]
    rows = (
        model.objects.filter(**{parent_field: parent}).order_by("name").values_list("code", "name")
    )
    return JsonResponse({"results": [{"code": c, "name": n} for c, n in rows]})
