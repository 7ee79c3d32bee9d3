"""Bulk letters: batches issued by the page's script, then one ZIP of the run's letters."""

import io
import zipfile

import pytest
from django.core.management import call_command
from django.urls import reverse

from registry.demo import letters_seed_demo
from registry.models import Letter, LetterStatus
from registry.services import letters as service
from registry.views import letters as views
from tests.registry.letter_helpers import (
    KOTA_SERANG_VILLAGE,
    LEBAK_VILLAGE,
    configure_office,
    registered_kim,
    stored_letter,
)

pytestmark = pytest.mark.django_db

BULK = reverse("registry:letters-bulk")


@pytest.fixture
def stub_render(monkeypatch):
    """Rendering is covered in test_letters.py; here each letter gets small unique bytes."""
    monkeypatch.setattr(
        service, "render_letter", lambda facts, *, number, **kw: b"%PDF-1.7 " + number.encode()
    )


def run_bulk(client, params=None):
    """Open the page, then POST batches as the page's script does; returns the last answer."""
    page = client.get(BULK, params or {})
    assert page.status_code == 200
    url = reverse("registry:letters-bulk-batch", args=[page.context["run"]])
    answers = []
    for _ in range(20):
        answers.append(client.post(url).json())
        if answers[-1]["done"]:
            break
    return page, answers


def test_regency_officer_issues_letters_for_all_registered_kim_without_one(
    client_for,
    officer_kab_serang,
    stub_render,
    monkeypatch,
):
    monkeypatch.setattr(views, "BULK_BATCH_SIZE", 2)
    configure_office()
    kims = [registered_kim(f"KIM Massal {n}") for n in range(3)]
    already = registered_kim("KIM Sudah Punya Surat")
    stored_letter(already, "9/KIM/3604/2025")
    registered_kim("KIM Kota", village=KOTA_SERANG_VILLAGE)
    client = client_for(officer_kab_serang)

    page, answers = run_bulk(client)
    assert page.context["total"] == 3
    assert [a["issued"] for a in answers] == [2, 1]
    assert [a["remaining"] for a in answers] == [1, 0]
    assert answers[-1]["done"]
    assert answers[-1]["issued_total"] == 3

    response = client.get(answers[-1]["zip_url"])
    assert response["Content-Type"] == "application/zip"
    archive = zipfile.ZipFile(io.BytesIO(b"".join(response.streaming_content)))
    letters = Letter.objects.filter(kim__in=kims)
    assert sorted(archive.namelist()) == sorted(letter.filename for letter in letters)
    for letter in letters:
        assert archive.read(letter.filename) == bytes(letter.pdf)
    assert already.letters.get().status == LetterStatus.VALID  # untouched


def test_province_staff_can_limit_a_run_to_one_regency(client_for, province_staff, stub_render):
    configure_office()
    configure_office("36.02")
    serang = registered_kim("KIM Serang")
    lebak = registered_kim("KIM Lebak", village=LEBAK_VILLAGE)
    page, answers = run_bulk(client_for(province_staff), {"regency": "36.02"})
    assert page.context["total"] == 1
    assert answers[-1]["issued_total"] == 1
    assert lebak.letters.count() == 1
    assert serang.letters.count() == 0


def test_refusals_are_reported_and_do_not_stop_the_run(client_for, officer_kab_serang, stub_render):
    configure_office()
    good = registered_kim("KIM Lengkap")
    broken = registered_kim("KIM Tanpa Pengurus")
    broken.rosters.all().delete()
    _page, answers = run_bulk(client_for(officer_kab_serang))
    assert answers[-1]["done"]
    assert good.letters.count() == 1
    assert broken.letters.count() == 0
    errors = [e for a in answers for e in a["errors"]]
    assert errors == [
        {
            "kim": "KIM Tanpa Pengurus",
            "message": "KIM ini belum punya susunan pengurus yang berlaku.",
        }
    ]


def test_other_regencies_kim_are_never_in_a_run(client_for, officer_kota_serang, stub_render):
    configure_office()
    registered_kim("KIM Kab Serang")
    page, answers = run_bulk(client_for(officer_kota_serang))
    assert page.context["total"] == 0
    assert answers[-1] == {**answers[-1], "issued_total": 0, "done": True}
    assert not Letter.objects.exists()


@pytest.mark.parametrize("user", ["manager", "admin_user"])
def test_bulk_is_for_officers(request, client_for, user):
    client = client_for(request.getfixturevalue(user))
    status = client.get(BULK).status_code
    assert status == (403 if user == "manager" else 200)


def test_a_run_of_another_session_is_404(client_for, officer_kab_serang, officer_lebak):
    page = client_for(officer_kab_serang).get(BULK)
    run = page.context["run"]
    other = client_for(officer_lebak)
    assert other.post(reverse("registry:letters-bulk-batch", args=[run])).status_code == 404
    assert other.get(reverse("registry:letters-bulk-zip", args=[run])).status_code == 404


@pytest.mark.slow
def test_seed_demo_configures_banten_and_issues_letters(officer_kab_serang):
    kim = registered_kim("KIM Demo")
    out = io.StringIO()
    assert letters_seed_demo(out) == 1
    assert kim.letters.get().issued_by == officer_kab_serang
    assert "1 surat diterbitkan" in out.getvalue()
    assert letters_seed_demo(out) == 0  # idempotent


@pytest.mark.slow
def test_bench_command_rolls_back(capsys):
    call_command("bench_letters", count=1)
    out = capsys.readouterr().out
    assert "Satu surat" in out
    assert "1 surat massal" in out
    assert not Letter.objects.exists()
