"""What the trail records about the register, in people's words.

One catalogue per part of the register; each is a choice in the trail page's "Bagian"
filter. Stored values never change: old entries keep their meaning.
"""

from django.db import models
from django.utils.translation import gettext_lazy as _

from kimportal.core.audit.actions import catalogue
from registry.models import Member

# Change keys that are not fields of the recorded object's model.
SHA256 = {"sha256": _("sidik berkas (SHA-256)")}


@catalogue(
    prefix="registry.kim.",
    label=_("KIM dan keputusan"),
    fields={"note": _("catatan"), "regency": _("kabupaten/kota")},
)
class KimAction(models.TextChoices):
    CREATED = "registry.kim.created", _("KIM didaftarkan di portal")
    UPDATED = "registry.kim.updated", _("Profil KIM diubah")
    MOVED = "registry.kim.moved", _("KIM dipindahkan ke kabupaten/kota lain")
    SUBMIT = "registry.kim.submit", _("Pengajuan KIM")
    APPROVE = "registry.kim.approve", _("Pengajuan disetujui")
    RETURN = "registry.kim.return", _("Pengajuan dikembalikan untuk perbaikan")
    REJECT = "registry.kim.reject", _("Pengajuan ditolak")
    NUMBER_ISSUED = "registry.kim.number_issued", _("Nomor Induk diterbitkan")
    DEACTIVATE = "registry.kim.deactivate", _("KIM dinonaktifkan")
    REACTIVATE = "registry.kim.reactivate", _("KIM diaktifkan kembali")
    REVOKE = "registry.kim.revoke", _("Pendaftaran KIM dicabut")
    TERM_EXPIRED = "registry.kim.term_expired", _("KIM dinonaktifkan: masa bakti berakhir")
    NOTE_ADDED = "registry.kim.note_added", _("Catatan verifikasi ditambahkan")


# The entry each workflow transition records (registry/services/workflow.py TRANSITIONS).


@catalogue(
    prefix="registry.roster.",
    label=_("Susunan pengurus"),
    # Entries are recorded on the KIM; their keys are mostly the member's fields.
    field_models=(Member,),
    fields={
        "roster": _("susunan pengurus"),
        "members": _("jumlah pengurus"),
        "term": _("masa bakti"),
        "source": _("sumber data"),
        "declarations_kept": _("surat pernyataan yang tetap berlaku"),
        "member": _("pengurus"),
    },
)
class RosterAction(models.TextChoices):
    REPLACED = "registry.roster.replaced", _("Susunan pengurus diganti")
    MEMBER_ADDED = "registry.roster.member_added", _("Pengurus ditambahkan")
    MEMBER_UPDATED = "registry.roster.member_updated", _("Data pengurus diubah")
    MEMBER_REMOVED = "registry.roster.member_removed", _("Pengurus dihapus")
    PERSONAL_DATA_REMOVED = (
        "registry.roster.personal_data_removed",
        _("Data pribadi susunan pengurus lama dihapus (masa retensi)"),
    )
    # Personal data left the portal: who took the board with full NIK and phone numbers.
    EXPORTED_IN_FULL = (
        "registry.roster.exported_in_full",
        _("Susunan pengurus diunduh lengkap (NIK dan telepon) untuk diubah"),
    )


@catalogue(
    prefix="registry.document.",
    label=_("Dokumen"),
    fields={
        **SHA256,
        "size": _("ukuran berkas (bita)"),
        "content_type": _("jenis berkas"),
        "document": _("dokumen"),
        "by_officer": _("diunggah oleh petugas"),
    },
)
class DocumentAction(models.TextChoices):
    UPLOADED = "registry.document.uploaded", _("Dokumen diunggah")


@catalogue(
    prefix="registry.letter.",
    label=_("Surat keterangan"),
    fields={
        **SHA256,
        "kim": _("Nomor Induk"),  # the letter names its KIM by number
        "replaces": _("menggantikan surat"),
        "reason": _("alasan penerbitan ulang"),
        "error": _("galat"),
        "attempts": _("percobaan"),
    },
)
class LetterAction(models.TextChoices):
    ISSUED = "registry.letter.issued", _("Surat keterangan diterbitkan")
    READY = "registry.letter.ready", _("PDF surat keterangan selesai dibuat")
    RENDER_FAILED = "registry.letter.render_failed", _("PDF surat keterangan gagal dibuat")
    RENDER_RETRIED = "registry.letter.render_retried", _("Pembuatan PDF surat diulang")
    SUPERSEDED = "registry.letter.superseded", _("Surat keterangan digantikan")
    REVOKED = "registry.letter.revoked", _("Surat keterangan dicabut")


@catalogue(prefix="registry.office.", label=_("Pengaturan kab/kota"))
class OfficeAction(models.TextChoices):
    UPDATED = "registry.office.updated", _("Pengaturan kabupaten/kota diubah")


@catalogue(
    prefix="registry.personal_data.",
    label=_("Akses data pribadi"),
    fields={"page": _("halaman"), "file": _("berkas"), "members": _("jumlah pengurus")},
)
class PersonalDataAction(models.TextChoices):
    # UU 27/2022: who saw or took a board's full NIK and phone numbers, and when.
    VIEWED = "registry.personal_data.viewed", _("Data pribadi pengurus dilihat (NIK lengkap)")
    EXPORTED = "registry.personal_data.exported", _("Data pribadi pengurus diekspor (NIK lengkap)")
