"""Settings of each Dinas Kominfo: letterhead and signatory (province and regency), and
for regencies the numbering of Nomor Induk and letters."""

from django.core.validators import RegexValidator
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from kimportal.core.access.predicates import jurisdiction_q
from kimportal.core.areas.models import Province, Regency

nip_validator = RegexValidator(r"^\d{18}$", _("NIP terdiri atas tepat 18 angka."))

DEFAULT_LETTER_NUMBER_PATTERN = "{seq}/KIM/{regency}/{year}"
# The current basis of the Dinas' partnership with KIM (PRODUCT.md); each regency words
# its own in the letter settings. Printed after "sesuai dengan" on the letter.
DEFAULT_LEGAL_BASIS = (
    "Pasal 23 Peraturan Menteri Komunikasi dan Informatika Nomor 4 Tahun 2024 tentang "
    "Penyelenggaraan Urusan Pemerintahan Konkuren Bidang Komunikasi dan Informatika"
)


class DinasOffice(models.Model):
    """A Dinas Kominfo's letterhead (kop surat) and signatory, for every document it issues:
    KIM letters, agreements, certificates."""

    # --- letterhead (kop surat) ---
    dinas_name = models.CharField(
        _("nama dinas"),
        max_length=200,
        blank=True,
        help_text=_("Misalnya: Dinas Komunikasi, Informatika, Statistik dan Persandian."),
    )
    dinas_address = models.TextField(
        _("alamat dinas"),
        max_length=400,
        blank=True,
        help_text=_("Alamat, telepon, laman dan pos-el; satu atau dua baris."),
    )
    # The logo is small and checked on upload; it is kept in the row and embedded in
    # each letter, so rendering never reads files or the network.
    logo = models.BinaryField(_("logo"), null=True, blank=True, editable=False)
    logo_content_type = models.CharField(max_length=20, blank=True, editable=False)

    # --- signatory ---
    signatory_name = models.CharField(_("nama penanda tangan"), max_length=150, blank=True)
    signatory_nip = models.CharField(
        _("NIP penanda tangan"), max_length=18, blank=True, validators=[nip_validator]
    )
    signatory_position = models.CharField(
        _("jabatan penanda tangan"),
        max_length=200,
        blank=True,
        help_text=_("Misalnya: Kepala Dinas Komunikasi dan Informatika Kabupaten Serang."),
    )
    signing_city = models.CharField(
        _("kota penandatanganan"), max_length=100, blank=True, help_text=_("Misalnya: Serang.")
    )

    class Meta:
        abstract = True

    # The settings a document cannot be issued without.
    REQUIRED_SETTINGS = (
        "dinas_name",
        "dinas_address",
        "signatory_name",
        "signatory_nip",
        "signatory_position",
        "signing_city",
    )

    @property
    def letter_settings_missing(self):
        """Labels of the settings a letter cannot be issued without."""
        return [
            self._meta.get_field(name).verbose_name
            for name in self.REQUIRED_SETTINGS
            if not getattr(self, name)
        ]


class RegencyOffice(DinasOffice):
    """A regency/city Dinas: its letterhead, and how it numbers KIM and their letters."""

    regency = models.OneToOneField(
        Regency, primary_key=True, on_delete=models.CASCADE, related_name="office"
    )
    nomor_induk_pattern = models.CharField(
        _("pola Nomor Induk"),
        max_length=100,
        default="KIM-{regency}-{year}-{seq:04d}",
        help_text=_("Tersedia: {regency} (kode tanpa titik), {year}, {seq}."),
    )
    nomor_induk_start = models.PositiveIntegerField(
        _("nomor urut awal"),
        default=1,
        help_text=_("Untuk kabupaten/kota yang melanjutkan penomoran dari arsip kertas."),
    )

    # --- what the KIM letter says ---
    legal_basis = models.TextField(
        _("dasar hukum"),
        max_length=500,
        default=DEFAULT_LEGAL_BASIS,
        help_text=_(
            "Dicetak pada surat: “… telah terdaftar sebagai KIM pada dinas ini sesuai dengan "
            "<dasar hukum>.” Tulis tanpa titik di akhir."
        ),
    )

    # --- numbering and validity ---
    letter_number_pattern = models.CharField(
        _("pola nomor surat"),
        max_length=100,
        default=DEFAULT_LETTER_NUMBER_PATTERN,
        help_text=_(
            "Wajib memuat {seq} dan {year}. Tersedia juga {regency} (kode tanpa titik), "
            "{month} dan {month_roman}; {seq:03d} menulis 001."
        ),
    )
    letter_validity_months = models.PositiveSmallIntegerField(
        _("masa berlaku surat (bulan)"),
        null=True,
        blank=True,
        help_text=_(
            "Kosongkan agar surat berlaku sampai akhir masa bakti pengurus. Bila diisi, "
            "surat berlaku sekian bulan sejak terbit, paling lama sampai akhir masa "
            "bakti."
        ),
    )

    REQUIRED_SETTINGS = (*DinasOffice.REQUIRED_SETTINGS, "legal_basis")

    class Meta:
        verbose_name = _("pengaturan Diskominfo kab/kota")
        verbose_name_plural = _("pengaturan Diskominfo kab/kota")

    def __str__(self):
        return str(self.regency)

    def jurisdiction(self):
        return (self.regency_id[:2], self.regency_id)

    @classmethod
    def access_q(cls, user):
        return jurisdiction_q(user)


class ProvinceOffice(DinasOffice):
    """The provincial Dinas: its letterhead and signatory (agreements, certificates)."""

    province = models.OneToOneField(
        Province, primary_key=True, on_delete=models.CASCADE, related_name="office"
    )

    class Meta:
        verbose_name = _("pengaturan Diskominfo provinsi")
        verbose_name_plural = _("pengaturan Diskominfo provinsi")

    def __str__(self):
        return str(self.province)

    def jurisdiction(self):
        return (self.province_id, "")

    @classmethod
    def access_q(cls, user):
        return jurisdiction_q(user, province="province", regency_scope=Q(pk__in=[]))
