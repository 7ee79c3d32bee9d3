"""What a user may do with partnerships: agreements, activity reports, mapping, forums,
supervision. Built from the shared predicates; the README's permission table lists them.

An agreement or a forum belongs to a Dinas: a regency's (jurisdiction "36", "36.04") or the
province's ("36", ""). The officers of that Dinas act on it; provincial staff supervise
the regency agreements of their province (they see them, they do not sign for the
regency). System admins see and correct, but take no officer's decision.
"""

import rules
from django.utils.translation import gettext_lazy as _

from kimportal.core.access import add_permission
from kimportal.core.access.predicates import (
    is_province_staff,
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
def province_level(user, obj):
    """The object belongs to a province's Dinas, not a regency's."""
    return obj is None or not jurisdiction_of(obj)[1]


# The officers who act for the Dinas an agreement or forum belongs to.
officer_of_dinas = officer_of_regency | (staff_of_province & province_level)


def _state(*names):
    @rules.predicate(name=f"agreement_is_{'_or_'.join(names)}")
    def in_state(user, obj):
        return obj is None or obj.status in names

    return in_state


agreement_draft = _state("draft")
agreement_running = _state("draft", "active")
agreement_active = _state("active")
agreement_renewable = _state("active", "expired")
agreement_ended = _state("expired", "terminated")


@rules.predicate
def agreement_ran(user, obj):
    """It was in force at some time (a draft cancelled before signing has nothing to
    evaluate)."""
    return obj is None or obj.activated_at is not None


@rules.predicate
def report_awaits_review(user, report):
    return report is None or report.awaits_review


@rules.predicate
def report_editable(user, report):
    """Its KIM may still change it: waiting for review, or asked to clarify."""
    return report is None or not report.is_accepted


@rules.predicate
def followup_open(user, follow_up):
    return follow_up is None or follow_up.is_open


# --- agreements ---
add_permission(
    "partnerships.view_agreement",
    supervises | manager_of,
    refusal=_("Perjanjian ini di luar wilayah atau kelolaan Anda."),
)
add_permission(
    "partnerships.create_agreement",
    officer_of_dinas,
    refusal=_("Perjanjian dibuat oleh petugas Diskominfo yang menjadi pihak perjanjian."),
)
add_permission(
    "partnerships.change_agreement",
    (officer_of_dinas | is_system_admin) & agreement_draft,
    refusal=_("Isi perjanjian hanya dapat diubah selama masih draf, oleh petugas Dinasnya."),
)
add_permission(
    "partnerships.upload_signed_agreement",
    (officer_of_dinas | is_system_admin) & agreement_running,
    refusal=_("Naskah bertanda tangan diunggah oleh petugas Dinas selama perjanjian berjalan."),
)
add_permission(
    "partnerships.activate_agreement",
    officer_of_dinas & agreement_draft,
    refusal=_("Perjanjian diberlakukan oleh petugas Dinasnya, dari status draf."),
)
add_permission(
    "partnerships.terminate_agreement",
    officer_of_dinas & agreement_running,
    refusal=_("Perjanjian diakhiri oleh petugas Dinasnya selama masih draf atau berlaku."),
)
add_permission(
    "partnerships.renew_agreement",
    officer_of_dinas & agreement_renewable,
    refusal=_("Perpanjangan dibuat oleh petugas Dinas dari perjanjian yang berlaku atau berakhir."),
)
add_permission(
    "partnerships.evaluate_agreement",
    officer_of_dinas & agreement_ended & agreement_ran,
    refusal=_("Evaluasi diisi oleh petugas Dinas setelah masa perjanjian berakhir."),
)

# --- activity reports ---
add_permission(
    "partnerships.file_report",
    manager_of & agreement_active,
    refusal=_("Laporan kegiatan diisi oleh pengelola KIM pihak perjanjian yang sedang berlaku."),
)
add_permission(
    "partnerships.view_report",
    supervises | manager_of,
    refusal=_("Laporan ini di luar wilayah atau kelolaan Anda."),
)
add_permission(
    "partnerships.change_report",
    manager_of & report_editable,
    refusal=_("Laporan diubah oleh pengelola KIM-nya sebelum diterima."),
)
add_permission(
    "partnerships.review_report",
    officer_of_dinas & report_awaits_review,
    refusal=_("Laporan ditinjau oleh petugas Dinas pihak perjanjian, selama menunggu tinjauan."),
)

# --- mapping ---
add_permission(
    "partnerships.view_mapping",
    officer_or_admin,
    refusal=_("Pemetaan KIM untuk petugas Diskominfo."),
)
add_permission(
    "partnerships.score_kim",
    officer_of_regency,
    refusal=_("KIM dinilai oleh petugas Diskominfo kabupaten/kotanya."),
)

# --- forums ---
add_permission(
    "partnerships.view_forum",
    supervises,
    refusal=_("Forum KIM untuk petugas Diskominfo wilayahnya."),
)
add_permission(
    "partnerships.manage_forum",
    officer_of_dinas | is_system_admin,
    refusal=_("Forum dikelola oleh petugas Diskominfo wilayah forum itu."),
)

add_permission(
    "partnerships.invite_forum",
    officer_of_jurisdiction,
    refusal=_("Forum diundang ke rapat koordinasi oleh petugas Diskominfo wilayahnya."),
)

# --- supervision and mentoring ---
add_permission(
    "partnerships.view_visit",
    supervises | manager_of,
    refusal=_("Kunjungan ini di luar wilayah atau kelolaan Anda."),
)
add_permission(
    "partnerships.log_visit",
    officer_of_jurisdiction,
    refusal=_("Kunjungan dicatat oleh petugas Diskominfo wilayah KIM ini."),
)
add_permission(
    "partnerships.close_follow_up",
    officer_of_jurisdiction & followup_open,
    refusal=_("Tindak lanjut ditutup oleh petugas Diskominfo wilayah KIM ini."),
)
add_permission(
    "partnerships.view_supervision_summary",
    is_province_staff | is_system_admin,
    refusal=_("Rekap per kabupaten/kota untuk staf Diskominfo provinsi."),
)

# --- personal data (forum board NIK and phone; contacts in exports) ---
add_permission(
    "partnerships.view_personal_data",
    supervises,
    refusal=_("NIK dan nomor telepon lengkap hanya untuk petugas wilayahnya."),
)
