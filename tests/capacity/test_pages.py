"""Event pages: creating an event, the lists (fixed query counts), exports, iCalendar,
the public organiser feed, the calendar and the WhatsApp share link."""

import datetime
import io
import urllib.parse

import pytest
from django.utils import timezone
from openpyxl import load_workbook

from capacity.models import Event
from tests.capacity.helpers import attend, board_of, make_event, register
from tests.registry.letter_helpers import registered_kim


@pytest.fixture
def kim(manager):
    return registered_kim(managers=[manager])


def _local(moment):
    return timezone.localtime(moment).strftime("%Y-%m-%dT%H:%M")


def test_officer_creates_an_event_with_speakers(client, officer_kab_serang):
    client.force_login(officer_kab_serang)
    starts = timezone.now() + datetime.timedelta(days=10)
    response = client.post(
        "/kegiatan/baru/",
        {
            "kind": "bimtek",
            "title": "Bimtek Jurnalisme Warga",
            "theme": "Menulis berita desa",
            "organiser": "36.04",
            "starts_at": _local(starts),
            "ends_at": _local(starts + datetime.timedelta(hours=6)),
            "venue": "Aula Kecamatan",
            "online_link": "",
            "hours_jp": 6,
            "quota": 2,
            "audience": "kim",
            "registration_opens": _local(timezone.now()),
            "registration_closes": _local(starts - datetime.timedelta(days=1)),
            "people-TOTAL_FORMS": 2,
            "people-INITIAL_FORMS": 0,
            "people-MIN_NUM_FORMS": 0,
            "people-MAX_NUM_FORMS": 12,
            "people-0-role": "speaker",
            "people-0-name": "Dr. Hendra",
            "people-0-position": "Dosen",
            "people-1-role": "moderator",
            "people-1-name": "Rina",
            "people-1-position": "",
        },
    )

    event = Event.objects.get(title="Bimtek Jurnalisme Warga")
    assert response.status_code == 302
    assert (event.regency_id, event.province_id, event.status) == ("36.04", "36", "draft")
    assert [p.name for p in event.people.all()] == ["Dr. Hendra", "Rina"]


def test_regency_officer_cannot_organise_for_another_regency(client, officer_kab_serang):
    client.force_login(officer_kab_serang)
    response = client.get("/kegiatan/baru/")
    choices = [value for value, _label in response.context["form"].fields["organiser"].choices]
    assert choices == ["36.04"]


def test_event_list_has_a_fixed_query_count(
    client, kim, officer_kab_serang, django_assert_num_queries
):
    for n in range(6):
        event = make_event(title=f"Kegiatan {n}")
        register(event, kim)
    client.force_login(officer_kab_serang)
    client.get("/kegiatan/")

    # session, user, count, page of events with their counts
    with django_assert_num_queries(4):
        response = client.get("/kegiatan/")
    assert response.context["page"].count == 6


def test_participant_list_has_a_fixed_query_count(
    client, kim, officer_kab_serang, django_assert_num_queries
):
    event = make_event(starts_in=-datetime.timedelta(hours=1))
    for member in board_of(kim):
        attend(register(event, kim, member))
    for n in range(10):
        register(event, kim, board_of(kim)[0], kind="guest", name=f"Tamu {n}")
    client.force_login(officer_kab_serang)
    client.get(f"/kegiatan/{event.pk}/peserta/")

    # session, user, event, count, page, attendance prefetch
    with django_assert_num_queries(6):
        response = client.get(f"/kegiatan/{event.pk}/peserta/")
    assert response.context["page"].count == 13


def test_participants_export_with_attendance(client, kim, officer_kab_serang):
    event = make_event(starts_in=-datetime.timedelta(hours=1))
    present = register(event, kim, board_of(kim)[0])
    attend(present)
    register(event, kim, board_of(kim)[1])
    client.force_login(officer_kab_serang)

    csv = b"".join(client.get(f"/kegiatan/{event.pk}/peserta/?format=csv").streaming_content)
    xlsx = client.get(f"/kegiatan/{event.pk}/peserta/?format=xlsx")

    lines = csv.decode("utf-8-sig").strip().splitlines()
    assert len(lines) == 3
    assert present.code_display in csv.decode()
    sheet = load_workbook(io.BytesIO(xlsx.content)).active
    assert sheet.max_row == 3
    assert board_of(kim)[0].nik not in csv.decode()


