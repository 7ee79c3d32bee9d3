"""A second tap on a create or issue button while a slow connection is still sending the
first makes one record: the portal's script sends each form once. Without JavaScript the
server ignores the repeat (tests/test_repeat_post.py); here the server's guard is off, so
only the script stands between a repeated tap and two records."""

import datetime
import re
import time

import pytest
from django.core.handlers.wsgi import WSGIHandler
from django.utils import timezone
from playwright.sync_api import expect

from capacity.models import Event, Registration
from kimportal.core.accounts.roles import Role
from kimportal.core.models import AuditEntry
from partnerships.models import Agreement
from registry.models import Kim, Letter
from tests.browser.conftest import login, shot
from tests.capacity.helpers import board_of, make_event
from tests.factories import PASSWORD, KimFactory, RosterFactory, UserFactory, make_board
from tests.registry.letter_helpers import configure_office, registered_kim

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


@pytest.fixture(autouse=True)
def slow_line(settings, monkeypatch):
    """Every POST takes a second to reach the portal, as on a village connection, and the
    server's own guard is off."""
    settings.REPEAT_POST_SECONDS = 0
    answer = WSGIHandler.__call__

    def slowly(handler, environ, start_response):
        if environ["REQUEST_METHOD"] == "POST":
            time.sleep(1)
        return answer(handler, environ, start_response)

    monkeypatch.setattr(WSGIHandler, "__call__", slowly)


def _tap_twice(page, button):
    """Two taps on the spot, the second while the first is on its way (no waiting for
    the button to be enabled: a thumb does not wait either)."""
    button.scroll_into_view_if_needed()
    box = button.bounding_box()
    x, y = box["x"] + box["width"] / 2, box["y"] + box["height"] / 2
    page.mouse.click(x, y)
    page.wait_for_timeout(400)
    page.mouse.click(x, y)


def _as(page, role):
    user = UserFactory(role=role, regency_id="36.04", first_name="Uji")
    login(page, user.username, PASSWORD)
    page.wait_for_url("**/beranda/")
    return user


def _local(moment):
    return timezone.localtime(moment).strftime("%Y-%m-%dT%H:%M")


def test_create_kim_twice_clicked_makes_one(page):
    _as(page, Role.MANAGER)
    page.goto(page.base_url + "/kim/baru/")
    page.get_by_label("Nama KIM").fill("KIM Dua Klik")
    page.get_by_label("Provinsi").select_option(label="Banten")
    page.get_by_label("Kabupaten/kota").select_option(label="Kabupaten Serang")
    page.get_by_label("Kecamatan").select_option(label="Kramatwatu")
    page.get_by_label("Desa/kelurahan").select_option(index=1)
    page.get_by_label("Alamat sekretariat").fill("Jl. Raya Kramatwatu 5")
    _tap_twice(page, page.get_by_role("button", name="Simpan"))
    page.wait_for_url(re.compile(r"/kim/\d+/$"))
    assert Kim.objects.filter(name="KIM Dua Klik").count() == 1


def test_issue_nomor_induk_and_letter_twice_clicked_make_one_each(page):
    configure_office()
    kim = KimFactory(status="approved", name="KIM Nomor Sekali")
    make_board(RosterFactory(kim=kim))
    _as(page, Role.REGENCY)
    page.goto(f"{page.base_url}/kim/{kim.pk}/")
    _tap_twice(page, page.get_by_role("button", name="Terbitkan Nomor Induk"))
    _tap_twice(page, page.get_by_role("button", name="Ya, terbitkan Nomor Induk"))
    page.wait_for_url(f"**/kim/{kim.pk}/")
    kim.refresh_from_db()
    assert kim.nomor_induk
    issued = AuditEntry.objects.filter(action="registry.kim.number_issued", object_id=str(kim.pk))
    assert issued.count() == 1

    page.goto(f"{page.base_url}/kim/{kim.pk}/surat/")
    _tap_twice(page, page.get_by_role("button", name="Terbitkan surat"))
    expect(page.get_by_role("button", name="Terbitkan surat")).to_have_count(0)
    page.wait_for_load_state("load")
    assert Letter.objects.filter(kim=kim).count() == 1
    shot(page, "double-submit-letter")


def test_create_agreement_twice_clicked_makes_one(page):
    registered_kim("KIM Cahaya Kramat")
    today = timezone.localdate()
    _as(page, Role.REGENCY)
    page.goto(f"{page.base_url}/kemitraan/baru/")
    page.get_by_label("Judul").fill("Diseminasi dua klik")
    page.get_by_label("KIM Cahaya Kramat").check()
    page.get_by_label("Diseminasi informasi pemerintah").check()
    page.get_by_label("Kewajiban Dinas (pihak pertama)").fill("Menyediakan bahan informasi.")
    page.get_by_label("Kewajiban KIM/forum (pihak kedua)").fill("Menyebarluaskan informasi.")
    page.get_by_label("Tanggal mulai").fill(today.isoformat())
    page.get_by_label("Tanggal berakhir").fill((today + datetime.timedelta(days=365)).isoformat())
    _tap_twice(page, page.get_by_role("button", name="Buat draf"))
    page.wait_for_url(re.compile(r"/kemitraan/\d+/$"))
    assert Agreement.objects.filter(title="Diseminasi dua klik").count() == 1


def test_create_event_twice_clicked_makes_one(page):
    _as(page, Role.REGENCY)
    page.goto(f"{page.base_url}/kegiatan/baru/")
    now = timezone.now()
    page.get_by_label("Jenis kegiatan").select_option("bimtek")
    page.get_by_label("Judul").fill("Bimtek dua klik")
    page.get_by_label("Mulai").fill(_local(now + datetime.timedelta(days=7)))
    page.get_by_label("Selesai").fill(_local(now + datetime.timedelta(days=7, hours=5)))
    page.get_by_label("Tempat").fill("Aula Kecamatan Kramatwatu")
    page.get_by_label("Jam pelajaran (JP)").fill("6")
    page.get_by_label("Kuota peserta").fill("20")
    page.get_by_label("Pendaftaran dibuka").fill(_local(now))
    page.get_by_label("Pendaftaran ditutup").fill(_local(now + datetime.timedelta(days=6)))
    page.locator("#id_people-0-name").fill("Dr. Hendra Kusuma")
    _tap_twice(page, page.get_by_role("button", name="Simpan"))
    page.wait_for_url(re.compile(r"/kegiatan/\d+/$"))
    assert Event.objects.filter(title="Bimtek dua klik").count() == 1


def test_register_participant_twice_clicked_makes_one(page):
    manager = _as(page, Role.MANAGER)
    kim = registered_kim("KIM Kramat Cerdas", managers=[manager])
    event = make_event()
    member = board_of(kim)[0]
    page.goto(f"{page.base_url}/kegiatan/{event.pk}/daftar/")
    page.get_by_label(member.full_name).check()
    _tap_twice(page, page.get_by_role("button", name="Daftarkan"))
    page.wait_for_url(f"**/kegiatan/{event.pk}/")
    expect(page.get_by_role("alert").first).to_be_visible()
    assert Registration.objects.filter(event=event).count() == 1
