"""Queries behind the agreements list, an agreement's page and the exports."""

import datetime

from django.db.models import Count, Exists, IntegerField, OuterRef, Prefetch, Q, Subquery
from django.db.models.functions import Coalesce
from django.utils import timezone

from kimportal.core.access import visible_to
from kimportal.core.access.predicates import working_area
from kimportal.core.areas.models import Province, Regency
from partnerships.models import ActivityReport, Agreement, AgreementStatus, ReportStatus
from registry.selectors.partners import party_kims

ENDING_SOON_DAYS = 60


def agreements_for(user):
    return visible_to(user, Agreement).select_related("province", "regency")


def _report_count(**filters):
    counted = (
        ActivityReport.objects.filter(agreement=OuterRef("pk"), **filters)
        .order_by()
        .values("agreement")
        .annotate(n=Count("pk"))
        .values("n")
    )
    return Coalesce(Subquery(counted, output_field=IntegerField()), 0)


def with_list_facts(agreements):
    """What a row of the list shows: parties (two prefetch queries per page) and report
    counts (subqueries, so the page stays one query however many reports there are)."""
    return (
        agreements.defer("pdf")
        .annotate(
            reports_total=_report_count(),
            reports_waiting=_report_count(status=ReportStatus.SUBMITTED),
        )
        .prefetch_related(Prefetch("kims", queryset=party_kims()), "forums")
    )


def ending_soon(agreements, today=None, days=ENDING_SOON_DAYS):
    today = today or timezone.localdate()
    return agreements.filter(
        status=AgreementStatus.ACTIVE,
        end_date__gte=today,
        end_date__lte=today + datetime.timedelta(days=days),
    ).order_by("end_date", "pk")


def awaiting_evaluation(agreements):
    return agreements.filter(
        status__in=(AgreementStatus.EXPIRED, AgreementStatus.TERMINATED),
        activated_at__isnull=False,
        evaluation__isnull=True,
    ).order_by("-end_date", "-pk")


def dinas_choices(user):
    """[(area code, label)] of the Dinas whose agreements `user` may filter by (one or two
    queries): staff their province and its regencies; system admins every Dinas; managers
    the Dinas of the agreements they see; a regency officer none (they see their own
    Dinas only)."""
    province, regency = working_area(user)
    if regency:
        return []
    if not Agreement.access_q(user):
        # Sees every agreement (system admins): every Dinas of the country, read from the
        # area tables rather than from a scan of every agreement.
        provinces = list(Province.objects.order_by("code").values_list("code", "name"))
        regencies = list(Regency.objects.order_by("code").values_list("code", "name"))
        return [(code, _label(code, name)) for code, name in sorted(provinces + regencies)]
    if province:
        codes = [province]
        regencies = list(Regency.objects.filter(province_id=province).order_by("code"))
        names = {r.code: r.name for r in regencies}
        names[province] = Province.objects.get(pk=province).name
        codes += [r.code for r in regencies]
    else:
        codes = sorted(
            set(agreements_for(user).order_by().values_list("dinas_code", flat=True).distinct())
        )
        names = dict(
            Regency.objects.filter(code__in=[c for c in codes if len(c) > 2]).values_list(
                "code", "name"
            )
        )
        names.update(
            Province.objects.filter(code__in=[c for c in codes if len(c) == 2]).values_list(
                "code", "name"
            )
        )
    return [(code, _label(code, names.get(code, code))) for code in codes]


def _label(code, name):
    return f"Diskominfo {'Provinsi ' if len(code) == 2 else ''}{name}"


def parties_of(agreement):
    """(KIM parties with their area, forum parties) of one agreement (two queries)."""
    kims = list(
        agreement.kims.select_related("village__district__regency__province").order_by("name")
    )
    forums = list(agreement.forums.select_related("province", "regency").order_by("name"))
    return kims, forums


def renewals_of(agreement):
    return list(Agreement.objects.filter(renews=agreement).defer("pdf").order_by("pk"))


def for_kim(user, kim):
    """Agreements `user` may see that `kim` is party to, newest first."""
    return with_list_facts(agreements_for(user).filter(kims=kim)).order_by("-start_date", "-pk")


def count_by_status(agreements):
    rows = agreements.order_by().values("status").annotate(n=Count("pk"))
    counts = {row["status"]: row["n"] for row in rows}
    return [(value, label, counts.get(value, 0)) for value, label in AgreementStatus.choices]


def search(agreements, text):
    """Agreements whose number or title, or a party's name, contains `text`."""
    kim = Agreement.kims.through.objects.filter(agreement=OuterRef("pk"), kim__name__icontains=text)
    forum = Agreement.forums.through.objects.filter(
        agreement=OuterRef("pk"), forum__name__icontains=text
    )
    return agreements.filter(
        Q(number__icontains=text) | Q(title__icontains=text) | Exists(kim) | Exists(forum)
    )
