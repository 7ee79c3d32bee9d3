"""Public verification of letters: by link/code and by uploaded PDF; counted, rate limited."""

import datetime

import pytest
from django.core.cache import cache
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from registry.models import Letter, LetterStatus
from tests.dates import WIB
from tests.registry.letter_helpers import registered_kim, stored_letter

pytestmark = pytest.mark.django_db

VERIFY = reverse("verification:check")


@pytest.fixture(autouse=True)
def _fresh_rate_limit():
    cache.clear()
    yield
    cache.clear()


def page(letter):
    return reverse("verification:document", args=[letter.token])


def test_valid_letter_shows_what_the_letter_states_and_no_personal_data(client, manager):
    kim = registered_kim("KIM Cahaya Kramat", managers=[manager])
    kim.phone = "081234567890"
    kim.save(update_fields=["phone"])
    letter = stored_letter(kim, "7/KIM/3604/2025")
    response = client.get(page(letter))
    body = response.content.decode()
    assert response.status_code == 200
    assert "SAH dan BERLAKU" in body
    for fact in (
        "KIM Cahaya Kramat",
        kim.nomor_induk,
        "7/KIM/3604/2025",
        "Kramatwatu",
        "Kabupaten Serang",
        "Banten",
    ):
        assert fact in body
    for member in kim.rosters.get().members.all():
        assert member.nik not in body
        assert member.phone not in body
        assert member.full_name not in body
    assert kim.phone not in body
    assert kim.address not in body
    assert manager.email not in body
    assert 'name="robots" content="noindex"' in body


def test_each_verification_is_counted(client):
    letter = stored_letter(registered_kim())
    client.get(page(letter))
    client.get(page(letter))
    letter.refresh_from_db()
    assert letter.verification_count == 2


def test_superseded_letter_says_so_and_names_its_successor(client):
    kim = registered_kim()
    new = stored_letter(kim, "2/KIM/3604/2025")
    old = stored_letter(kim, "1/KIM/3604/2025", status=LetterStatus.SUPERSEDED, superseded_by=new)
    body = client.get(page(old)).content.decode()
    assert "DIGANTIKAN" in body
    assert "2/KIM/3604/2025" in body
    assert "SAH dan BERLAKU" not in body


def test_revoked_letter_says_it_is_revoked(client):
    letter = stored_letter(registered_kim(), status=LetterStatus.REVOKED)
    body = client.get(page(letter)).content.decode()
    assert "DICABUT" in body
    assert "SAH dan BERLAKU" not in body


def test_letter_of_a_kim_that_became_inactive_warns_the_reader(client):
    from registry.models import Kim, KimStatus

    letter = stored_letter(registered_kim())
    Kim.objects.filter(pk=letter.kim_id).update(status=KimStatus.INACTIVE)
    body = client.get(page(letter)).content.decode()
    assert "TIDAK AKTIF" in body
    assert "SAH dan BERLAKU" not in body


def test_unknown_token_gets_a_helpful_404_page(client):
    response = client.get(reverse("verification:document", args=["ABCDEFGHJKMNPQRS"]))
    assert response.status_code == 404
    body = response.content.decode()
    assert "Surat tidak ditemukan" in body
    assert "Kode salah ketik" in body
    assert client.get("/v/not-a-token/").status_code == 404


def test_typed_code_in_any_case_with_dashes_leads_to_the_letter(client):
    letter = stored_letter(registered_kim())
    typed = letter.token_display.lower()
    response = client.get(VERIFY, {"kode": f"  {typed} "})
    assert response.status_code == 302
    assert response["Location"] == page(letter)


def test_malformed_code_is_explained_on_the_form(client):
    response = client.get(VERIFY, {"kode": "12345"})
    assert response.status_code == 200
    assert response.context["code_form"].errors["kode"]


def test_uploaded_pdf_identical_to_an_issued_letter_matches(client):
    letter = stored_letter(registered_kim(), "9/KIM/3604/2025")
    upload = SimpleUploadedFile("surat.pdf", bytes(letter.pdf), content_type="application/pdf")
    response = client.post(VERIFY, {"berkas": upload})
    body = response.content.decode()
    assert response.status_code == 200
    assert "sama persis" in body
    assert "9/KIM/3604/2025" in body
    letter.refresh_from_db()
    assert letter.verification_count == 1


def test_uploaded_pdf_that_differs_by_one_byte_does_not_match(client):
    letter = stored_letter(registered_kim())
    changed = bytes(letter.pdf)[:-2] + b"X\n"
    upload = SimpleUploadedFile("surat.pdf", changed, content_type="application/pdf")
    body = client.post(VERIFY, {"berkas": upload}).content.decode()
    assert "Berkas tidak cocok" in body
    assert letter.number not in body
    assert Letter.objects.get(pk=letter.pk).verification_count == 0


def test_upload_that_is_not_a_pdf_is_refused(client):
    upload = SimpleUploadedFile(
        "surat.pdf", b"<html>not a pdf</html>", content_type="application/pdf"
    )
    response = client.post(VERIFY, {"berkas": upload})
    assert response.context["upload_form"].errors["berkas"]


# The limit counts per clock minute: a run that crossed one used to start counting anew.
# Frozen mid-minute (any past moment) so all lookups land in the same minute.
@pytest.mark.time_machine(datetime.datetime(2026, 3, 14, 10, 0, 30, tzinfo=WIB), tick=False)
def test_lookups_are_rate_limited_per_address(client, settings, time_machine):
    settings.VERIFY_RATE_LIMIT_PER_MINUTE = 3
    letter = stored_letter(registered_kim())
    statuses = [client.get(page(letter)).status_code for _ in range(3)]
    statuses.append(
        client.get(reverse("verification:document", args=["ABCDEFGHJKMNPQRS"])).status_code
    )
    assert statuses == [200, 200, 200, 429]
    response = client.get(page(letter))
    assert response.status_code == 429
    assert response["Retry-After"] == "60"
    assert "Terlalu banyak pemeriksaan" in response.content.decode()
    upload = SimpleUploadedFile("surat.pdf", bytes(letter.pdf), content_type="application/pdf")
    assert client.post(VERIFY, {"berkas": upload}).status_code == 429
    # Another address is not affected.
    assert client.get(page(letter), REMOTE_ADDR="10.0.0.2").status_code == 200
    letter.refresh_from_db()
    assert letter.verification_count == 4
    time_machine.shift(datetime.timedelta(minutes=1))  # the next minute counts afresh
    assert client.get(page(letter)).status_code == 200


def test_verification_form_page_is_public(client):
    response = client.get(VERIFY)
    assert response.status_code == 200
    assert "Dengan berkas PDF" in response.content.decode()
