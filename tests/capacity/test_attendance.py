"""Check-in at the door, including phones that were offline: each person is present once
per day, duplicates from two phones are merged, refusals are reported."""

import datetime
import json

import pytest
from django.utils import timezone

from capacity.models import Attendance
from capacity.services.attendance import CheckInItem, check_in_many, walk_in_add
from kimportal.core.access import NotPermitted
from tests.capacity.helpers import DAY, HOUR, board_of, make_event, register
from tests.registry.letter_helpers import registered_kim


@pytest.fixture
def kim(manager):
    return registered_kim(managers=[manager])


@pytest.fixture
def today_event(db):
    """An event running today (it started an hour ago)."""
    return make_event(starts_in=-HOUR, length=HOUR * 5)


def _item(registration, n, day=None, at=None):
    return CheckInItem(
        id=f"phone-{n}",
        code=registration.code_display.lower(),
        day=day or registration.event.days[0],
        at=at,
    )


def test_check_in_by_code_records_once(today_event, kim, officer_kab_serang):
    registration = register(today_event, kim)

    [first] = check_in_many(
        event=today_event, actor=officer_kab_serang, items=[_item(registration, 1)]
    )
    [again] = check_in_many(
        event=today_event, actor=officer_kab_serang, items=[_item(registration, 2)]
    )

    assert (first.result, again.result) == ("recorded", "duplicate")
    assert "sudah tercatat" in again.message
    assert Attendance.objects.filter(registration=registration).count() == 1


def test_two_phones_offline_queues_are_merged(today_event, kim, officer_kab_serang, province_staff):
    members = board_of(kim)
    people = [register(today_event, kim, member) for member in members[:3]]
    early = timezone.now() - datetime.timedelta(minutes=30)

    phone_a = check_in_many(
        event=today_event,
        actor=officer_kab_serang,
        items=[_item(p, f"a{n}", at=early) for n, p in enumerate(people[:2])],
        device="a",
    )
    phone_b = check_in_many(
        event=today_event,
        actor=province_staff,
        items=[_item(p, f"b{n}") for n, p in enumerate(people[1:])],
        device="b",
    )

    assert [r.result for r in phone_a] == ["recorded", "recorded"]
    assert [r.result for r in phone_b] == ["duplicate", "recorded"]
    assert Attendance.objects.filter(event=today_event).count() == 3
    kept = Attendance.objects.get(registration=people[1])
    assert kept.checked_in_at == early  # the earlier phone's time is kept
    assert kept.device == "a"


def test_conflicts_are_reported_not_recorded(today_event, kim, officer_kab_serang):
    members = board_of(kim)
    cancelled = register(today_event, kim, members[0], status="cancelled")
    waiting = register(today_event, kim, members[1], status="waitlisted")
    other_event = make_event(starts_in=-HOUR, title="Lain")
    elsewhere = register(other_event, kim, members[2])

    results = check_in_many(
        event=today_event,
        actor=officer_kab_serang,
        items=[
            _item(cancelled, 1),
            _item(waiting, 2),
            CheckInItem(id="3", code=elsewhere.code, day=today_event.days[0]),
            CheckInItem(id="4", code="ZZZZ-ZZZZ", day=today_event.days[0]),
            _item(
                register(today_event, kim, members[0], kind="guest", name="Tamu Lain Hari"),
                5,
                day=today_event.days[0] + DAY,
            ),
        ],
    )

    assert [r.result for r in results] == ["refused"] * 5
    assert Attendance.objects.count() == 0


def test_phone_clock_in_the_future_is_not_trusted(today_event, kim, officer_kab_serang):
    registration = register(today_event, kim)
    future = timezone.now() + datetime.timedelta(hours=3)

    check_in_many(
        event=today_event, actor=officer_kab_serang, items=[_item(registration, 1, at=future)]
    )

    assert Attendance.objects.get().checked_in_at <= timezone.now()


def test_multi_day_event_takes_attendance_per_day(kim, officer_kab_serang):
    event = make_event(starts_in=-DAY - HOUR, length=DAY + HOUR * 4)
    registration = register(event, kim)
    day_one, day_two = event.days

    results = check_in_many(
        event=event,
        actor=officer_kab_serang,
        items=[_item(registration, 1, day=day_one), _item(registration, 2, day=day_two)],
    )

    assert [r.result for r in results] == ["recorded", "recorded"]
    assert sorted(Attendance.objects.values_list("day", flat=True)) == [day_one, day_two]


def test_kim_manager_cannot_check_people_in(today_event, kim, manager):
    registration = register(today_event, kim)

    with pytest.raises(NotPermitted):
        check_in_many(event=today_event, actor=manager, items=[_item(registration, 1)])


def test_walk_in_is_registered_and_present(today_event, officer_kab_serang):
    registration = walk_in_add(
        event=today_event, actor=officer_kab_serang, name="Pak Darto", organisation="Warga"
    )

    assert (registration.kind, registration.status) == ("walk_in", "confirmed")
    assert Attendance.objects.filter(registration=registration).exists()


def test_sync_endpoint_answers_per_item(client, today_event, kim, officer_kab_serang):
    registration = register(today_event, kim)
    client.force_login(officer_kab_serang)
    body = {
        "device": "hp-1",
        "items": [
            {
                "id": "x1",
                "code": registration.code,
                "day": today_event.days[0].isoformat(),
                "at": timezone.now().isoformat(),
                "method": "scan",
            },
            {"id": "x2", "code": registration.code, "day": today_event.days[0].isoformat()},
        ],
    }

    response = client.post(
        f"/kegiatan/presensi/{today_event.pk}/sinkron/",
        json.dumps(body),
        content_type="application/json",
    )

    assert response.status_code == 200
    assert [r["result"] for r in response.json()["results"]] == ["recorded", "duplicate"]


def test_check_in_page_may_use_the_camera_and_the_rest_may_not(
    client, today_event, officer_kab_serang
):
    client.force_login(officer_kab_serang)

    page = client.get(f"/kegiatan/presensi/{today_event.pk}/")
    other = client.get(f"/kegiatan/{today_event.pk}/")

    assert "camera=(self)" in page["Permissions-Policy"]
    assert "camera=()" in other["Permissions-Policy"]
    assert (
        "'unsafe-inline'"
        not in page["Content-Security-Policy"].split("script-src")[1].split(";")[0]
    )


def test_service_worker_scope_covers_the_check_in_pages(client, today_event):
    response = client.get("/kegiatan/presensi/sw.js")

    assert response.status_code == 200
    assert response["Content-Type"].startswith("text/javascript")
    assert response["Service-Worker-Allowed"] == "/kegiatan/presensi/"
    assert f"/kegiatan/presensi/{today_event.pk}/".startswith(response["Service-Worker-Allowed"])


def test_participant_list_for_the_phone_has_no_personal_data(
    client, today_event, kim, officer_kab_serang
):
    member = board_of(kim)[0]
    register(today_event, kim, member)
    client.force_login(officer_kab_serang)

    response = client.get(f"/kegiatan/presensi/{today_event.pk}/data/")

    text = response.content.decode()
    assert member.full_name in text
    assert member.nik not in text
    assert member.phone not in text
