"""The public directory of registered KIM and each KIM's public profile (no login).

These views are `@public`: they read only through `registry.selectors.directory`, whose
querysets hold registered/inactive/revoked KIM and load public columns only. A KIM that
is not public (draft, under review, rejected) is a 404, like any object outside a scope.

Anonymous requests never trigger heavy work: the full export is a file the schedule
rebuilds (registry/jobs.py) and `directory_file` serves; a filtered export is made at
once only up to EXPORT_SYNC_MAX_ROWS rows, a few times a minute per address.
"""

from django.conf import settings
from django.http import FileResponse, Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.http import http_date, urlencode
from django.utils.translation import gettext as _

from kimportal.core import jobs
from kimportal.core.access import public
from kimportal.core.exports import FORMATS, csv_response, xlsx_response
from kimportal.core.http.rate_limit import over_limit
from kimportal.core.pagination import paginate
from registry.jobs import DIRECTORY_FILE
from registry.selectors import directory as selectors

PAGE_SIZE = 25
EXPORT_FORMATS = ("csv", "xlsx")


@public
def directory(request):
    filters = selectors.DirectoryFilters.from_query(request.GET)
    kims = selectors.directory_search(filters)

    export = request.GET.get("format", "")
    notice = None
    if export in EXPORT_FORMATS:
        if not filters.is_filtered:  # the whole directory: the prebuilt file
            return redirect("registry:directory-file", fmt=export)
        limit = settings.EXPORT_SYNC_MAX_ROWS
        if kims[: limit + 1].count() > limit:
            notice = "too_many"
        elif over_limit(request, "directory-export", settings.EXPORT_RATE_LIMIT_PER_MINUTE):
            response = render(request, "registry/directory/rate_limited.html", status=429)
            response["Retry-After"] = "60"
            return response
        else:
            filename = f"direktori-kim-{timezone.localdate():%Y%m%d}.{export}"
            header = [str(label) for label in selectors.EXPORT_HEADER]
            rows = selectors.directory_export_rows(kims)
            if export == "xlsx":
                return xlsx_response(filename, header, rows, sheet_title=_("Direktori KIM"))
            return csv_response(filename, header, rows)

    page = paginate(
        request, kims, PAGE_SIZE, estimate=not filters.q, search="name" if filters.q else None
    )
    query = filters.as_query()
    return render(
        request,
        "registry/directory/list.html",
        {
            "export_limit": settings.EXPORT_SYNC_MAX_ROWS,
            "export_notice": notice,
            "full_file": None
            if filters.is_filtered
            else jobs.latest_result(DIRECTORY_FILE, format="xlsx"),
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
def directory_file(request, fmt):
    """The whole directory as the schedule last built it: a file, no work per request."""
    if fmt not in FORMATS:
        raise Http404
    job = jobs.latest_result(DIRECTORY_FILE, format=fmt)
    if job is None or not job.result_file.storage.exists(job.result_file.name):
        raise Http404(_("Berkas direktori sedang disiapkan. Coba lagi beberapa menit lagi."))
    built = timezone.localtime(job.finished_at)
    response = FileResponse(
        job.result_file.open("rb"),
        as_attachment=True,
        filename=f"direktori-kim-{built:%Y%m%d-%H%M}.{fmt}",
        content_type=FORMATS[fmt],
    )
    response["Last-Modified"] = http_date(job.finished_at.timestamp())
    response["Cache-Control"] = "public, max-age=300"
    return response


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
