"""What a user may do in capacity building: the permission vocabulary of this app.

Built from the shared predicates (kimportal.core.access.predicates) and a few facts about
an event's state and audience. An event belongs to its organiser's area (the province's
Dinas, or a regency's), so "officer of the jurisdiction" means its organisers; provincial
staff also supervise the events of their regencies.
"""

import rules
from django.utils.translation import gettext_lazy as _

from kimportal.core.access import add_permission
from kimportal.core.access.predicates import (
    is_kim_manager,
    is_officer,
    is_province_staff,
    is_regency_officer,
    officer_of_jurisdiction,
    officer_of_regency,
    officer_or_admin,
    supervises,
)


@rules.predicate
def registration_open(user, event):
    return event is None or event.registration_is_open()


@rules.predicate
def event_editable(user, event):
    """Details can be corrected until the event is reported or cancelled."""
    return event is None or event.status not in ("reported", "cancelled")


@rules.predicate
def event_takes_attendance(user, event):
    return event is None or event.takes_attendance


@rules.predicate
def event_was_held(user, event):
    return event is None or event.was_held


@rules.predicate
def registration_event_was_held(user, registration):
    return registration is None or registration.event.was_held


@rules.predicate
def registration_event_not_over(user, registration):
    return registration is None or registration.event.status in ("open", "closed")


@rules.predicate
def kim_in_audience(user, event):
    """One of the user's KIM may send people to this event."""
    if event is None:
        return True
    from capacity.selectors.registration import admitted_kims

    return admitted_kims(event, user).exists()


@rules.predicate
def officer_in_audience(user, event):
    """The event is open to officers, and the user works in its organiser's area."""
    if event is None:
        return True
    if not event.admits_officers:
        return False
    if is_province_staff(user):
        return user.province_id == event.province_id
    if is_regency_officer(user):
        return (event.regency_id or user.regency_id) == user.regency_id and (
            user.province_id == event.province_id
        )
    return False


@rules.predicate
def certificate_valid(user, certificate):
    return certificate is None or certificate.is_valid


@rules.predicate
def registered_it(user, registration):
    """The KIM manager (or the officer) on whose behalf this person was registered."""
    return registration is None or registration.is_managed_by(user)


add_permission(
    "capacity.create_event",
    supervises,
    refusal=_("Kegiatan dibuat oleh petugas Diskominfo penyelenggaranya."),
)
add_permission(
    "capacity.change_event",
    supervises & event_editable,
    refusal=_("Kegiatan ini diubah oleh petugas Diskominfo penyelenggaranya."),
)
add_permission(
    "capacity.change_event_status",
    officer_of_jurisdiction,
    refusal=_("Status kegiatan diubah oleh petugas Diskominfo penyelenggaranya."),
)
add_permission(
    "capacity.register_kim_participants",
    registration_open & ((is_kim_manager & kim_in_audience) | officer_of_jurisdiction),
    refusal=_(
        "Pendaftaran peserta KIM hanya saat pendaftaran dibuka, oleh pengelola KIM sasaran "
        "kegiatan atau penyelenggaranya."
    ),
)
add_permission(
    "capacity.register_officers",
    registration_open & is_officer & officer_in_audience,
    refusal=_(
        "Petugas didaftarkan oleh petugas di wilayah penyelenggara, saat pendaftaran dibuka."
    ),
)
add_permission(
    "capacity.cancel_registration",
    (supervises | registered_it) & registration_event_not_over,
    refusal=_(
        "Pendaftaran dibatalkan oleh yang mendaftarkan atau penyelenggara, sebelum kegiatan."
    ),
)
add_permission(
    "capacity.view_participants",
    supervises,
    refusal=_("Daftar peserta lengkap untuk penyelenggara kegiatan."),
)
add_permission(
    "capacity.check_in",
    supervises & event_takes_attendance,
    refusal=_("Presensi dicatat oleh penyelenggara, sebelum laporan kegiatan ditulis."),
)
add_permission(
    "capacity.issue_certificates",
    officer_of_jurisdiction & event_was_held,
    refusal=_("Sertifikat diterbitkan oleh petugas penyelenggara setelah kegiatan terlaksana."),
)
add_permission(
    "capacity.revoke_certificate",
    officer_of_jurisdiction & certificate_valid,
    refusal=_("Sertifikat yang berlaku dicabut oleh petugas penyelenggara kegiatannya."),
)
add_permission(
    "capacity.download_certificate",
    supervises | registered_it,
    refusal=_("Sertifikat ini diunduh oleh pengelola KIM pesertanya atau penyelenggara."),
)
add_permission(
    "capacity.evaluate_event",
    registered_it & registration_event_was_held,
    refusal=_("Evaluasi diisi oleh pengelola KIM peserta setelah kegiatan terlaksana."),
)
add_permission(
    "capacity.report_event",
    officer_of_jurisdiction & event_was_held,
    refusal=_("Laporan kegiatan ditulis oleh petugas penyelenggara setelah kegiatan."),
)
add_permission(
    "capacity.assess_kim",
    officer_of_regency,
    refusal=_("Indikator keberhasilan dinilai oleh petugas Diskominfo kabupaten/kota KIM ini."),
)
add_permission(
    "capacity.view_indicators",
    officer_or_admin,
    refusal=_("Rekap indikator keberhasilan untuk petugas Diskominfo."),
)
