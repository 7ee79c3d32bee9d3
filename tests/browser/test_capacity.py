"""Capacity building in Chromium: the bimtek journey from creation to a verified
certificate, and check-in at a village hall without signal."""

import base64
import datetime
import subprocess
import tempfile
from pathlib import Path

import pytest
from django.utils import timezone
from playwright.sync_api import expect

from capacity.models import Attendance, Certificate, Event, Registration
from kimportal.core.accounts.roles import Role
from tests.browser.conftest import login, shot
from tests.capacity.helpers import board_of, make_event, register
from tests.factories import PASSWORD, UserFactory
from tests.registry.letter_helpers import configure_office, registered_kim

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

JSQR = Path(__file__).resolve().parents[2] / "static" / "vendor" / "jsqr" / "jsQR.js"


def _local(moment):
    return timezone.localtime(moment).strftime("%Y-%m-%dT%H:%M")


def _as(browser, page, user):
    """A new phone-sized browser for another person, logged in."""
    context = browser.new_context(viewport={"width": 360, "height": 740}, locale="id-ID")
    other = context.new_page()
    other.set_default_timeout(10_000)
    other.base_url = page.base_url
    login(other, user.username, PASSWORD)
    other.wait_for_url("**/beranda/")
    return other


def _register(page, event, members):
    page.goto(f"{page.base_url}/kegiatan/{event.pk}/")
    page.get_by_role("link", name="Daftarkan peserta").click()
    for member in members:
        page.get_by_label(member.full_name).check()
    page.get_by_role("button", name="Daftarkan").click()
    try:
        page.wait_for_url(f"**/kegiatan/{event.pk}/")
    except Exception:
        shot(page, "debug-register")
        raise


def _qr_url_of(page, pdf):
    """Render the certificate's first page to PNG (pdftoppm) and read its QR code with the
    vendored jsQR, as a phone camera would."""
    with tempfile.TemporaryDirectory() as folder:
        source = Path(folder) / "c.pdf"
        source.write_bytes(pdf)
        subprocess.run(  # noqa: S603 — a fixed poppler tool on our own bytes
            ["/usr/bin/pdftoppm", "-png", "-r", "150", "-singlefile", str(source), f"{folder}/c"],
            check=True,
        )
        png = base64.b64encode((Path(folder) / "c.png").read_bytes()).decode()
    page.goto("about:blank")
    page.add_script_tag(path=str(JSQR))
    return page.evaluate(
        """async (data) => {
            const image = new Image();
            image.src = "data:image/png;base64," + data;
            await image.decode();
            const canvas = document.createElement("canvas");
            canvas.width = image.width; canvas.height = image.height;
            const ctx = canvas.getContext("2d");
            ctx.drawImage(image, 0, 0);
            const pixels = ctx.getImageData(0, 0, canvas.width, canvas.height);
            const found = jsQR(pixels.data, pixels.width, pixels.height);
            return found ? found.data : null;
        }""",
        png,
    )


