"""The audit trail as supervisors read it: their jurisdiction, newest first."""

import json

from django.core.paginator import Paginator
from django.db.models import Q
from django.shortcuts import render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from kimportal.core.access import permission_required, visible_to
from kimportal.core.exports import csv_response
from kimportal.core.models import AuditEntry

# Action prefixes a supervisor filters by.
AREAS = {
    "accounts.": gettext_lazy("Akun"),
    "registry.kim.": gettext_lazy("KIM dan keputusan"),
    "registry.roster.": gettext_lazy("Susunan pengurus"),
    "registry.document.": gettext_lazy("Dokumen"),
    "registry.letter.": gettext_lazy("Surat keterangan"),
    "registry.office.": gettext_lazy("Pengaturan kab/kota"),
}


@permission_required("audit.view_trail")
def audit_list(request):
    entries = visible_to(request.user, AuditEntry).select_related("actor")
    query = request.GET.get("q", "").strip()
    if query:
        entries = entries.filter(Q(object_repr__icontains=query) | Q(action__icontains=query))
    area = request.GET.get("bagian", "")
    if area in AREAS:
        entries = entries.filter(action__startswith=area)
    if request.GET.get("format") == "csv":
        rows = (
            [
                timezone.localtime(e.created_at).strftime("%Y-%m-%d %H:%M:%S"),
                str(e.actor or _("sistem")),
                e.action,
                e.object_repr,
                json.dumps(e.changes, ensure_ascii=False),
            ]
            for e in entries.iterator(chunk_size=2000)
        )
        return csv_response(
            "jejak-audit.csv",
            [_("Waktu"), _("Pelaku"), _("Aksi"), _("Objek"), _("Perubahan")],
            rows,
        )
    page = Paginator(entries, 50).get_page(request.GET.get("page"))
    return render(
        request,
        "audit/list.html",
        {
            "page": page,
            "query": query,
            "area": area,
            "areas": AREAS.items(),
            "crumbs": [(_("Jejak audit"), None)],
        },
    )
