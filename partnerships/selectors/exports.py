"""Rows of the agreements export: plain values, read a few thousand at a time (one query
for the agreements of a batch, two for their parties), so a province-wide export does not
build a model instance per row and party."""

from collections import defaultdict
from dataclasses import dataclass

from django.utils.translation import gettext as _

from partnerships.models import Agreement, AgreementStatus, Scope
from registry.selectors.board_rules import mask_phone

BATCH = 2000
COLUMNS = (
    "pk",
    "number",
    "title",
    "province__name",
    "regency__name",
    "province_id",
    "regency_id",
    "scopes",
    "scope_other",
    "start_date",
    "end_date",
    "status",
    "reports_total",
    "reports_waiting",
)


@dataclass(frozen=True)
class _Where:
    """Stands for an agreement's jurisdiction when asking a permission about it."""

    province: str
    regency: str

    def jurisdiction(self):
        return self.province, self.regency


def _parties(pks):
    through = Agreement.kims.through.objects.filter(agreement_id__in=pks)
    kims = defaultdict(list)
    for agreement_id, name, phone in through.order_by("kim__name").values_list(
        "agreement_id", "kim__name", "kim__phone"
    ):
        kims[agreement_id].append((name, phone))
    forums = defaultdict(list)
    for agreement_id, name in (
        Agreement.forums.through.objects.filter(agreement_id__in=pks)
        .order_by("forum__name")
        .values_list("agreement_id", "forum__name")
    ):
        forums[agreement_id].append(name)
    return kims, forums


def agreement_rows(user, agreements):
    """[number, title, Dinas, parties, scope, start, end, status, reports, waiting, phones]
    per agreement of `agreements` (annotated by `with_list_facts`). Phone numbers of KIM
    parties are masked unless `user` may see personal data of that jurisdiction."""
    # Labels translated once, not once per row.
    statuses = {value: str(label) for value, label in AgreementStatus.choices}
    scopes = {value: str(label) for value, label in Scope.choices}
    personal_in = {}
    rows = agreements.values_list(*COLUMNS).iterator(chunk_size=BATCH)
    batch = []
    for row in rows:
        batch.append(row)
        if len(batch) == BATCH:
            yield from _rows(user, batch, statuses, scopes, personal_in)
            batch = []
    if batch:
        yield from _rows(user, batch, statuses, scopes, personal_in)


def _rows(user, batch, statuses, scopes, personal_in):
    kims, forums = _parties([row[0] for row in batch])
    for (
        pk,
        number,
        title,
        province_name,
        regency_name,
        province_id,
        regency_id,
        scope_values,
        scope_other,
        start,
        end,
        status,
        reports_total,
        reports_waiting,
    ) in batch:
        where = (province_id, regency_id or "")
        if where not in personal_in:
            personal_in[where] = (
                user.has_perm("partnerships.view_personal_data", _Where(*where)),
                _("Diskominfo %(area)s") % {"area": regency_name}
                if regency_id
                else _("Diskominfo Provinsi %(area)s") % {"area": province_name},
            )
        personal, dinas = personal_in[where]
        phones = [phone if personal else mask_phone(phone) for _name, phone in kims[pk] if phone]
        scope_labels = [scopes[s] for s in scope_values if s in scopes and s != Scope.OTHER]
        if Scope.OTHER in scope_values:
            scope_labels.append(scope_other or scopes[Scope.OTHER])
        yield [
            number,
            title,
            dinas,
            "; ".join([name for name, _phone in kims[pk]] + forums[pk]),
            "; ".join(scope_labels),
            start,
            end,
            statuses.get(status, status),
            reports_total,
            reports_waiting,
            "; ".join(phones),
        ]
