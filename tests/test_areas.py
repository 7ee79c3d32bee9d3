from kimportal.core.areas.loader import load_areas
from kimportal.core.areas.models import District, Province, Regency, Village


def test_all_of_indonesia_is_loaded(db):
    assert Province.objects.count() == 38
    assert Regency.objects.count() == 514
    assert District.objects.count() == 7285
    assert Village.objects.count() == 83762
    assert Regency.objects.filter(province="36").count() == 8
    assert District.objects.filter(regency__province="36").count() == 155
    assert Village.objects.filter(district__regency__province="36").count() == 1552


def test_second_load_changes_nothing_and_says_so(db):
    result = load_areas()
    assert not result.changed
    assert all(r.created == 0 and r.renamed == 0 for r in result.levels.values())


def test_load_restores_a_renamed_village_and_adds_a_missing_one(db):
    Village.objects.filter(code="36.04.05.2001").update(name="Nama Lama")
    Village.objects.filter(code="36.04.05.2002").delete()
    result = load_areas()
    assert result.changed
    assert Village.objects.get(code="36.04.05.2002")
    assert Village.objects.get(code="36.04.05.2001").name != "Nama Lama"
    assert result.levels["desa/kelurahan"].renamed == 1
    assert result.levels["desa/kelurahan"].created == 1


def test_load_areas_command_reports_no_change(db, capsys):
    from django.core.management import call_command

    call_command("load_areas")
    assert "tidak ada perubahan" in capsys.readouterr().out


def test_picker_lists_one_level_under_its_parent(client, db):
    regencies = client.get("/wilayah/kabupaten/36/").json()["results"]
    assert len(regencies) == 8
    assert {"code": "36.04", "name": "Kabupaten Serang"} in regencies
    villages = client.get("/wilayah/desa/36.04.05/").json()["results"]
    assert villages
    assert all(v["code"].startswith("36.04.05.") for v in villages)


def test_picker_unknown_level_is_404(client, db):
    assert client.get("/wilayah/provinsi/36/").status_code == 404
