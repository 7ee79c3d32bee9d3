"""What the trail records about partnerships, in people's words. Stored values never change."""

from django.db import models
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from kimportal.core.audit.actions import catalogue

SHA256 = {"sha256": _("sidik berkas (SHA-256)")}


@catalogue(
    prefix="partnerships.agreement.",
    label=_("Perjanjian kemitraan"),
    fields={
        **SHA256,
        "parties": _("pihak"),
        "kims": _("KIM"),
        "forums": _("forum KIM"),
        "reason": _("alasan"),
        "document": _("naskah bertanda tangan"),
        "renewal": _("perjanjian perpanjangan"),
        "objectives": _("capaian tujuan"),
        "recommendation": _("rekomendasi"),
        "activity_count": _("jumlah kegiatan"),
    },
)
class AgreementAction(models.TextChoices):
    CREATED = "partnerships.agreement.created", _("Perjanjian kemitraan dibuat")
    UPDATED = "partnerships.agreement.updated", _("Perjanjian kemitraan diubah")
    SIGNED_UPLOADED = (
        "partnerships.agreement.signed_uploaded",
        _("Naskah perjanjian bertanda tangan diunggah"),
    )
    PRINTED = "partnerships.agreement.printed", _("Naskah perjanjian dicetak")
    ACTIVATED = "partnerships.agreement.activated", _("Perjanjian diberlakukan")
    EXPIRED = "partnerships.agreement.expired", _("Perjanjian berakhir: masa berlaku habis")
    TERMINATED = "partnerships.agreement.terminated", _("Perjanjian diakhiri")
    RENEWED = "partnerships.agreement.renewed", _("Perpanjangan perjanjian dibuat")
    EVALUATED = "partnerships.agreement.evaluated", _("Perjanjian dievaluasi")


@catalogue(
    prefix="partnerships.report.",
    label=pgettext_lazy("partnerships", "Laporan kegiatan"),
    fields={"photos": _("foto"), "note": _("catatan")},
)
class ReportAction(models.TextChoices):
    FILED = "partnerships.report.filed", _("Laporan kegiatan dikirim")
    UPDATED = "partnerships.report.updated", _("Laporan kegiatan diubah")
    ACCEPTED = "partnerships.report.accepted", _("Laporan kegiatan diterima")
    CLARIFICATION = (
        "partnerships.report.clarification",
        _("Laporan kegiatan perlu klarifikasi"),
    )


@catalogue(prefix="partnerships.mapping.", label=_("Pemetaan KIM"))
class MappingAction(models.TextChoices):
    SCORED = "partnerships.mapping.scored", _("KIM dinilai (pemetaan)")


@catalogue(
    prefix="partnerships.forum.",
    label=_("Forum KIM"),
    fields={
        "kim": _("KIM"),
        "member": _("pengurus"),
        "members": _("jumlah pengurus"),
        "meeting": _("rapat"),
        "emailed_to": _("dikirim ke"),
        "page": _("halaman"),
    },
)
class ForumAction(models.TextChoices):
    CREATED = "partnerships.forum.created", _("Forum KIM dibentuk")
    UPDATED = "partnerships.forum.updated", _("Data forum KIM diubah")
    KIM_ADDED = "partnerships.forum.kim_added", _("KIM anggota forum ditambahkan")
    KIM_REMOVED = "partnerships.forum.kim_removed", _("KIM anggota forum dikeluarkan")
    MEMBER_ADDED = "partnerships.forum.member_added", _("Pengurus forum ditambahkan")
    MEMBER_UPDATED = "partnerships.forum.member_updated", _("Data pengurus forum diubah")
    MEMBER_REMOVED = "partnerships.forum.member_removed", _("Pengurus forum dihapus")
    INVITED = "partnerships.forum.invited", _("Forum diundang ke rapat koordinasi")
    # UU 27/2022: who was shown the board's full NIK and phone numbers, and when.
    PERSONAL_DATA_VIEWED = (
        "partnerships.forum.personal_data_viewed",
        _("Data pribadi pengurus forum dilihat (NIK lengkap)"),
    )


@catalogue(
    prefix="partnerships.visit.",
    label=_("Supervisi dan pendampingan"),
    fields={"follow_up": _("tindak lanjut"), "due_on": _("tenggat")},
)
class VisitAction(models.TextChoices):
    LOGGED = "partnerships.visit.logged", _("Kunjungan dicatat")
    FOLLOW_UP_ADDED = "partnerships.visit.follow_up_added", _("Tindak lanjut ditambahkan")
    FOLLOW_UP_DONE = "partnerships.visit.follow_up_done", _("Tindak lanjut diselesaikan")
