"""The public directory of registered KIM and each KIM's public profile (no login).

These views are `@public`: they read only through `registry.selectors.directory`, whose
querysets hold registered/inactive/revoked KIM and load public columns only. A KIM that
is not public (draft, under review, rejected) is a 404, like any object outside a scope.
"""

from django.core.paginator import Paginator
from django.shortcuts import get_object_or_404, render
from django.urls import reverse
from django.utils import timezone
from django.utils.http import urlencode
from django.utils.translation import gettext as _

from kimportal.core.access import public
from kimportal.core.exports import csv_response, xlsx_response
from registry.selectors import directory as selectors

PAGE_SIZE = 25
EXPORT_FORMATS = ("csv", "xlsx")


@public
def directory(request):
    filters = selectors.DirectoryFilters.from_query(request.GET)
    kims = selectors.directory_search(filters)

    export = request.GET.get("format", "")
    if export in EXPORT_FORMATS:
        filename = f"direktori-kim-{timezone.localdate():%Y%m%d}.{export}"
        header = [str(label) for label in selectors.EXPORT_HEADER]
        rows = selectors.directory_export_rows(kims)
        if export == "xlsx":
            return xlsx_response(filename, header, rows, sheet_title=_("Direktori KIM"))
        return csv_response(filename, header, rows)

    page = Paginator(kims, PAGE_SIZE).get_page(request.GET.get("page"))
    query = filters.as_query()
    return render(
        request,
        "registry/directory/list.html",
        {
            "page": page,
            "filters": filters,
            "options": selectors.area_options(filters),
            "statuses": [(s.value, s.label) for s in selectors.PUBLIC_STATUSES],
            "sorts": [(key, label) for key, (label, _order) in selectors.SORTS.items()],
            "export_csv": "?" + urlencode({**query, "format": "csv"}),
            "export_xlsx": "?" + urlencode({**query, "format": "xlsx"}),
            "crumbs": [(_("Direktori KIM"), None)],
        },
    )


@public
def directory_detail(request, pk):
    kim = get_object_or_404(selectors.directory_profile_queryset(), pk=pk)
    return render(
        request,
        "registry/directory/detail.html",
        {
            "kim": kim,
            "area": selectors.area_of(kim),
            "social_links": selectors.public_links(kim),
            "crumbs": [(_("Direktori KIM"), reverse("registry:directory")), (kim.name, None)],
        },
    )
