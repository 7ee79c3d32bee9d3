"""Pemetaan: the grid (per regency and for the province) and the scoring page of a KIM."""

from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _

from kimportal.core.access import (
    ActionRefused,
    add_form_error,
    permission_required,
    refusal,
)
from kimportal.core.access.predicates import working_area
from kimportal.core.areas.models import Province, Regency
from partnerships import grid
from partnerships.forms.others import AreaForm, ScoreForm
from partnerships.models import MappingScore
from partnerships.selectors import mapping as selectors
from partnerships.services.mapping import kim_score
from partnerships.views.common import crumbs, kim_or_404
from registry.selectors.partners import partner_kims_for

UNSCORED_SHOWN = 30


def area_choices(user):
    """[(area code, label)] of the grids `user` may open; the first is the default."""
    province, regency = working_area(user)
    if regency:
        return [(regency, Regency.objects.get(pk=regency).name)]
    if province:
        name = Province.objects.get(pk=province).name
        regencies = Regency.objects.filter(province_id=province).order_by("code")
        return [(province, _("Seluruh Provinsi %(name)s") % {"name": name})] + [
            (r.code, r.name) for r in regencies
        ]
    # System admins: the provinces and regencies that have scores.
    codes = set(MappingScore.objects.filter(is_current=True).values_list("regency_id", flat=True))
    regencies = Regency.objects.filter(code__in=codes).select_related("province").order_by("code")
    choices, seen = [], set()
    for r in regencies:
        if r.province_id not in seen:
            seen.add(r.province_id)
            choices.append(
                (r.province_id, _("Seluruh Provinsi %(name)s") % {"name": r.province.name})
            )
        choices.append((r.code, r.name))
    return choices or [("36", _("Seluruh Provinsi Banten"))]


@permission_required("partnerships.view_mapping")
def mapping(request):
    user = request.user
    choices = area_choices(user)
    form = AreaForm(request.GET or None, choices=choices)
    area = (
        form.cleaned_data["wilayah"] if form.is_valid() and form.cleaned_data["wilayah"] else None
    )
    area = area or choices[0][0]
    label = dict(choices)[area]
    scores = selectors.current_scores(user, area)
    province_wide = len(area) == 2
    points = [
        grid.Point(
            number=index,
            name=score.kim.name,
            interest=score.interest,
            influence=score.influence,
            power=score.power,
            url=reverse("registry:kim-detail", args=[score.kim_id]),
            detail=score.regency.name if province_wide else "",
        )
        for index, score in enumerate(scores, start=1)
    ]
    may_score = len(area) > 2 and user.has_perm("partnerships.score_kim")
    unscored = []
    if may_score:
        scored = [score.kim_id for score in scores]
        unscored = list(
            partner_kims_for(user, area, registered_only=False).exclude(pk__in=scored)[
                : UNSCORED_SHOWN + 1
            ]
        )
    return render(
        request,
        "partnerships/mapping.html",
        {
            "form": form,
            "area": area,
            "area_label": label,
            "province_wide": province_wide,
            "rows": list(zip(points, scores, strict=True)),
            "svg": grid.grid_svg(
                points, title=_("Peta minat dan pengaruh KIM, %(area)s") % {"area": label}
            ),
            "legend": grid.legend(),
            "may_score": may_score,
            "unscored": unscored[:UNSCORED_SHOWN],
            "more_unscored": len(unscored) > UNSCORED_SHOWN,
            "crumbs": crumbs((_("Pemetaan"), None)),
        },
    )


@permission_required("partnerships.score_kim")
def mapping_score(request, pk):
    kim = kim_or_404(request.user, pk)
    if not request.user.has_perm("partnerships.score_kim", kim):
        raise PermissionDenied(refusal("partnerships.score_kim"))
    history = selectors.history_of(kim)
    current = history[0] if history else None
    initial = (
        {"interest": current.interest, "influence": current.influence, "power": current.power}
        if current
        else {}
    )
    form = ScoreForm(request.POST or None, initial=initial)
    if request.method == "POST" and form.is_valid():
        try:
            kim_score(kim=kim, actor=request.user, **form.cleaned_data)
        except (ValidationError, ActionRefused) as error:
            add_form_error(form, error)
        else:
            messages.success(request, _("Penilaian %(kim)s disimpan.") % {"kim": kim.name})
            return redirect(reverse("partnerships:mapping") + f"?wilayah={kim.regency_id}")
    return render(
        request,
        "partnerships/mapping_score.html",
        {
            "kim": kim,
            "form": form,
            "history": history,
            "crumbs": crumbs(
                (_("Pemetaan"), reverse("partnerships:mapping")),
                (kim.name, None),
            ),
        },
    )
