"""A KIM's partnership page: its agreements, its activity reports over time, its mapping,
its visits and forums, on one page."""

from django.shortcuts import render
from django.urls import reverse
from django.utils.translation import gettext as _

from kimportal.core.access import login_required
from partnerships.selectors import agreements as agreement_selectors
from partnerships.selectors import forums as forum_selectors
from partnerships.selectors import mapping as mapping_selectors
from partnerships.selectors import reports as report_selectors
from partnerships.selectors import supervision as supervision_selectors
from partnerships.views.common import crumbs, kim_or_404


@login_required
def kim_partnership(request, pk):
    user = request.user
    kim = kim_or_404(user, pk)
    reports = list(report_selectors.of_kim(user, kim))
    officer = user.has_perm("partnerships.view_mapping")
    visits = list(supervision_selectors.visits_for(user).filter(kim_id=kim.pk)[:10])
    follow_ups = list(
        supervision_selectors.open_follow_ups(
            supervision_selectors.follow_ups_for(user).filter(visit__kim_id=kim.pk)
        )
    )
    for follow_up in follow_ups:
        follow_up.may_close = user.has_perm("partnerships.close_follow_up", follow_up)
    return render(
        request,
        "partnerships/kim.html",
        {
            "kim": kim,
            "agreements": list(agreement_selectors.for_kim(user, kim)),
            "reports": reports[:20],
            "report_count": len(reports),
            "months": report_selectors.by_month(reports),
            "principles": report_selectors.principle_totals(reports),
            "scores": mapping_selectors.history_of(kim) if officer else [],
            "may_score": user.has_perm("partnerships.score_kim", kim),
            "visits": visits,
            "follow_ups": follow_ups,
            "may_log": user.has_perm("partnerships.log_visit", kim),
            "forums": forum_selectors.forums_of_kim(kim)
            if user.has_perm("partnerships.view_forum", kim)
            else [],
            "crumbs": crumbs(
                (kim.name, reverse("registry:kim-detail", args=[kim.pk])), (_("Kemitraan"), None)
            ),
        },
    )
