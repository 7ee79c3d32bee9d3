"""Capacity building: events, registrations, attendance, certificates, evaluations, and
the success indicators of each KIM.

An event is organised by a Dinas identified by its area: the provincial Dinas (province
"36", no regency) or a regency/city Dinas ("36.04"). Its `jurisdiction()` is that area,
so the officers of that area organise it. Participants reference the register (a KIM and
a member of its roster) and copy only the name and position they are known by at the
event: no NIK or phone number is ever copied here.
"""

import datetime
import secrets

from django.conf import settings
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.db.models import Exists, OuterRef, Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from kimportal.core.access.predicates import (
    is_kim_manager,
    is_province_staff,
    is_regency_officer,
    is_system_admin,
    jurisdiction_q,
)
from kimportal.core.areas.models import Province, Regency
from kimportal.core.verification.tokens import TOKEN_ALPHABET, TOKEN_LENGTH, token_display
from registry.selectors.kims import kims_for


class EventKind(models.TextChoices):
    BIMTEK = "bimtek", _("Bimbingan teknis (bimtek)")
    WORKSHOP = "workshop", _("Workshop/lokakarya")
    SARASEHAN = "sarasehan", _("Sarasehan")
    FORUM = "forum", _("Forum diskusi")
    RAKOR = "rakor", _("Rapat koordinasi (rakor)")
    KIMID = "kimid", _("Pelatihan platform KIM.id")
    SOCIAL_MEDIA = "socmed", _("Pelatihan media sosial")
    OTHER = "other", _("Lainnya")


class EventStatus(models.TextChoices):
    DRAFT = "draft", _("Draf")
    OPEN = "open", _("Pendaftaran dibuka")
    CLOSED = "closed", _("Pendaftaran ditutup")
    HELD = "held", _("Terlaksana")
    REPORTED = "reported", _("Dilaporkan")
    CANCELLED = "cancelled", _("Dibatalkan")


STATUS_TONES = {
    EventStatus.DRAFT: "secondary",
    EventStatus.OPEN: "success",
    EventStatus.CLOSED: "warning",
    EventStatus.HELD: "primary",
    EventStatus.REPORTED: "info",
    EventStatus.CANCELLED: "danger",
}
# Seen by the audience (a draft is the organisers' own).
PUBLISHED = (
    EventStatus.OPEN,
    EventStatus.CLOSED,
    EventStatus.HELD,
    EventStatus.REPORTED,
    EventStatus.CANCELLED,
)


class Audience(models.TextChoices):
    KIM = "kim", _("Pengurus dan anggota KIM")
    OFFICERS = "officers", _("Petugas Diskominfo")
    BOTH = "both", _("KIM dan petugas")


