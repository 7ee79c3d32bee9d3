"""Partnerships' list exports (agreements, activity reports), registered with the core's
export machinery: small ones download at once, big ones run as a job with a progress page
(kimportal/core/exports.py). Each builder applies the list page's own access rules and
filters: it runs again in the worker, with the rights the person has when it runs."""

from django.utils.translation import gettext_lazy, pgettext_lazy

from kimportal.core.exports import Export, exporter
from partnerships.forms.agreements import AgreementFilterForm
from partnerships.forms.reports import ReportFilterForm
from partnerships.models import Adinda, Channel, ReportStatus
from partnerships.selectors.agreements import agreements_for, with_list_facts
from partnerships.selectors.exports import agreement_rows
from partnerships.selectors.reports import reports_for

AGREEMENT_HEADER = [
    gettext_lazy("Nomor"),
    gettext_lazy("Judul"),
    gettext_lazy("Dinas"),
    gettext_lazy("Pihak"),
    gettext_lazy("Ruang lingkup"),
    gettext_lazy("Tanggal mulai"),
    gettext_lazy("Tanggal berakhir"),
    gettext_lazy("Status"),
    pgettext_lazy("partnerships", "Laporan"),
    gettext_lazy("Laporan menunggu tinjauan"),
    gettext_lazy("Telepon KIM pihak"),
]
REPORT_HEADER = [
    gettext_lazy("Tanggal"),
    gettext_lazy("Judul"),
    gettext_lazy("KIM"),
    gettext_lazy("Perjanjian"),
    gettext_lazy("Prinsip ADINDA"),
    gettext_lazy("Saluran"),
    gettext_lazy("Jangkauan"),
    gettext_lazy("Status"),
]


@exporter("partnerships.agreements")
def agreements_export(user, query):
    """The agreements list as filtered; phone numbers masked outside the user's
    jurisdiction (partnerships.selectors.exports)."""
    form = AgreementFilterForm(query or None, user=user)
    agreements = form.apply(agreements_for(user))
    return Export(
        filename="perjanjian-kemitraan",
        header=[str(label) for label in AGREEMENT_HEADER],
        rows=agreement_rows(user, with_list_facts(agreements)),
        count=agreements.count,
        sheet_title="Perjanjian",
    )


def filtered_reports(user, query):
    """The report list as the page shows it (filters, ?perjanjian=, the officers' order)."""
    form = ReportFilterForm(query or None)
    reports = form.apply(reports_for(user))
    agreement = query.get("perjanjian", "")
    if agreement.isdigit():
        reports = reports.filter(agreement_id=int(agreement))
    if user.has_perm("partnerships.review_report"):
        # "submitted" sorts before "clarification" and "accepted": the queue comes first.
        return reports.order_by("-status", "submitted_at", "pk")
    return reports.order_by("-held_on", "-pk")


def _report_rows(reports):
    principles = {value: str(label) for value, label in Adinda.choices}
    channels = {value: str(label) for value, label in Channel.choices}
    statuses = {value: str(label) for value, label in ReportStatus.choices}
    columns = reports.values_list(
        "held_on",
        "title",
        "kim__name",
        "agreement__number",
        "agreement__title",
        "principles",
        "channel",
        "reach",
        "status",
    )
    for held_on, title, kim, number, agreement, tags, channel, reach, status in columns.iterator(
        chunk_size=2000
    ):
        yield [
            held_on,
            title,
            kim,
            f"{number} · {agreement}" if number else agreement,
            "; ".join(principles[p] for p in tags if p in principles),
            channels.get(channel, channel),
            reach if reach is not None else "",
            statuses.get(status, status),
        ]


@exporter("partnerships.reports")
def reports_export(user, query):
    reports = filtered_reports(user, query)
    return Export(
        filename="laporan-kegiatan",
        header=[str(label) for label in REPORT_HEADER],
        rows=_report_rows(reports),
        count=reports.count,
        sheet_title="Laporan",
    )
