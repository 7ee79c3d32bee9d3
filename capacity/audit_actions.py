"""What the trail records about capacity building, in people's words."""

from django.db import models
from django.utils.translation import gettext_lazy as _

from kimportal.core.audit.actions import catalogue


@catalogue(
    prefix="capacity.event.",
    label=_("Kegiatan peningkatan kapasitas"),
    fields={"people": _("narasumber dan moderator"), "reason": _("alasan")},
)
class EventAction(models.TextChoices):
    CREATED = "capacity.event.created", _("Kegiatan dibuat")
    UPDATED = "capacity.event.updated", _("Kegiatan diubah")
    OPENED = "capacity.event.opened", _("Pendaftaran kegiatan dibuka")
    CLOSED = "capacity.event.closed", _("Pendaftaran kegiatan ditutup")
    HELD = "capacity.event.held", _("Kegiatan ditandai terlaksana")
    CANCELLED = "capacity.event.cancelled", _("Kegiatan dibatalkan")
    REPORTED = "capacity.event.reported", _("Laporan kegiatan disimpan")
    FILE_ADDED = "capacity.event.file_added", _("Berkas laporan ditambahkan")
    FILE_REMOVED = "capacity.event.file_removed", _("Berkas laporan dihapus")


@catalogue(
    prefix="capacity.registration.",
    label=_("Peserta kegiatan"),
    fields={"promoted": _("naik dari daftar tunggu")},
)
class RegistrationAction(models.TextChoices):
    REGISTERED = "capacity.registration.registered", _("Peserta didaftarkan")
    WAITLISTED = "capacity.registration.waitlisted", _("Peserta masuk daftar tunggu")
    PROMOTED = "capacity.registration.promoted", _("Peserta naik dari daftar tunggu")
    CANCELLED = "capacity.registration.cancelled", _("Pendaftaran peserta dibatalkan")
    WALK_IN = "capacity.registration.walk_in", _("Peserta hadir tanpa mendaftar dicatat")
    CHECKED_IN = "capacity.registration.checked_in", _("Kehadiran peserta dicatat")
    EVALUATED = "capacity.registration.evaluated", _("Evaluasi kegiatan diisi")


@catalogue(
    prefix="capacity.certificate.",
    label=_("Sertifikat kegiatan"),
    fields={"reason": _("alasan")},
)
class CertificateAction(models.TextChoices):
    ISSUED = "capacity.certificate.issued", _("Sertifikat diterbitkan")
    REVOKED = "capacity.certificate.revoked", _("Sertifikat dicabut")


@catalogue(
    prefix="capacity.assessment.",
    label=_("Indikator keberhasilan KIM"),
    fields={"average": _("rata-rata")},
)
class AssessmentAction(models.TextChoices):
    CREATED = "capacity.assessment.created", _("Indikator keberhasilan dinilai")
    UPDATED = "capacity.assessment.updated", _("Penilaian indikator keberhasilan diubah")