class Event(models.Model):
    kind = models.CharField(_("jenis kegiatan"), max_length=20, choices=EventKind.choices)
    title = models.CharField(_("judul"), max_length=200)
    theme = models.TextField(_("tema"), blank=True)
    # The organising Dinas: the province's (regency empty) or a regency's/city's.
    province = models.ForeignKey(
        Province, verbose_name=_("provinsi"), on_delete=models.PROTECT, related_name="+"
    )
    regency = models.ForeignKey(
        Regency,
        verbose_name=_("kabupaten/kota penyelenggara"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    starts_at = models.DateTimeField(_("mulai"))
    ends_at = models.DateTimeField(_("selesai"))
    venue = models.CharField(_("tempat"), max_length=250, blank=True)
    online_link = models.URLField(_("tautan daring"), blank=True)
    hours_jp = models.PositiveSmallIntegerField(
        _("jam pelajaran (JP)"), validators=[MinValueValidator(1), MaxValueValidator(200)]
    )
    quota = models.PositiveIntegerField(
        _("kuota peserta"), validators=[MinValueValidator(1), MaxValueValidator(10000)]
    )
    audience = models.CharField(
        _("sasaran"), max_length=20, choices=Audience.choices, default=Audience.KIM
    )
    audience_regencies = models.ManyToManyField(
        Regency,
        verbose_name=_("kabupaten/kota sasaran"),
        blank=True,
        related_name="+",
        help_text=_("Kosongkan untuk seluruh wilayah penyelenggara."),
    )
    audience_kims = models.ManyToManyField(
        "registry.Kim",
        verbose_name=_("KIM sasaran"),
        blank=True,
        related_name="+",
        help_text=_("Kosongkan untuk semua KIM terdaftar di wilayah sasaran."),
    )
    registration_opens = models.DateTimeField(_("pendaftaran dibuka"))
    registration_closes = models.DateTimeField(_("pendaftaran ditutup"))
    status = models.CharField(
        _("status"), max_length=20, choices=EventStatus.choices, default=EventStatus.DRAFT
    )
    report_summary = models.TextField(_("ringkasan laporan"), blank=True)
    reported_at = models.DateTimeField(_("dilaporkan pada"), null=True, blank=True)
    # Reminders (manage.py event_reminders): set once sent, so a second run sends nothing.
    reminder_sent_at = models.DateTimeField(null=True, blank=True, editable=False)
    closing_notice_sent_at = models.DateTimeField(null=True, blank=True, editable=False)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        verbose_name = _("kegiatan")
        verbose_name_plural = _("kegiatan")
        ordering = ["-starts_at", "-pk"]
        constraints = [
            models.CheckConstraint(
                condition=Q(ends_at__gt=models.F("starts_at")), name="event_ends_after_start"
            ),
            models.CheckConstraint(
                condition=Q(registration_closes__gt=models.F("registration_opens")),
                name="event_registration_window_order",
            ),
        ]
        indexes = [
            models.Index(fields=["province", "regency", "starts_at"]),
            models.Index(fields=["status", "starts_at"]),
        ]

    def __str__(self):
        return self.title

    # --- where it belongs ---
    def jurisdiction(self):
        return (self.province_id or "", self.regency_id or "")

    @property
    def organiser_code(self):
        """ "36" for the provincial Dinas, "36.04" for a regency's."""
        return self.regency_id or self.province_id

    @property
    def organiser_name(self):
        return _("Diskominfo %(area)s") % {"area": self.area_name}

    @property
    def area_name(self):
        """ "Kabupaten Serang", or "Provinsi Banten" for the provincial Dinas."""
        if self.regency_id:
            return self.regency.name
        return _("Provinsi %(area)s") % {"area": self.province.name.title()}

    @property
    def is_provincial(self):
        return not self.regency_id

    # --- time ---
    @property
    def days(self):
        """The calendar days (WIB) the event runs on: attendance is taken per day."""
        first = timezone.localdate(self.starts_at)
        last = timezone.localdate(self.ends_at)
        return [first + datetime.timedelta(days=n) for n in range((last - first).days + 1)]

    @property
    def is_multi_day(self):
        return timezone.localdate(self.starts_at) != timezone.localdate(self.ends_at)

    def registration_is_open(self, now=None):
        now = now or timezone.now()
        return (
            self.status == EventStatus.OPEN
            and self.registration_opens <= now < self.registration_closes
        )

    # --- state ---
    @property
    def status_tone(self):
        return STATUS_TONES.get(self.status, "secondary")

    @property
    def is_draft(self):
        return self.status == EventStatus.DRAFT

    @property
    def is_cancelled(self):
        return self.status == EventStatus.CANCELLED

    @property
    def takes_attendance(self):
        """Organisers check people in from registration until the report is written."""
        return self.status in (EventStatus.OPEN, EventStatus.CLOSED, EventStatus.HELD)

    @property
    def was_held(self):
        return self.status in (EventStatus.HELD, EventStatus.REPORTED)

    @property
    def admits_kim_members(self):
        return self.audience in (Audience.KIM, Audience.BOTH)

    @property
    def admits_officers(self):
        return self.audience in (Audience.OFFICERS, Audience.BOTH)

    # --- list rule (see kimportal.core.access) ---
    @classmethod
    def access_q(cls, user):
        """Organisers see their own area's events (drafts too); regency officers also the
        published events of their province's Dinas; KIM managers the published events
        whose audience includes one of their KIM, and any event their KIM joined."""
        published = Q(status__in=PUBLISHED)
        if is_system_admin(user) or is_province_staff(user):
            return jurisdiction_q(user, province="province")
        if is_regency_officer(user):
            return Q(regency=user.regency_id) | (
                Q(regency__isnull=True, province=user.province_id) & published
            )
        if is_kim_manager(user):
            return (published & audience_q(kims_for(user))) | Q(
                Exists(
                    Registration.objects.filter(
                        event=OuterRef("pk"), kim__in=kims_for(user).values("pk")
                    )
                )
            )
        return Q(pk__in=[])

    @classmethod
    def organised_q(cls, user):
        """The events `user`'s own office organises (their dashboard's work list)."""
        if is_regency_officer(user):
            return Q(regency=user.regency_id)
        if is_province_staff(user):
            return Q(province=user.province_id, regency__isnull=True)
        if is_system_admin(user):
            return Q()
        return Q(pk__in=[])


def audience_q(kims):
    """Events whose audience includes one of `kims` (a queryset of the register's KIM)."""
    regencies = kims.values("regency_id")
    through_regencies = Event.audience_regencies.through.objects
    through_kims = Event.audience_kims.through.objects
    in_area = Q(regency__in=regencies) | Q(
        regency__isnull=True, province__in=kims.values("regency__province_id")
    )
    regencies_ok = ~Q(Exists(through_regencies.filter(event=OuterRef("pk")))) | Q(
        Exists(through_regencies.filter(event=OuterRef("pk"), regency__in=regencies))
    )
    kims_ok = ~Q(Exists(through_kims.filter(event=OuterRef("pk")))) | Q(
        Exists(through_kims.filter(event=OuterRef("pk"), kim__in=kims.values("pk")))
    )
    return Q(audience__in=(Audience.KIM, Audience.BOTH)) & in_area & regencies_ok & kims_ok


class PersonRole(models.TextChoices):
    SPEAKER = "speaker", _("Narasumber")
    MODERATOR = "moderator", _("Moderator")


class EventPerson(models.Model):
    """A speaker (narasumber) or the moderator, with the position printed beside them."""

    event = models.ForeignKey(Event, on_delete=models.CASCADE, related_name="people")
    role = models.CharField(_("peran"), max_length=20, choices=PersonRole.choices)
    name = models.CharField(_("nama"), max_length=150)
    position = models.CharField(_("jabatan/instansi"), max_length=200, blank=True)
    order = models.PositiveSmallIntegerField(default=0)

    class Meta:
        ordering = ["order", "pk"]
        verbose_name = _("narasumber/moderator")
        verbose_name_plural = _("narasumber/moderator")

    def __str__(self):
        return f"{self.name} ({self.get_role_display()})"


# --- registrations --------------------------------------------------------------------------

CODE_LENGTH = 8  # ABCD-EFGH: 31**8 ≈ 8.5e11, typed at the door when a camera fails


def new_registration_code():
    return "".join(secrets.choice(TOKEN_ALPHABET) for _ in range(CODE_LENGTH))


def normalize_code(text):
    """What an organiser typed or a camera read (`abcd-efgh`) -> a stored code, or ''."""
    code = "".join(ch for ch in (text or "").upper() if ch.isalnum())
    if len(code) != CODE_LENGTH or any(ch not in TOKEN_ALPHABET for ch in code):
        return ""
    return code


class ParticipantKind(models.TextChoices):
    MEMBER = "member", _("Pengurus KIM")
    GUEST = "guest", _("Tamu dari KIM")
    OFFICER = "officer", _("Petugas Diskominfo")
    WALK_IN = "walk_in", _("Hadir tanpa mendaftar")


class RegistrationStatus(models.TextChoices):
    CONFIRMED = "confirmed", _("Terdaftar")
    WAITLISTED = "waitlisted", _("Daftar tunggu")
    CANCELLED = "cancelled", _("Dibatalkan")


class Registration(models.Model):
    event = models.ForeignKey(Event, on_delete=models.CASCADE, related_name="registrations")
    kind = models.CharField(_("jenis peserta"), max_length=20, choices=ParticipantKind.choices)
    kim = models.ForeignKey(
        "registry.Kim",
        verbose_name=_("KIM"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    # The roster member registered (their NIK and phone stay in the register).
    member = models.ForeignKey(
        "registry.Member", null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    officer = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    name = models.CharField(_("nama peserta"), max_length=150)
    position = models.CharField(_("jabatan"), max_length=150, blank=True)
    organisation = models.CharField(_("asal KIM/instansi"), max_length=200, blank=True)
    code = models.CharField(
        _("kode pendaftaran"),
        max_length=CODE_LENGTH,
        unique=True,
        default=new_registration_code,
        editable=False,
    )
    status = models.CharField(
        _("status"),
        max_length=20,
        choices=RegistrationStatus.choices,
        default=RegistrationStatus.CONFIRMED,
    )
    registered_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+"
    )
    created_at = models.DateTimeField(_("didaftarkan pada"), default=timezone.now)
    status_changed_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        verbose_name = _("peserta")
        verbose_name_plural = _("peserta")
        ordering = ["created_at", "pk"]
        constraints = [
            models.UniqueConstraint(
                fields=["event", "member"],
                condition=Q(member__isnull=False) & ~Q(status="cancelled"),
                name="member_registered_once_per_event",
            ),
            models.UniqueConstraint(
                fields=["event", "officer"],
                condition=Q(officer__isnull=False) & ~Q(status="cancelled"),
                name="officer_registered_once_per_event",
            ),
        ]
        indexes = [
            models.Index(fields=["event", "status", "created_at"]),
            models.Index(fields=["kim", "status"]),
        ]

    def __str__(self):
        return f"{self.name} · {self.event_id}"

    def jurisdiction(self):
        return self.event.jurisdiction()

    def is_managed_by(self, user):
        """The KIM's managers act for its participants; an officer for themself."""
        if self.kim_id:
            return self.kim.is_managed_by(user)
        return bool(self.officer_id and user.is_authenticated and self.officer_id == user.pk)

    @property
    def code_display(self):
        return token_display(self.code)

    @property
    def issued_certificate(self):
        """Its certificate, or None (templates ask; load with select_related)."""
        try:
            return self.certificate
        except Certificate.DoesNotExist:
            return None

    @property
    def given_evaluation(self):
        try:
            return self.evaluation
        except Evaluation.DoesNotExist:
            return None

    @property
    def is_confirmed(self):
        return self.status == RegistrationStatus.CONFIRMED

    @property
    def is_waitlisted(self):
        return self.status == RegistrationStatus.WAITLISTED

    @property
    def is_cancelled(self):
        return self.status == RegistrationStatus.CANCELLED

    @property
    def status_tone(self):
        return {
            RegistrationStatus.CONFIRMED: "success",
            RegistrationStatus.WAITLISTED: "warning",
        }.get(self.status, "secondary")

    @classmethod
    def access_q(cls, user):
        """Organisers see their events' participants; a regency officer also the people of
        their regency at the province's events; a KIM manager their KIM's people."""
        return jurisdiction_q(
            user,
            regency="event__regency",
            province="event__province",
            regency_scope=Q(event__regency=user.regency_id)
            | Q(kim__regency=user.regency_id)
            | Q(officer=user.pk),
            others=Q(kim__in=kims_for(user).values("pk")) | Q(officer=user.pk),
        )


# --- attendance -----------------------------------------------------------------------------


class CheckInMethod(models.TextChoices):
    SCAN = "scan", _("Pindai kode QR")
    TYPED = "typed", _("Ketik kode")
    LIST = "list", _("Centang daftar")
    WALK_IN = "walk_in", _("Peserta langsung")


class Attendance(models.Model):
    """One participant present on one day of the event."""

    event = models.ForeignKey(Event, on_delete=models.CASCADE, related_name="attendances")
    registration = models.ForeignKey(
        Registration, on_delete=models.CASCADE, related_name="attendances"
    )
    day = models.DateField(_("hari"))
    # When the organiser's phone recorded it (queued offline, it may reach us later).
    checked_in_at = models.DateTimeField(_("waktu hadir"))
    recorded_at = models.DateTimeField(_("tercatat di server"), auto_now_add=True)
    checked_in_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+"
    )
    method = models.CharField(_("cara"), max_length=20, choices=CheckInMethod.choices)
    device = models.CharField(_("perangkat"), max_length=40, blank=True)
    client_id = models.CharField(max_length=40, blank=True)

    class Meta:
        verbose_name = _("kehadiran")
        verbose_name_plural = _("kehadiran")
        ordering = ["day", "checked_in_at", "pk"]
        constraints = [
            models.UniqueConstraint(fields=["registration", "day"], name="attendance_once_per_day"),
        ]
        indexes = [models.Index(fields=["event", "day"])]

    def __str__(self):
        return f"{self.registration_id} @ {self.day}"

    def jurisdiction(self):
        return self.event.jurisdiction()


# --- certificates ---------------------------------------------------------------------------


class CertificateStatus(models.TextChoices):
    VALID = "valid", _("Berlaku")
    REVOKED = "revoked", _("Dicabut")


def new_certificate_token():
    return "".join(secrets.choice(TOKEN_ALPHABET) for _ in range(TOKEN_LENGTH))


class Certificate(models.Model):
    """A certificate of attendance: rendered once, stored byte for byte, checked by token."""

    registration = models.OneToOneField(
        Registration, on_delete=models.PROTECT, related_name="certificate"
    )
    event = models.ForeignKey(Event, on_delete=models.PROTECT, related_name="certificates")
    number = models.CharField(_("nomor sertifikat"), max_length=100, unique=True)
    token = models.CharField(
        _("kode verifikasi"),
        max_length=TOKEN_LENGTH,
        unique=True,
        default=new_certificate_token,
        editable=False,
    )
    # What it says, as printed (the public page shows these, not today's values).
    participant_name = models.CharField(_("nama peserta"), max_length=150)
    event_title = models.CharField(_("kegiatan"), max_length=200)
    event_kind = models.CharField(_("jenis kegiatan"), max_length=20, choices=EventKind.choices)
    held_from = models.DateField(_("tanggal mulai"))
    held_to = models.DateField(_("tanggal selesai"))
    hours_jp = models.PositiveSmallIntegerField(_("jam pelajaran (JP)"))
    organiser_name = models.CharField(_("penyelenggara"), max_length=200)
    issued_at = models.DateTimeField(_("diterbitkan pada"), default=timezone.now)
    issued_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    status = models.CharField(
        _("status"),
        max_length=20,
        choices=CertificateStatus.choices,
        default=CertificateStatus.VALID,
    )
    pdf = models.BinaryField(editable=False)
    size = models.PositiveIntegerField(editable=False)
    sha256 = models.CharField(max_length=64, db_index=True, editable=False)
    verification_count = models.PositiveIntegerField(_("jumlah pemeriksaan"), default=0)
    # An attendance recorded by mistake is undone by revoking: the number is never reused.
    revoked_at = models.DateTimeField(_("dicabut pada"), null=True, blank=True)
    revoked_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    revoke_reason = models.TextField(_("alasan pencabutan"), blank=True)

    class Meta:
        verbose_name = _("sertifikat")
        verbose_name_plural = _("sertifikat")
        ordering = ["event", "participant_name", "pk"]

    def __str__(self):
        return f"{self.number} · {self.participant_name}"

    def jurisdiction(self):
        return self.event.jurisdiction()

    def is_managed_by(self, user):
        return self.registration.is_managed_by(user)

    @property
    def token_display(self):
        return token_display(self.token)

    @property
    def is_valid(self):
        return self.status == CertificateStatus.VALID

    @property
    def filename(self):
        safe = "".join(ch if ch.isalnum() else "-" for ch in self.participant_name)[:40]
        return f"Sertifikat-{safe}-{self.pk}.pdf"

    @classmethod
    def access_q(cls, user):
        return Q(registration__in=Registration.objects.filter(Registration.access_q(user)))


# --- evaluation and report ------------------------------------------------------------------


class Evaluation(models.Model):
    """A participant's rating of the event, given through their KIM's manager."""

    registration = models.OneToOneField(
        Registration, on_delete=models.CASCADE, related_name="evaluation"
    )
    event = models.ForeignKey(Event, on_delete=models.CASCADE, related_name="evaluations")
    rating = models.PositiveSmallIntegerField(
        _("penilaian"), validators=[MinValueValidator(1), MaxValueValidator(5)]
    )
    comment = models.TextField(_("komentar"), blank=True)
    submitted_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        verbose_name = _("evaluasi")
        verbose_name_plural = _("evaluasi")
        constraints = [
            models.CheckConstraint(
                condition=Q(rating__gte=1, rating__lte=5), name="evaluation_rating_1_to_5"
            ),
        ]

    def __str__(self):
        return f"{self.registration_id}: {self.rating}"

    def jurisdiction(self):
        return self.event.jurisdiction()


class ReportFileKind(models.TextChoices):
    PHOTO = "photo", _("Foto")
    DOCUMENT = "document", _("Dokumen")


def _report_path(instance, filename):
    return f"capacity/reports/{instance.event_id}/{secrets.token_hex(12)}"


class ReportFile(models.Model):
    """A photo or document of the event report (served only through an access check)."""

    event = models.ForeignKey(Event, on_delete=models.CASCADE, related_name="report_files")
    kind = models.CharField(_("jenis"), max_length=20, choices=ReportFileKind.choices)
    file = models.FileField(upload_to=_report_path, max_length=200)
    caption = models.CharField(_("keterangan"), max_length=200, blank=True)
    original_name = models.CharField(max_length=200)
    content_type = models.CharField(max_length=100)
    size = models.PositiveIntegerField()
    sha256 = models.CharField(max_length=64)
    uploaded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+"
    )
    uploaded_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["kind", "uploaded_at", "pk"]
        verbose_name = _("berkas laporan")
        verbose_name_plural = _("berkas laporan")

    def __str__(self):
        return self.caption or self.original_name

    def jurisdiction(self):
        return self.event.jurisdiction()

    @property
    def is_image(self):
        return self.content_type.startswith("image/")

    @classmethod
    def access_q(cls, user):
        return Q(event__in=Event.objects.filter(Event.access_q(user)))


# --- success indicators ---------------------------------------------------------------------

INDICATORS = (
    ("awareness", _("Kesadaran masyarakat atas isu penting")),
    ("accessibility", _("Aksesibilitas informasi")),
    ("participation", _("Partisipasi dalam pengambilan keputusan")),
    ("quality_of_life", _("Kualitas hidup")),
    ("information_use", _("Kemampuan mengakses dan memanfaatkan informasi")),
)
INDICATOR_FIELDS = tuple(name for name, _label in INDICATORS)
SCORE = [MinValueValidator(1), MaxValueValidator(5)]


class Assessment(models.Model):
    """A KIM's five success indicators for one period (a year), scored 1–5 with evidence."""

    kim = models.ForeignKey(
        "registry.Kim", verbose_name=_("KIM"), on_delete=models.PROTECT, related_name="+"
    )
    # Copied from the KIM: averages per regency are one indexed column.
    regency = models.ForeignKey(Regency, on_delete=models.PROTECT, related_name="+")
    period = models.PositiveSmallIntegerField(
        _("periode (tahun)"), validators=[MinValueValidator(2000), MaxValueValidator(2100)]
    )
    awareness = models.PositiveSmallIntegerField(INDICATORS[0][1], validators=SCORE)
    awareness_note = models.TextField(_("bukti"), blank=True)
    accessibility = models.PositiveSmallIntegerField(INDICATORS[1][1], validators=SCORE)
    accessibility_note = models.TextField(_("bukti"), blank=True)
    participation = models.PositiveSmallIntegerField(INDICATORS[2][1], validators=SCORE)
    participation_note = models.TextField(_("bukti"), blank=True)
    quality_of_life = models.PositiveSmallIntegerField(INDICATORS[3][1], validators=SCORE)
    quality_of_life_note = models.TextField(_("bukti"), blank=True)
    information_use = models.PositiveSmallIntegerField(INDICATORS[4][1], validators=SCORE)
    information_use_note = models.TextField(_("bukti"), blank=True)
    assessed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+"
    )
    assessed_at = models.DateTimeField(_("dinilai pada"), default=timezone.now)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        verbose_name = _("penilaian indikator keberhasilan")
        verbose_name_plural = _("penilaian indikator keberhasilan")
        ordering = ["-period", "pk"]
        constraints = [
            models.UniqueConstraint(fields=["kim", "period"], name="one_assessment_per_period"),
            *(
                models.CheckConstraint(
                    condition=Q(**{f"{name}__gte": 1, f"{name}__lte": 5}),
                    name=f"assessment_{name}_1_to_5",
                )
                for name in INDICATOR_FIELDS
            ),
        ]
        indexes = [models.Index(fields=["regency", "period"])]

    def __str__(self):
        return f"{self.kim_id} · {self.period}"

    def jurisdiction(self):
        return (self.regency_id[:2], self.regency_id)

    def is_managed_by(self, user):
        return self.kim.is_managed_by(user)

    @property
    def scores(self):
        return [
            (name, label, getattr(self, name), getattr(self, f"{name}_note"))
            for name, label in INDICATORS
        ]

    @property
    def average(self):
        return sum(getattr(self, name) for name in INDICATOR_FIELDS) / len(INDICATOR_FIELDS)

    @classmethod
    def access_q(cls, user):
        return jurisdiction_q(user, others=Q(kim__in=kims_for(user).values("pk")))
