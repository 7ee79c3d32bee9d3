"""The partnership rows of the access matrix (tests/test_access_matrix.py), and the objects
they are asked about: partnership objects of the matrix's world (a registered KIM of
Kabupaten Serang, 36.04, managed by `manager`).

Roles, in the matrix's order: manager of the KIM, another manager, officer of Kab. Serang,
officer of Kota Serang, provincial staff of Banten, staff of Jawa Barat, system admin.
"""

from dataclasses import dataclass

from django.utils import timezone

from partnerships.models import (
    ActivityReport,
    Agreement,
    FollowUp,
    ForumInvitation,
    ForumMember,
    MappingScore,
    Visit,
)
from tests.partnerships.helpers import (
    DAY,
    add_photo,
    make_agreement,
    make_forum,
    make_report,
    make_score,
    make_visit,
    sign,
    today,
)


@dataclass
class Partners:
    draft: Agreement
    active: Agreement
    expired: Agreement
    document: object
    report: ActivityReport
    photo: object
    forum: object
    member: object
    visit: Visit
    follow_up: FollowUp


def partnership_world(kim):
    """Agreements of the KIM's Dinas in three states, a report with a photo, a forum with
    a board member, a visit with an open follow-up, a mapping score. No audit entries."""
    draft = make_agreement([kim], title="Draf kemitraan matriks")
    active = make_agreement([kim], status="active", number="1/PKS/2025", signed=False)
    document = sign(active)
    # Printed already: the matrix checks who may download, not the renderer.
    Agreement.objects.filter(pk=active.pk).update(
        pdf=b"%PDF-1.4\n% agreement\n%%EOF\n", pdf_sha256="0" * 64, pdf_rendered_at=timezone.now()
    )
    expired = make_agreement(
        [kim],
        status="expired",
        number="2/PKS/2024",
        start=today() - 400 * DAY,
        end=today() - 35 * DAY,
    )
    report = make_report(active, kim)
    forum = make_forum(kims=[kim])
    make_score(kim)
    visit = make_visit(kim, follow_ups=[("Perbarui KIM.id", 7)])
    return Partners(
        draft=draft,
        active=active,
        expired=expired,
        document=document,
        report=report,
        photo=add_photo(report),
        forum=forum,
        member=forum.members.order_by("pk").first(),
        visit=visit,
        follow_up=visit.follow_ups.get(),
    )


def partnership_fingerprint(partners):
    """What a refused request must leave untouched."""
    return {
        "agreements": list(Agreement.objects.order_by("pk").values_list("pk", "status", "title")),
        "reports": list(ActivityReport.objects.order_by("pk").values_list("pk", "status")),
        "forum_members": ForumMember.objects.count(),
        "forum_invitations": ForumInvitation.objects.count(),
        "follow_ups": list(FollowUp.objects.order_by("pk").values_list("pk", "status")),
        "visits": Visit.objects.count(),
        "scores": MappingScore.objects.count(),
    }


def _p(attr, *more):
    def args(world):
        values = [getattr(world.partners, attr).pk]
        for name in more:
            values.append(getattr(world.partners, name).pk)
        return values

    return args


def _none(world):
    return []


def _kim(world):
    return [world.kim.pk]


GET, POST = "get", "post"


def R(name, args, expected, method=GET):  # one row of the table below
    return {"name": f"partnerships:{name}", "args": args, "expected": expected, "method": method}


# fmt: off
ROWS = [
    #  name, args                                    mgr  omgr kab  kota prov oprov admin
    R("agreement-list", _none,                      (200, 200, 200, 200, 200, 200, 200)),
    R("agreement-create", _none,                    (403, 403, 200, 200, 200, 200, 403)),
    R("agreement-detail", _p("active"),             (200, 404, 200, 404, 200, 404, 200)),
    R("agreement-edit", _p("draft"),                (403, 404, 200, 404, 403, 404, 200)),
    R("agreement-pdf", _p("active"),                (200, 404, 200, 404, 200, 404, 200)),
    R("agreement-upload", _p("draft"),              (403, 404, 200, 404, 403, 404, 200)),
    R("agreement-file", _p("active", "document"),   (200, 404, 200, 404, 200, 404, 200)),
    R("agreement-activate", _p("draft"),            (403, 403, 302, 404, 403, 404, 403), POST),
    R("agreement-terminate", _p("active"),          (403, 403, 302, 404, 403, 404, 403), POST),
    R("agreement-renew", _p("active"),              (403, 403, 302, 404, 403, 404, 403), POST),
    R("agreement-evaluate", _p("expired"),          (403, 404, 200, 404, 403, 404, 403)),
    R("report-list", _none,                         (200, 200, 200, 200, 200, 200, 200)),
    R("report-create", _p("active"),                (200, 404, 403, 403, 403, 403, 403)),
    R("report-detail", _p("report"),                (200, 404, 200, 404, 200, 404, 200)),
    R("report-edit", _p("report"),                  (200, 404, 403, 404, 403, 404, 403)),
    R("report-review", _p("report"),                (403, 403, 302, 404, 403, 404, 403), POST),
    R("report-photo", _p("report", "photo"),        (200, 404, 200, 404, 200, 404, 200)),
    R("kim", _kim,                                  (200, 404, 200, 404, 200, 404, 200)),
    R("mapping", _none,                             (403, 403, 200, 200, 200, 200, 200)),
    R("mapping-score", _kim,                        (403, 403, 200, 404, 403, 403, 403)),
    R("forum-list", _none,                          (403, 403, 200, 200, 200, 200, 200)),
    R("forum-create", _none,                        (403, 403, 200, 200, 200, 200, 403)),
    R("forum-detail", _p("forum"),                  (404, 404, 200, 404, 200, 404, 200)),
    R("forum-edit", _p("forum"),                    (404, 404, 200, 404, 403, 404, 200)),
    R("forum-invite", _p("forum"),                  (404, 404, 200, 404, 200, 404, 403)),
    R("forum-member-add", _p("forum"),              (404, 404, 200, 404, 403, 404, 200)),
    R("forum-member-edit", _p("forum", "member"),   (404, 404, 200, 404, 403, 404, 200)),
    R("forum-member-delete", _p("forum", "member"), (404, 404, 302, 404, 403, 404, 302), POST),
    R("visit-list", _none,                          (200, 200, 200, 200, 200, 200, 200)),
    R("visit-summary", _none,                       (403, 403, 403, 403, 200, 200, 200)),
    R("visit-create", _none,                        (403, 403, 200, 200, 200, 200, 403)),
    R("visit-detail", _p("visit"),                  (200, 404, 200, 404, 200, 404, 200)),
    R("follow-up-add", _p("visit"),                 (403, 403, 302, 404, 302, 404, 403), POST),
    R("follow-up-list", _none,                      (200, 200, 200, 200, 200, 200, 200)),
    R("follow-up-close", _p("follow_up"),           (403, 403, 302, 404, 302, 404, 403), POST),
]
# fmt: on