@pytest.mark.slow  # a real PDF
def test_attendance_sheet_pdf_has_a_signature_column(client, kim, officer_kab_serang):
    from tests.registry.letter_helpers import pdf_tool

    event = make_event()
    register(event, kim, board_of(kim)[0])
    client.force_login(officer_kab_serang)

    response = client.get(f"/kegiatan/{event.pk}/daftar-hadir.pdf")

    assert response["Content-Type"] == "application/pdf"
    text = pdf_tool("pdftotext", response.content)
    assert "DAFTAR HADIR" in text
    assert "Tanda tangan" in text
    assert board_of(kim)[0].full_name in text


def test_event_ics_and_public_organiser_feed(client, kim, manager):
    from icalendar import Calendar

    event = make_event(online_link="https://meet.example.org/rahasia")
    draft = make_event(status="draft", title="Masih draf")
    client.force_login(manager)

    single = Calendar.from_ical(client.get(f"/kegiatan/{event.pk}/kegiatan.ics").content)
    [item] = single.walk("VEVENT")
    assert event.title in str(item["SUMMARY"])
    assert "rahasia" in str(item["DESCRIPTION"])

    client.logout()
    feed = client.get("/kegiatan/kalender/36.04.ics")
    assert feed.status_code == 200
    items = Calendar.from_ical(feed.content).walk("VEVENT")
    assert [str(i["SUMMARY"]) for i in items] == [f"Bimbingan teknis (bimtek): {event.title}"]
    assert "rahasia" not in feed.content.decode()  # online rooms are for participants
    assert draft.title not in feed.content.decode()
    assert client.get("/kegiatan/kalender/99.99.ics").status_code == 404


def test_whatsapp_share_link_carries_the_details(client, kim, manager):
    event = make_event(title="Bimtek Berbagi")
    client.force_login(manager)

    response = client.get(f"/kegiatan/{event.pk}/")

    link = response.context["whatsapp_url"]
    assert link.startswith("https://wa.me/?text=")
    text = urllib.parse.parse_qs(urllib.parse.urlsplit(link).query)["text"][0]
    assert "Bimtek Berbagi" in text
    assert f"/kegiatan/{event.pk}/" in text
    assert "WIB" in text


def test_calendar_shows_the_months_events(client, kim, manager):
    event = make_event(title="Bimtek Kalender")
    client.force_login(manager)
    month = timezone.localtime(event.starts_at).strftime("%Y-%m")

    response = client.get(f"/kegiatan/kalender/?bulan={month}")

    assert "Bimtek Kalender" in response.content.decode()
    assert client.get("/kegiatan/kalender/?bulan=nonsense").status_code == 200


def test_event_page_shows_figures_to_organisers(client, kim, officer_kab_serang):
    event = make_event(quota=2, starts_in=-datetime.timedelta(hours=1))
    members = board_of(kim)
    attend(register(event, kim, members[0]))
    register(event, kim, members[1])
    register(event, kim, members[2], status="waitlisted")
    client.force_login(officer_kab_serang)

    figures = client.get(f"/kegiatan/{event.pk}/").context["figures"]

    assert (figures.confirmed, figures.waitlisted, figures.attended) == (2, 1, 1)
    assert figures.attendance_rate == 0.5


def test_other_regencies_officer_does_not_see_the_event(client, officer_kota_serang):
    event = make_event()
    client.force_login(officer_kota_serang)
    assert client.get(f"/kegiatan/{event.pk}/").status_code == 404
    assert event.title not in client.get("/kegiatan/").content.decode()


def test_manager_sees_the_province_events_for_kim_but_not_drafts(client, kim, manager):
    open_event = make_event(regency=None, title="Sarasehan Provinsi")
    draft = make_event(regency=None, title="Draf Provinsi", status="draft")
    officers_only = make_event(regency=None, title="Rakor Petugas", audience="officers")
    client.force_login(manager)

    text = client.get("/kegiatan/").content.decode()

    assert open_event.title in text
    assert draft.title not in text
    assert officers_only.title not in text
