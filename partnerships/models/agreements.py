"""Communication-partnership agreements between a Dinas and registered KIM (or forums).

Permenkominfo 4/2024 pasal 23: the Dinas carries out communication partnership with KIM.
An agreement is drafted, printed for signing (PDF with a verification QR), its signed scan
uploaded, then activated; it expires after its end date or is terminated with a reason.
A renewal is a new agreement linked to the one it renews.
"""

import uuid

from django.conf import settings
from django.db import models
from django.db.models import Case, Exists, IntegerField, OuterRef, Q, Value, When
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from kimportal.core.access.predicates import jurisdiction_q
from kimportal.core.verification.tokens import TOKEN_LENGTH, new_token, token_display

from .dinas import OfDinas


class AgreementStatus(models.TextChoices):
    DRAFT = "draft", _("Draf")
    ACTIVE = "active", _("Berlaku")
    EXPIRED = "expired", _("Berakhir")
    TERMINATED = "terminated", _("Diakhiri")


# The list's default order: running agreements first, then drafts, then ended ones.
AGREEMENT_STATUS_RANK = Case(
    When(status=AgreementStatus.ACTIVE, then=Value(0)),
    When(status=AgreementStatus.DRAFT, then=Value(1)),
    default=Value(2),
    output_field=IntegerField(),
)

STATUS_TONES = {
    AgreementStatus.DRAFT: "secondary",
    AgreementStatus.ACTIVE: "success",
    AgreementStatus.EXPIRED: "dark",
    AgreementStatus.TERMINATED: "danger",
}


class Scope(models.TextChoices):
    DISSEMINATION = "dissemination", _("Diseminasi informasi pemerintah")
    ASPIRATION = "aspiration", _("Saluran aspirasi publik")
    CONTENT = "content", _("Produksi konten")
    EVENTS = "events", _("Dukungan kegiatan")
    OTHER = "other", _("Lainnya")


