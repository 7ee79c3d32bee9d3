"""seed_scale (the synthetic national dataset) and bench (the figures as JSON lines)."""

import importlib.util
import json

import pytest
from django.core.management import call_command
from django.core.management.base import CommandError
from django.db import connection

from capacity.models import Event, Registration
from kimportal.core import crypto
from kimportal.core.models import User
from kimportal.site import scale
from kimportal.site.bench.pages import last_page_url
from partnerships.models import Agreement
from registry.models import Kim, KimStatus, Letter, LetterStatus, Member
from registry.nik import existing_districts, parse_nik
from registry.services.workflow import nomor_induk_issue


def seed(**options):
    out = []

    class Out:
        def write(self, text, ending="\n"):
            out.append(text)

    call_command("seed_scale", stdout=Out(), **options)
    return json.loads(out[-1])


def test_seed_scale_fills_every_state_with_valid_boards_letters_and_numbers(db):
    summary = seed(kim=300, seed=3)

    assert summary["kim"] == Kim.objects.count() == 300
    assert set(Kim.objects.values_list("status", flat=True)) == set(KimStatus.values)
    assert Kim.objects.values("regency_id__province").distinct().count() > 10
    # Every board member holds a NIK the roster form would accept, in the KIM's district.
    niks = list(Member.objects.values_list("nik", "gender", "roster__kim__village_id"))
    assert len(niks) == 3000
    districts = existing_districts([nik for nik, _gender, _village in niks])
    for nik, gender, village in niks:
        info = parse_nik(nik, known_districts=districts)
        assert info.district_code == village[:8]
        assert info.female == (gender == "P")
    # Loaded as the ORM writes them: NIK and phone encrypted, the NIK's HMAC beside it.
    with connection.cursor() as cursor:
        cursor.execute("SELECT nik, phone, nik_hash FROM registry_member LIMIT 50")
        for raw_nik, raw_phone, digest in cursor.fetchall():
            assert not raw_nik.isdigit()
            assert not raw_phone.startswith("08")
            assert digest
    member = Member.objects.first()
    assert member.nik_hash == crypto.blind_index(member.nik)
    # Registered KIM carry a Nomor Induk and exactly one valid letter; drafts have neither.
    registered = Kim.objects.filter(status=KimStatus.REGISTERED)
    assert not registered.filter(nomor_induk=None).exists()
    assert Letter.objects.filter(status=LetterStatus.VALID).count() == registered.count()
    assert not Kim.objects.filter(status=KimStatus.DRAFT).exclude(nomor_induk=None).exists()
    assert Agreement.objects.count() == 60
    assert Event.objects.count() == 15
    assert 590 <= Registration.objects.count() <= 700
    # The counters continue after the loaded numbers: the next issue is a new number.
    approved = Kim.objects.filter(status=KimStatus.APPROVED).first()
    officer = User.objects.get(username=scale.regency_user(approved.regency_id))
    issued = nomor_induk_issue(kim=approved, actor=officer)
    assert Kim.objects.filter(nomor_induk=issued.nomor_induk).count() == 1


def test_seed_scale_is_repeatable_with_a_seed(db):
    seed(kim=50, seed=7)
    first = list(Kim.objects.order_by("pk").values_list("name", "village_id", "status"))
    with pytest.raises(CommandError, match="--reset"):
        seed(kim=50, seed=7)
    seed(kim=50, seed=7, reset=True)
    assert list(Kim.objects.order_by("pk").values_list("name", "village_id", "status")) == first


def test_seed_scale_refuses_a_database_with_real_data(db, manager):
    with pytest.raises(CommandError, match="non-synthetic"):
        seed(kim=10)
    assert not Kim.objects.exists()
    with pytest.raises(CommandError, match="never beside real data"):
        seed(kim=10, force=True, reset=True)
    assert seed(kim=10, force=True)["kim"] == 10


def test_bench_refuses_a_database_with_real_data(db, manager):
    with pytest.raises(CommandError, match="non-synthetic"):
        call_command("bench")


def test_the_deep_page_is_the_last_page_link_or_past_the_end():
    html = '<a class="page-link" href="?sort=name&amp;before=x">Terakhir</a>'
    assert last_page_url(html, "/kim/?sort=name") == "/kim/?sort=name&before=x"
    assert last_page_url("<p>no links</p>", "/kim/") == "/kim/?page=99999"
    assert last_page_url("", "/kim/?q=a") == "/kim/?q=a&page=99999"


UNITS = {"ms", "queries", "per_s", "x"}
PAGES = [
    *("review_queue_p1", "review_queue_deep", "kim_list_p1", "kim_list_deep"),
    *("directory_p1", "directory_deep", "directory_search", "kim_detail"),
    *("dashboard_province", "dashboard_regency", "agreement_list_p1", "agreement_list_deep"),
    *("report_list_p1", "report_list_deep", "event_list_p1", "event_list_deep"),
    *("participants_p1", "participants_deep"),
]


@pytest.mark.slow  # renders real letters
@pytest.mark.django_db(transaction=True)
def test_bench_quick_prints_one_json_object_per_metric(capsys):
    call_command("bench", quick=True)
    lines = capsys.readouterr().out.splitlines()

    metrics = {}
    for line in lines:
        assert line.startswith("{"), line
        record = json.loads(line)
        assert set(record) == {"metric", "value", "unit"}
        assert record["unit"] in UNITS
        assert isinstance(record["value"], int | float)
        assert record["value"] >= 0
        metrics[record["metric"]] = record["unit"]
    expected = {
        "baseline_ok_ms": "ms",
        "baseline_ok_anonymous_ms": "ms",
        "healthz_ms": "ms",
        "admin_changelist_ms": "ms",
    }
    for page in PAGES:
        expected |= {f"{page}_ms": "ms", f"{page}_queries": "queries", f"{page}_x": "x"}
    expected |= {
        "review_queue_vs_admin_x": "x",
        "letter_pdf_ms": "ms",
        "roster_import_rows_per_s": "per_s",
        "export_xlsx_rows_per_s": "per_s",
        "nomor_induk_issue_ms": "ms",
    }
    assert metrics == expected
    # The throwaway database is gone; the test database is untouched.
    assert not Kim.objects.exists()


@pytest.mark.slow  # gunicorn and locust for a few seconds
@pytest.mark.django_db(transaction=True)
def test_loadtest_reports_every_endpoint_group_without_errors(banten_areas, capsys):
    if importlib.util.find_spec("locust") is None:  # not imported: it monkey-patches threads
        pytest.skip("locust is in the bench extra: pip install -e .[bench]")
    seed(kim=200, seed=5)
    call_command("loadtest", users=4, seconds=4, port=8799, workers=2, wait="0.1,0.3")
    out = capsys.readouterr().out
    assert "officer: " in out  # a few seconds: not every group comes up
    assert "public: " in out
    assert "baseline: ok view" in out
    assert "baseline: /healthz" in out
    rows = [line.split() for line in out.splitlines() if line.startswith("  ")]
    assert all(row[-1] == "0" for row in rows if row[0] != "endpoint"), out  # no errors
    assert len([row for row in rows if row[0] == "all"]) == 2
