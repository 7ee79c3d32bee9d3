"""What other apps read about KIM as partners (partnership agreements, mapping, visits).

Narrow on purpose: other apps may not import the registry's models, so the few reads they
need about KIM live here, with the registry's own rules (which status counts as
registered, where the board's Ketua is).
"""

from django.db.models import Q

from kimportal.core.access import visible_to
from registry.models import Kim, KimStatus, Member, Position

# A KIM that can be party to an agreement, be scored and be visited: it exists as a
# community the Dinas works with (registered, or registered once and now inactive).
WORKING_STATUSES = (KimStatus.REGISTERED, KimStatus.INACTIVE)


def area_q(area_code, field="regency"):
    """KIM of a province ("36") or a regency ("36.04")."""
    if len(area_code) == 2:
        return Q(**{f"{field}__code__startswith": f"{area_code}."})
    return Q(**{field: area_code})


def partner_kims_for(user, area_code=None, *, registered_only=True):
    """KIM `user` may see that can be partners: registered (or, with
    `registered_only=False`, registered or inactive), in `area_code` when given."""
    statuses = (KimStatus.REGISTERED,) if registered_only else WORKING_STATUSES
    kims = visible_to(user, Kim).filter(status__in=statuses)
    if area_code:
        kims = kims.filter(area_q(area_code))
    return kims.select_related("regency", "village__district").order_by("name", "pk")


def party_kims():
    """KIM as a list of agreements names them: name and status only (no personal fields
    to decrypt)."""
    return Kim.objects.only("pk", "name", "status").order_by("name", "pk")


def kim_for(user, pk):
    """The KIM `pk` if `user` may see it, else None (callers turn None into a 404)."""
    return (
        visible_to(user, Kim).select_related("regency", "village__district").filter(pk=pk).first()
    )


def kim_heads(kim_ids):
    """{KIM id: name of the Ketua on its current board} (one query); KIM without one are
    left out. Printed as the KIM's signatory on partnership agreements."""
    rows = (
        Member.objects.filter(
            roster__kim_id__in=list(kim_ids), roster__is_current=True, position=Position.KETUA
        )
        .order_by("roster__kim_id", "order", "pk")
        .values_list("roster__kim_id", "full_name")
    )
    heads = {}
    for kim_id, name in rows:
        heads.setdefault(kim_id, name)
    return heads