class Agreement(OfDinas):
    number = models.CharField(
        _("nomor perjanjian"),
        max_length=100,
        blank=True,
        help_text=_("Nomor dari tata naskah Dinas; wajib sebelum perjanjian diberlakukan."),
    )
    title = models.CharField(_("judul"), max_length=200)
    scopes = models.JSONField(_("ruang lingkup"), default=list)
    scope_other = models.CharField(_("ruang lingkup lainnya"), max_length=200, blank=True)
    dinas_obligations = models.TextField(_("kewajiban Dinas (pihak pertama)"))
    partner_obligations = models.TextField(_("kewajiban KIM/forum (pihak kedua)"))
    start_date = models.DateField(_("tanggal mulai"))
    end_date = models.DateField(_("tanggal berakhir"))
    status = models.CharField(
        _("status"),
        max_length=20,
        choices=AgreementStatus.choices,
        default=AgreementStatus.DRAFT,
        db_index=True,
    )
    kims = models.ManyToManyField(
        "registry.Kim",
        verbose_name=_("KIM"),
        related_name="partnership_agreements",
        blank=True,
    )
    forums = models.ManyToManyField(
        "partnerships.Forum",
        verbose_name=_("forum KIM"),
        related_name="agreements",
        blank=True,
    )
    renews = models.ForeignKey(
        "self",
        verbose_name=_("memperpanjang"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="renewals",
    )
    token = models.CharField(
        _("kode verifikasi"),
        max_length=TOKEN_LENGTH,
        unique=True,
        default=new_token,
        editable=False,
    )
    # The text as last printed for signing: rendered once per version of the text,
    # stored with its hash (an uploaded copy is checked against it); cleared by edits.
    pdf = models.BinaryField(null=True, blank=True, editable=False)
    pdf_sha256 = models.CharField(max_length=64, blank=True, db_index=True, editable=False)
    pdf_rendered_at = models.DateTimeField(null=True, blank=True, editable=False)

    activated_at = models.DateTimeField(_("diberlakukan pada"), null=True, blank=True)
    activated_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    ended_at = models.DateTimeField(_("berakhir/diakhiri pada"), null=True, blank=True)
    terminated_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    termination_reason = models.TextField(_("alasan pengakhiran"), blank=True)
    verification_count = models.PositiveIntegerField(_("jumlah pemeriksaan"), default=0)

    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        verbose_name = _("perjanjian kemitraan")
        verbose_name_plural = _("perjanjian kemitraan")
        ordering = ["-start_date", "-pk"]
        constraints = [
            models.CheckConstraint(
                condition=Q(end_date__gte=models.F("start_date")),
                name="agreement_ends_after_start",
            ),
            # A Dinas never gives two agreements the same number.
            models.UniqueConstraint(
                fields=["dinas_code", "number"],
                condition=~Q(number=""),
                name="agreement_number_unique_per_dinas",
            ),
        ]
        indexes = [
            models.Index(fields=["status", "end_date"]),
            models.Index(fields=["regency", "status"]),
            models.Index(fields=["province", "status"]),
            # One per sort the list offers, so a page reads its rows instead of sorting all.
            models.Index(AGREEMENT_STATUS_RANK, "end_date", "id", name="agreement_list_ending"),
            models.Index(fields=["start_date", "id"], name="agreement_list_start"),
            models.Index(fields=["number", "id"], name="agreement_list_number"),
            models.Index(fields=["updated_at", "id"], name="agreement_list_updated"),
        ]

    def __str__(self):
        return f"{self.number or _('(tanpa nomor)')} · {self.title}"

    # --- access (kimportal.core.access) ---
    @classmethod
    def access_q(cls, user):
        parties = cls.kims.through.objects.filter(agreement=OuterRef("pk"), kim__managers=user)
        return jurisdiction_q(user, province="province", others=Q(Exists(parties)))

    def is_managed_by(self, user):
        """A manager of one of the KIM parties (one query, remembered)."""
        if not user.is_authenticated:
            return False
        if getattr(self, "_manager_ids", None) is None:
            self._manager_ids = set(
                self.kims.through.objects.filter(agreement=self).values_list(
                    "kim__managers", flat=True
                )
            )
        return user.pk in self._manager_ids

    def refresh_from_db(self, *args, **kwargs):
        self._manager_ids = None
        super().refresh_from_db(*args, **kwargs)

    # --- state questions ---
    @property
    def is_draft(self):
        return self.status == AgreementStatus.DRAFT

    @property
    def is_active(self):
        return self.status == AgreementStatus.ACTIVE

    @property
    def is_expired(self):
        return self.status == AgreementStatus.EXPIRED

    @property
    def is_terminated(self):
        return self.status == AgreementStatus.TERMINATED

    @property
    def has_ended(self):
        return self.status in (AgreementStatus.EXPIRED, AgreementStatus.TERMINATED)

    @property
    def status_tone(self):
        return STATUS_TONES.get(self.status, "secondary")

    @property
    def days_left(self):
        """Days until the end date (negative once past)."""
        return (self.end_date - timezone.localdate()).days

    @property
    def token_display(self):
        return token_display(self.token)

    @property
    def scope_labels(self):
        labels = dict(Scope.choices)
        out = [labels[s] for s in self.scopes if s in labels and s != Scope.OTHER]
        if Scope.OTHER in self.scopes:
            out.append(self.scope_other or labels[Scope.OTHER])
        return out

    @property
    def pdf_filename(self):
        safe = "".join(ch if ch.isalnum() or ch in "-_" else "-" for ch in self.number or "draf")
        return f"Perjanjian-Kemitraan-{safe}-{self.pk}.pdf"


def _signed_path(instance, filename):
    # The original name stays in the row; the path is random (names can carry personal data).
    return f"agreements/{instance.agreement_id}/{uuid.uuid4().hex}"


class AgreementDocument(models.Model):
    """The signed agreement, scanned (PDF/JPG/PNG). A new upload keeps the old as history."""

    agreement = models.ForeignKey(Agreement, on_delete=models.CASCADE, related_name="documents")
    file = models.FileField(upload_to=_signed_path, max_length=200)
    content_type = models.CharField(max_length=50)  # detected from the bytes
    size = models.PositiveIntegerField()
    sha256 = models.CharField(max_length=64, db_index=True)
    original_name = models.CharField(max_length=200)
    is_current = models.BooleanField(default=True)
    uploaded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+"
    )
    uploaded_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["-uploaded_at", "-pk"]
        verbose_name = _("naskah perjanjian bertanda tangan")
        verbose_name_plural = _("naskah perjanjian bertanda tangan")
        constraints = [
            models.UniqueConstraint(
                fields=["agreement"],
                condition=Q(is_current=True),
                name="one_current_signed_document_per_agreement",
            )
        ]

    def __str__(self):
        return f"{self.agreement} · {self.original_name}"

    def jurisdiction(self):
        return self.agreement.jurisdiction()


class Objectives(models.TextChoices):
    MET = "met", _("Tercapai")
    PARTLY = "partly", _("Sebagian tercapai")
    NOT_MET = "not_met", _("Tidak tercapai")


class Recommendation(models.TextChoices):
    RENEW = "renew", _("Diperpanjang")
    RENEW_CHANGED = "renew_changed", _("Diperpanjang dengan perubahan")
    END = "end", _("Tidak diperpanjang")


class AgreementEvaluation(models.Model):
    """The officer's evaluation at the end of the term."""

    agreement = models.OneToOneField(Agreement, on_delete=models.CASCADE, related_name="evaluation")
    objectives = models.CharField(_("capaian tujuan"), max_length=20, choices=Objectives.choices)
    activity_count = models.PositiveIntegerField(
        _("jumlah kegiatan"),
        help_text=_("Terisi dari laporan kegiatan yang diterima; ubah bila ada kegiatan lain."),
    )
    reports_accepted = models.PositiveIntegerField(_("laporan diterima"), default=0)
    people_reached = models.PositiveIntegerField(_("jangkauan (orang)"), default=0)
    assessment = models.TextField(_("penilaian petugas"))
    recommendation = models.CharField(
        _("rekomendasi"), max_length=20, choices=Recommendation.choices
    )
    evaluated_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+"
    )
    evaluated_at = models.DateTimeField(_("dievaluasi pada"), default=timezone.now)

    class Meta:
        verbose_name = _("evaluasi perjanjian")
        verbose_name_plural = _("evaluasi perjanjian")

    def __str__(self):
        return f"{self.agreement}: {self.get_objectives_display()}"

    def jurisdiction(self):
        return self.agreement.jurisdiction()
