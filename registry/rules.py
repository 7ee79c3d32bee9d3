"""What a user may do in the registry: the permission vocabulary of this app.

Each permission is built from the shared predicates (kimportal.core.access.predicates)
and carries the reason it gives when it says no. Views, services, forms, the menu and
templates ask these names; the README's permission table documents them and a test
checks the table against them.
"""

import rules
from django.utils.translation import gettext_lazy as _

from kimportal.core.access import add_permission
from kimportal.core.access.predicates import (
    is_kim_manager,
    is_system_admin,
    jurisdiction_of,
    manager_of,
    officer_of_jurisdiction,
    officer_of_regency,
    officer_or_admin,
    staff_of_province,
    supervises,
)


@rules.predicate
def manager_may_edit(user, kim):
    """The KIM is in a state its managers edit (draft, returned)."""
    return kim is None or kim.editable_by_manager


edits_kim = supervises | (manager_of & manager_may_edit)

add_permission(
    "registry.view_kim",
    supervises | manager_of,
    refusal=_("KIM ini di luar wilayah atau kelolaan Anda."),
)
add_permission(
    "registry.create_kim",
    is_kim_manager | officer_of_regency | is_system_admin,
    refusal=_("KIM didaftarkan oleh pengelolanya atau petugas Diskominfo kabupaten/kotanya."),
)
add_permission(
    "registry.change_kim_profile",
    edits_kim,
    refusal=_("Profil KIM tidak dapat diubah pada status ini."),
)
# Once submitted, a KIM stays in its regency: a move to another one takes it to another
# office's queue and numbering, so only provincial staff (for both places) may make it.
add_permission(
    "registry.move_kim_to_another_regency",
    staff_of_province | is_system_admin,
    refusal=_(
        "Setelah diajukan, KIM tetap di kabupaten/kotanya; pemindahan ke kabupaten/kota lain "
        "dilakukan oleh Diskominfo Provinsi."
    ),
)
add_permission(
    "registry.change_kim_content",
    edits_kim,
    refusal=_("Dokumen dan susunan pengurus KIM ini tidak dapat diubah saat ini."),
)
add_permission(
    "registry.submit_kim",
    manager_of | officer_of_regency,
    refusal=_("KIM diajukan oleh pengelolanya atau petugas Diskominfo kabupaten/kotanya."),
)
add_permission(
    "registry.review_kim",
    officer_of_jurisdiction,
    refusal=_("Berkas pengajuan dibaca oleh petugas wilayah KIM ini."),
)
add_permission(
    "registry.decide_kim",
    staff_of_province,
    refusal=_("Keputusan atas pengajuan diambil oleh staf Diskominfo provinsi KIM ini."),
)
add_permission(
    "registry.issue_nomor_induk",
    officer_of_regency,
    refusal=_("Nomor Induk diterbitkan oleh petugas Diskominfo kabupaten/kota KIM ini."),
)
add_permission(
    "registry.change_kim_status",
    officer_of_jurisdiction,
    refusal=_("Status KIM diubah oleh petugas wilayah KIM ini."),
)
add_permission(
    "registry.add_verification_note",
    officer_of_jurisdiction,
    refusal=_("Catatan verifikasi ditulis oleh petugas wilayah KIM ini."),
)
add_permission(
    "registry.view_review_queue",
    officer_or_admin,
    refusal=_("Antrean peninjauan untuk petugas Diskominfo."),
)
add_permission(
    "registry.issue_letter",
    officer_of_jurisdiction,
    refusal=_("Surat keterangan diterbitkan oleh petugas Diskominfo wilayah KIM ini."),
)
add_permission(
    "registry.issue_letters_in_bulk",
    officer_or_admin,
    refusal=_("Surat keterangan massal diterbitkan oleh petugas Diskominfo."),
)
add_permission(
    "registry.view_personal_data",
    supervises,
    refusal=_("NIK dan nomor telepon lengkap hanya untuk petugas wilayah KIM ini."),
)
add_permission(
    "registry.export_roster_in_full",
    supervises | manager_of,
    refusal=_("Susunan pengurus lengkap diunduh oleh pengelola KIM ini atau petugas wilayahnya."),
)
add_permission(
    "registry.view_office_settings",
    supervises,
    refusal=_("Pengaturan surat untuk petugas Diskominfo wilayah ini."),
)


@rules.predicate
def regency_level(user, office):
    """A regency's Dinas (with no object: either level)."""
    return office is None or bool(jurisdiction_of(office)[1])


@rules.predicate
def province_level(user, office):
    return office is None or not jurisdiction_of(office)[1]


add_permission(
    "registry.change_office_settings",
    is_system_admin | (officer_of_regency & regency_level) | (staff_of_province & province_level),
    refusal=_("Pengaturan surat diubah oleh petugas Diskominfo wilayah ini."),
)
