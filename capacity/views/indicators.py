"""Success indicators: the overview of a jurisdiction (averages per regency and province)
and each KIM's assessments over the periods, with the officers' assessment form."""

from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from capacity.forms.participants import AssessmentForm
from capacity.models import INDICATOR_FIELDS, INDICATORS
from capacity.selectors import indicators as selectors
from capacity.selectors.history import kim_history
from capacity.services import indicators as service
from kimportal.core.access import (
    ActionRefused,
    add_form_error,
    get_for_user,
    login_required,
    permission_required,
    refusal,
)
from kimportal.core.access.predicates import working_area
from kimportal.core.areas.models import Province, Regency
from kimportal.core.exports import csv_response, xlsx_response
from kimportal.core.pagination import paginate
from registry.selectors.kims import kims_for


def _period(request, periods):
    try:
        value = int(request.GET.get("periode", ""))
    except ValueError:
        return periods[0]
    return value if value in periods else periods[0]


@permission_required("capacity.view_indicators")
def overview(request):
    user = request.user
    periods = selectors.periods_for(user)
    period = _period(request, periods)
    q = " ".join(request.GET.get("q", "").split())[:100]
    province, regency = working_area(user)
    regency_filter = request.GET.get("kabupaten", "") if not regency else ""
    kims = selectors.kims_with_assessment(user, period, q=q, regency=regency_filter)
    export = request.GET.get("format")
    if export in ("csv", "xlsx"):
        header = [
            _("KIM"),
            _("Kabupaten/kota"),
            *(str(label) for _n, label in INDICATORS),
            _("Rata-rata"),
        ]
        rows = (
            [
                kim.name,
                kim.regency.name,
                *(getattr(kim, f"score_{name}") or "" for name in INDICATOR_FIELDS),
                _mean(kim),
            ]
            for kim in kims
        )
        name = f"indikator-keberhasilan-{period}"
        if export == "xlsx":
            return xlsx_response(f"{name}.xlsx", header, rows, sheet_title="Indikator")
        return csv_response(f"{name}.csv", header, rows)
    page = paginate(request, kims, 25)
    for kim in page.object_list:
        kim.scores = [getattr(kim, f"score_{name}") for name in INDICATOR_FIELDS]
        kim.mean = _mean(kim)
    area_name = _area_name(province, regency)
    return render(
        request,
        "capacity/indicators.html",
        {
            "period": period,
            "periods": periods,
            "q": q,
            "regency_filter": regency_filter,
            "regency_choices": Regency.objects.filter(province=province).order_by("code")
            if province and not regency
            else [],
            "page": page,
            "indicators": INDICATORS,
            "regencies": selectors.regency_averages(user, period),
            "overall": selectors.overall_average(user, period, area_name),
            "crumbs": [(_("Indikator keberhasilan"), None)],
        },
    )


def _area_name(province, regency):
    if regency:
        return Regency.objects.get(pk=regency).name
    if province:
        return _("Provinsi %(name)s") % {"name": Province.objects.get(pk=province).name.title()}
    return _("Semua wilayah")


def _mean(kim):
    scores = [getattr(kim, f"score_{name}") for name in INDICATOR_FIELDS]
    if any(score is None for score in scores):
        return None
    return round(sum(scores) / len(scores), 2)


@login_required
def kim_indicators(request, kim_pk):
    """One KIM: assessments over the periods (trend), capacity history, and for its
    regency's officers the form for a period."""
    kim = get_for_user(request.user, kims_for(request.user), pk=kim_pk)
    trend = selectors.kim_trend(kim)
    can_assess = request.user.has_perm("capacity.assess_kim", kim) and kim.is_registered
    this_year = timezone.localdate().year
    periods = list(range(this_year, this_year - 5, -1))
    form = None
    if can_assess:
        wanted = request.POST.get("period") or request.GET.get("periode") or this_year
        current = next((a for a in trend if str(a.period) == str(wanted)), None)
        initial = {"period": int(wanted) if str(wanted).isdigit() else this_year}
        if current:
            initial.update({name: getattr(current, name) for name in service.FIELDS})
        form = AssessmentForm(request.POST or None, periods=periods, initial=initial)
        if request.method == "POST" and form.is_valid():
            data = dict(form.cleaned_data)
            try:
                service.assessment_save(
                    kim=kim, actor=request.user, period=data.pop("period"), scores=data
                )
            except ActionRefused as refused:
                add_form_error(form, refused)
            else:
                messages.success(request, _("Penilaian indikator disimpan."))
                return redirect("capacity:kim-indicators", kim_pk=kim.pk)
    elif request.method == "POST":
        raise PermissionDenied(refusal("capacity.assess_kim"))
    return render(
        request,
        "capacity/kim_indicators.html",
        {
            "kim": kim,
            "trend": trend,
            "chart": _chart(trend),
            "indicators": INDICATORS,
            "form": form,
            "history": kim_history(kim, limit=50),
            "crumbs": [
                (_("KIM"), reverse("registry:kim-list")),
                (kim.name, reverse("registry:kim-detail", args=[kim.pk])),
                (_("Kapasitas dan indikator"), None),
            ],
        },
    )


def _chart(trend):
    """Bars per period (the average, as a percentage of 5) for a small CSS chart."""
    return [(a.period, round(a.average, 2), round(a.average / 5 * 100)) for a in trend]
