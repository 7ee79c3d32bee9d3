"""The audit trail as supervisors read it: their jurisdiction, newest first."""

from django.db.models import Q
from django.shortcuts import render
from django.utils import timezone, translation
from django.utils.translation import gettext as _

from kimportal.core.access import permission_required, visible_to
from kimportal.core.audit import actions
from kimportal.core.audit.display import changes_text
from kimportal.core.exports import Export, export, exporter
from kimportal.core.models import AuditEntry
from kimportal.core.pagination import paginate


def areas():
    """The parts of the portal a supervisor filters by: one per registered catalogue."""
    return {c.prefix: c.label for c in actions.catalogues()}


def search_q(query):
    """Entries whose object, action code or action label (as people read it) matches."""
    found = Q(object_repr__icontains=query) | Q(action__icontains=query)
    labelled = actions.values_labelled(query)
    return found | Q(action__in=labelled) if labelled else found


def _csv_rows(entries, language):
    # Read after the view returns (streamed, or in a worker): keep the request's language.
    with translation.override(language):
        for e in entries.iterator(chunk_size=2000):
            yield [
                timezone.localtime(e.created_at).strftime("%Y-%m-%d %H:%M:%S"),
                str(e.actor or _("sistem")),
                str(e.action_label),
                e.object_repr,
                changes_text(e),
            ]


def trail_for_query(user, params):
    """The entries `user` may read, filtered as the page's query says."""
    entries = visible_to(user, AuditEntry).select_related("actor")
    query = params.get("q", "").strip()
    if query:
        entries = entries.filter(search_q(query))
    area = params.get("bagian", "")
    if area in areas():
        entries = entries.filter(action__startswith=area)
    return entries, query, area


@exporter("audit.trail")
def trail_export(user, params):
    entries, _query, _area = trail_for_query(user, params)
    return Export(
        filename="jejak-audit",
        header=[_("Waktu"), _("Pelaku"), _("Aksi"), _("Objek"), _("Perubahan")],
        rows=_csv_rows(entries, translation.get_language()),
        count=entries.count,
        sheet_title=_("Jejak audit"),
    )


@permission_required("audit.view_trail")
def audit_list(request):
    entries, query, area = trail_for_query(request.user, request.GET)
    if request.GET.get("format") == "csv":
        return export(request, "audit.trail", "csv")
    page = paginate(request, entries, 50, estimate=not query)
    return render(
        request,
        "audit/list.html",
        {
            "page": page,
            "query": query,
            "area": area,
            "areas": areas().items(),
            "crumbs": [(_("Jejak audit"), None)],
        },
    )
