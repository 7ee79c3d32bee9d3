"""Partnership objects for tests: built directly (fast, no audit) unless a test is about the
services themselves."""

import datetime
import hashlib

from django.core.files.base import ContentFile
from django.utils import timezone

from partnerships.models import (
    ActivityReport,
    Agreement,
    AgreementDocument,
    FollowUp,
    Forum,
    ForumMember,
    MappingScore,
    ReportPhoto,
    Visit,
)
from tests.upload_samples import PNG_BYTES

DAY = datetime.timedelta(days=1)
SCAN = b"%PDF-1.4\n% signed agreement\n%%EOF\n"


def today():
    return timezone.localdate()


def make_agreement(
    kims=(),
    *,
    dinas="36.04",
    status="draft",
    title="Diseminasi informasi desa",
    number="",
    start=None,
    end=None,
    forums=(),
    signed=False,
    **fields,
):
    start = start or today() - 30 * DAY
    end = end or today() + 300 * DAY
    agreement = Agreement(
        title=title,
        number=number,
        scopes=["dissemination", "aspiration"],
        dinas_obligations="Menyediakan bahan informasi.",
        partner_obligations="Menyebarluaskan informasi.",
        start_date=start,
        end_date=end,
        status=status,
        activated_at=timezone.now() if status != "draft" else None,
        **fields,
    )
    agreement.set_dinas(dinas)
    agreement.save()
    agreement.kims.set(kims)
    agreement.forums.set(forums)
    if signed:
        sign(agreement)
    return agreement


def sign(agreement, data=SCAN):
    return AgreementDocument.objects.create(
        agreement=agreement,
        file=ContentFile(data, name="scan.pdf"),
        content_type="application/pdf",
        size=len(data),
        sha256=hashlib.sha256(data).hexdigest(),
        original_name="scan.pdf",
    )


def make_report(agreement, kim, *, status="submitted", title="Sosialisasi", held_on=None, **fields):
    return ActivityReport.objects.create(
        agreement=agreement,
        kim=kim,
        held_on=held_on or today() - 2 * DAY,
        title=title,
        description="Uraian kegiatan.",
        principles=fields.pop("principles", ["diseminasi"]),
        channel=fields.pop("channel", "face_to_face"),
        status=status,
        **fields,
    )


def add_photo(report, data=PNG_BYTES):
    return ReportPhoto.objects.create(
        report=report,
        file=ContentFile(data, name="foto.png"),
        content_type="image/png",
        size=len(data),
        sha256=hashlib.sha256(data).hexdigest(),
        original_name="foto.png",
    )


def make_forum(*, dinas="36.04", name="Forum KIM Uji", kims=(), members=True):
    forum = Forum(name=name, contact_name="Narahubung", contact_phone="081234567890")
    forum.set_dinas(dinas)
    forum.save()
    forum.kims.set(kims)
    if members:
        for order, (nik, full_name, position, gender) in enumerate(
            [
                ("3604051203850001", "Hendra Saputra", "ketua", "L"),
                ("3604055107900002", "Wulan Permata", "sekretaris", "P"),
                ("3604052208880003", "Rudi Hidayat", "bendahara", "L"),
            ],
            start=1,
        ):
            ForumMember.objects.create(
                forum=forum,
                nik=nik,
                full_name=full_name,
                position=position,
                gender=gender,
                phone=f"08123456700{order}",
                order=order,
            )
    return forum


def make_score(kim, *, interest=3, influence=3, power=3, is_current=True, scored_on=None):
    return MappingScore.objects.create(
        kim_id=kim.pk,
        regency_id=kim.regency_id,
        interest=interest,
        influence=influence,
        power=power,
        scored_on=scored_on or today(),
        is_current=is_current,
    )


def make_visit(kim, *, kind="supervision", follow_ups=(), by=None):
    visit = Visit.objects.create(
        kim_id=kim.pk,
        regency_id=kim.regency_id,
        kind=kind,
        visited_on=today() - 3 * DAY,
        team="Tim Diskominfo",
        topics="Pelaporan kegiatan",
        created_by=by,
    )
    for action, due in follow_ups:
        FollowUp.objects.create(visit=visit, action=action, due_on=today() + due * DAY)
    return visit