def test_bimtek_from_creation_to_a_verified_certificate(page, browser):
    officer = UserFactory(role=Role.REGENCY, regency_id="36.04", first_name="Petugas")
    configure_office()
    manager_a = UserFactory(role=Role.MANAGER, regency_id="36.04")
    manager_b = UserFactory(role=Role.MANAGER, regency_id="36.04")
    kim_a = registered_kim("KIM Kramat Cerdas", managers=[manager_a])
    kim_b = registered_kim("KIM Pejaten Maju", managers=[manager_b])

    # The officer creates a bimtek with a quota of 2, running today, and opens it.
    login(page, officer.username, PASSWORD)
    page.wait_for_url("**/beranda/")
    page.goto(f"{page.base_url}/kegiatan/baru/")
    now = timezone.now()
    page.get_by_label("Jenis kegiatan").select_option("bimtek")
    page.get_by_label("Judul").fill("Bimtek Pengelolaan Situs KIM.id")
    page.get_by_label("Mulai").fill(_local(now - datetime.timedelta(minutes=30)))
    page.get_by_label("Selesai").fill(_local(now + datetime.timedelta(hours=5)))
    page.get_by_label("Tempat").fill("Aula Kecamatan Kramatwatu")
    page.get_by_label("Jam pelajaran (JP)").fill("6")
    page.get_by_label("Kuota peserta").fill("2")
    page.get_by_label("Pendaftaran dibuka").fill(_local(now - datetime.timedelta(hours=2)))
    page.get_by_label("Pendaftaran ditutup").fill(_local(now + datetime.timedelta(hours=4)))
    page.locator("#id_people-0-name").fill("Dr. Hendra Kusuma")
    page.get_by_role("button", name="Simpan").click()
    expect(page.get_by_text("Kegiatan dibuat sebagai draf")).to_be_visible()
    page.get_by_role("button", name="Buka pendaftaran").click()
    expect(page.get_by_text("Status kegiatan: Pendaftaran dibuka.")).to_be_visible()
    event = Event.objects.get(title="Bimtek Pengelolaan Situs KIM.id")
    shot(page, "capacity-event-officer")

    # Two KIM managers register members; the third registration waits.
    phone_a = _as(browser, page, manager_a)
    _register(phone_a, event, board_of(kim_a)[:1])
    expect(phone_a.get_by_text("Terdaftar:")).to_be_visible()
    phone_b = _as(browser, page, manager_b)
    _register(phone_b, event, board_of(kim_b)[:2])
    expect(phone_b.get_by_role("alert")).to_contain_text("Kuota penuh — masuk daftar tunggu")
    shot(phone_b, "capacity-event-manager-waitlist")
    statuses = dict(Registration.objects.filter(event=event).values_list("name", "status"))
    assert sorted(statuses.values()) == ["confirmed", "confirmed", "waitlisted"]
    attendee = Registration.objects.get(event=event, kim=kim_a)

    # At the door: the officer types the attendee's code.
    page.goto(f"{page.base_url}/kegiatan/presensi/{event.pk}/")
    page.get_by_label("Kode pendaftaran").fill(attendee.code_display.lower())
    page.get_by_role("button", name="Catat", exact=True).click()
    expect(page.locator("#feedback")).to_contain_text(f"{attendee.name} hadir.")
    expect(page.locator("#queue-count")).to_be_hidden()
    shot(page, "capacity-check-in")
    assert list(Attendance.objects.values_list("registration_id", flat=True)) == [attendee.pk]

    # Held; certificates go to the attendee only.
    page.goto(f"{page.base_url}/kegiatan/{event.pk}/")
    page.get_by_role("button", name="Tandai terlaksana").click()
    page.get_by_role("link", name="Sertifikat").click()
    page.get_by_role("button", name="Terbitkan 1 sertifikat").click()
    # A job: its page shows the outcome and the ZIP once the worker is done.
    expect(page.get_by_text("1 sertifikat diterbitkan")).to_be_visible(timeout=30_000)
    shot(page, "capacity-certificates")
    [certificate] = Certificate.objects.all()
    assert certificate.registration_id == attendee.pk

    # The QR code printed on the certificate opens the public verification page.
    url = _qr_url_of(page, bytes(certificate.pdf))
    assert url
    assert url.endswith(f"/v/{certificate.token}/")
    page.goto(page.base_url + url.split("testserver", 1)[1])
    expect(page.get_by_text("Sertifikat ini SAH")).to_be_visible()
    expect(page.get_by_text(attendee.name)).to_be_visible()
    shot(page, "capacity-certificate-verified")


def test_check_in_keeps_working_offline_and_syncs_once(page):
    officer = UserFactory(role=Role.REGENCY, regency_id="36.04")
    manager = UserFactory(role=Role.MANAGER, regency_id="36.04")
    kim = registered_kim("KIM Balai Desa", managers=[manager])
    event = make_event(starts_in=-datetime.timedelta(hours=1))
    people = [register(event, kim, member) for member in board_of(kim)]
    login(page, officer.username, PASSWORD)
    page.wait_for_url("**/beranda/")
    page.goto(f"{page.base_url}/kegiatan/presensi/{event.pk}/")
    expect(page.locator("#people li")).to_have_count(3)
    page.evaluate("navigator.serviceWorker.ready.then(() => true)")

    page.context.set_offline(True)
    expect(page.locator("#net")).to_contain_text("Luring")
    page.get_by_label("Kode pendaftaran").fill(people[0].code)
    page.get_by_role("button", name="Catat", exact=True).click()
    page.get_by_role("button", name=f"Catat {people[1].name} hadir").click()
    page.get_by_label("Kode pendaftaran").fill(people[2].code_display)
    page.get_by_role("button", name="Catat", exact=True).click()
    expect(page.locator("#queue-count")).to_have_text("3 menunggu dikirim")
    # The page opens again without signal (the service worker kept it), queue intact.
    page.reload()
    expect(page.locator("#queue-count")).to_have_text("3 menunggu dikirim")
    expect(page.locator("#people li")).to_have_count(3)
    shot(page, "capacity-check-in-offline")
    assert Attendance.objects.count() == 0

    page.context.set_offline(False)
    expect(page.locator("#queue-count")).to_be_hidden(timeout=15_000)
    expect(page.locator("#present-count")).to_have_text("3")
    recorded = sorted(Attendance.objects.values_list("registration_id", flat=True))
    assert recorded == sorted(p.pk for p in people)
