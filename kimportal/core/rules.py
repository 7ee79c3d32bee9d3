"""What a user may do with accounts and the audit trail: the core's permissions."""

import rules
from django.utils.translation import gettext_lazy as _

from kimportal.core.access import add_permission
from kimportal.core.access.predicates import (
    account_is_kim_manager,
    account_is_not_admin,
    is_province_staff,
    is_system_admin,
    officer_of_regency,
    officer_or_admin,
    staff_of_province,
)


@rules.predicate
def not_themself(user, account):
    return account is None or account.pk != user.pk


# Staff manage every account of their province but their own; regency officers manage
# the KIM managers of their regency (accounts are fetched within the jurisdiction first).
staff_manages_account = staff_of_province & not_themself & account_is_not_admin

add_permission(
    "accounts.view_accounts",
    officer_or_admin,
    refusal=_("Daftar akun untuk petugas Diskominfo."),
)
add_permission(
    "accounts.create_officer_account",
    is_province_staff | is_system_admin,
    refusal=_("Akun petugas dibuat oleh staf Diskominfo provinsi."),
)
add_permission(
    "accounts.change_account",
    is_system_admin | staff_manages_account,
    refusal=_("Akun ini diubah oleh staf Diskominfo provinsinya."),
)
add_permission(
    "accounts.change_account_active",
    is_system_admin | staff_manages_account | (officer_of_regency & account_is_kim_manager),
    refusal=_("Anda tidak dapat mengaktifkan atau menonaktifkan akun ini."),
)
add_permission(
    "accounts.invite_kim_manager",
    officer_of_regency,
    refusal=_("Pengelola KIM diundang oleh petugas Diskominfo kabupaten/kotanya."),
)
add_permission(
    "audit.view_trail",
    officer_or_admin,
    refusal=_("Jejak audit untuk petugas Diskominfo."),
)
add_permission(
    "accounts.administer_portal",
    is_system_admin,
    refusal=_("Untuk admin sistem."),
)


@rules.predicate
def owns_job(user, job):
    return job is None or (user.is_authenticated and job.owner_id == user.pk)


# A job's page: whoever asked for it, and system admins (who see every job and its error).
add_permission(
    "jobs.view_job",
    owns_job | is_system_admin,
    refusal=_("Tugas ini milik pengguna lain."),
)
# Its result file: only whoever asked for it (an export holds what they may see).
add_permission(
    "jobs.download_result",
    owns_job,
    refusal=_("Berkas hasil tugas hanya dapat diunduh oleh yang memintanya."),
)
