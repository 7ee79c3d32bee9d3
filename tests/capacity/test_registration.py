"""Registering KIM members and officers: quota, waiting list, cancellation, audience."""

import pytest
from django.core import mail

from capacity.models import Registration
from capacity.services.registration import (
    RegistrationError,
    kim_participants_register,
    officers_register,
    registration_cancel,
)
from kimportal.core.access import NotPermitted
from kimportal.core.models import AuditEntry
from tests.capacity.helpers import board_of, make_event
from tests.registry.letter_helpers import KOTA_SERANG_VILLAGE, LEBAK_VILLAGE, registered_kim


@pytest.fixture
def kim(manager):
    return registered_kim(managers=[manager])


def _register(event, manager, kim, count, start=0):
    ids = [str(m.pk) for m in board_of(kim)[start : start + count]]
    return kim_participants_register(event=event, actor=manager, kim=kim, member_ids=ids)


def test_members_take_seats_then_the_waiting_list(manager, kim):
    event = make_event(quota=2)

    made = _register(event, manager, kim, 3)

    assert [r.status for r in made] == ["confirmed", "confirmed", "waitlisted"]
    assert all(len(r.code) == 8 for r in made)
    assert AuditEntry.objects.filter(action__startswith="capacity.registration.").count() == 3


def test_registration_copies_name_and_position_but_no_personal_data(manager, kim):
    event = make_event()
    [registration] = _register(event, manager, kim, 1)
    member = board_of(kim)[0]

    assert registration.name == member.full_name
    assert registration.member_id == member.pk
    assert registration.organisation == kim.name
    stored = " ".join(str(v) for v in Registration.objects.values_list().get(pk=registration.pk))
    assert member.nik not in stored
    assert member.phone not in stored


def test_a_member_is_registered_once(manager, kim):
    event = make_event()
    _register(event, manager, kim, 1)

    with pytest.raises(RegistrationError, match="sudah terdaftar"):
        _register(event, manager, kim, 1)


def test_cancelling_a_seat_promotes_the_first_on_the_waiting_list_and_tells_them(
    manager, kim, settings
):
    event = make_event(quota=1)
    first, second, third = _register(event, manager, kim, 3)
    mail.outbox.clear()

    with pytest.MonkeyPatch.context():
        cancelled, promoted = registration_cancel(registration=first, actor=manager)

    assert cancelled.status == "cancelled"
    assert promoted == [second]
    second.refresh_from_db()
    third.refresh_from_db()
    assert (second.status, third.status) == ("confirmed", "waitlisted")


def test_cancelling_a_waitlisted_place_promotes_nobody(manager, kim):
    event = make_event(quota=1)
    first, second = _register(event, manager, kim, 2)

    _cancelled, promoted = registration_cancel(registration=second, actor=manager)

    assert promoted == []
    first.refresh_from_db()
    assert first.status == "confirmed"


def test_raising_the_quota_gives_seats_to_the_waiting_list(manager, kim, officer_kab_serang):
    from capacity.services.events import event_update

    event = make_event(quota=1)
    _first, second = _register(event, manager, kim, 2)

    event_update(event=event, actor=officer_kab_serang, data={"quota": 2})

    second.refresh_from_db()
    assert second.status == "confirmed"


def test_guests_of_the_kim_can_be_named(manager, kim):
    event = make_event()

    [guest] = kim_participants_register(
        event=event, actor=manager, kim=kim, guests=[("Rina Wati", "Anggota")]
    )

    assert (guest.kind, guest.name, guest.position, guest.member_id) == (
        "guest",
        "Rina Wati",
        "Anggota",
        None,
    )


def test_member_of_another_kim_cannot_be_slipped_in(manager, kim, other_manager):
    other = registered_kim(name="KIM Lain", village=LEBAK_VILLAGE, managers=[other_manager])
    event = make_event(regency=None)

    with pytest.raises(RegistrationError, match="susunan pengurus"):
        kim_participants_register(
            event=event, actor=manager, kim=kim, member_ids=[str(board_of(other)[0].pk)]
        )


def test_manager_cannot_register_for_a_kim_outside_the_audience(manager, kim, other_manager):
    event = make_event()  # Kabupaten Serang's event
    kota = registered_kim(name="KIM Kota", village=KOTA_SERANG_VILLAGE, managers=[other_manager])

    with pytest.raises(NotPermitted):
        _register(event, other_manager, kota, 1)


def test_audience_limited_to_named_kim(manager, kim, other_manager):
    another = registered_kim(name="KIM Tetangga", managers=[other_manager])
    event = make_event()
    event.audience_kims.set([another])

    with pytest.raises(NotPermitted):
        _register(event, manager, kim, 1)
    assert _register(event, other_manager, another, 1)


def test_no_registration_outside_the_window(manager, kim):
    event = make_event(status="closed")

    with pytest.raises(NotPermitted):
        _register(event, manager, kim, 1)


def test_officers_register_officers_of_their_own_office(officer_kab_serang, officer_kota_serang):
    event = make_event(regency=None, audience="both")  # the province's event

    [made] = officers_register(
        event=event, actor=officer_kab_serang, officer_ids=[str(officer_kab_serang.pk)]
    )
    assert made.kind == "officer"

    with pytest.raises(RegistrationError):
        officers_register(
            event=event, actor=officer_kab_serang, officer_ids=[str(officer_kota_serang.pk)]
        )


def test_events_for_kim_only_do_not_take_officers(officer_kab_serang):
    event = make_event(audience="kim")

    with pytest.raises(NotPermitted):
        officers_register(
            event=event, actor=officer_kab_serang, officer_ids=[str(officer_kab_serang.pk)]
        )


# --- pages ------------------------------------------------------------------------------------


def test_manager_registers_members_from_the_page(client, manager, kim):
    event = make_event(quota=1)
    members = board_of(kim)
    client.force_login(manager)

    response = client.post(
        f"/kegiatan/{event.pk}/daftar/",
        {"kim": kim.pk, "members": [members[0].pk, members[1].pk]},
        follow=True,
    )

    assert response.status_code == 200
    text = response.content.decode()
    assert "daftar tunggu" in text
    assert list(event.registrations.values_list("status", flat=True).order_by("pk")) == [
        "confirmed",
        "waitlisted",
    ]


def test_registration_card_shows_the_code_as_qr(client, manager, kim):
    event = make_event()
    [registration] = _register(event, manager, kim, 1)
    client.force_login(manager)

    response = client.get(f"/kegiatan/peserta/{registration.pk}/kartu/")

    assert response.status_code == 200
    assert registration.code_display in response.content.decode()
    assert b"<svg" in response.content
