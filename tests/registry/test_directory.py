"""The public directory of KIM and the KIM public profile."""

import csv
import datetime
import io

import pytest
from django.core.cache import cache
from django.urls import reverse
from django.utils import timezone
from openpyxl import load_workbook

from kimportal.core.exports import neutralise
from kimportal.core.models import Job
from registry.jobs import directory_files_refresh
from registry.models import KimStatus
from registry.selectors.directory import DirectoryFilters
from tests.factories import KimFactory, RosterFactory, make_board

pytestmark = pytest.mark.django_db

DIRECTORY = reverse("registry:directory")
NOT_PUBLIC = [
    KimStatus.DRAFT,
    KimStatus.SUBMITTED,
    KimStatus.RETURNED,
    KimStatus.APPROVED,
    KimStatus.REJECTED,
]
PUBLIC = [KimStatus.REGISTERED, KimStatus.INACTIVE, KimStatus.REVOKED]


def registered(name=None, village="36.04.05.2001", status=KimStatus.REGISTERED, **extra):
    """A KIM with a Nomor Induk, as the workflow leaves it."""
    kim = KimFactory(
        village_id=village,
        status=status,
        registered_at=extra.pop("registered_at", timezone.now()),
        **({"name": name} if name else {}),
        **extra,
    )
    kim.nomor_induk = f"KIM-{kim.regency_id.replace('.', '')}-2025-{kim.pk:04d}"
    kim.save(update_fields=["nomor_induk"])
    return kim


def names_in(response):
    return [kim.name for kim in response.context["page"].object_list]


# --- access ---------------------------------------------------------------------------


def test_anonymous_sees_the_directory_and_a_profile(client):
    kim = registered("KIM Cahaya Desa")
    assert client.get(DIRECTORY).status_code == 200
    response = client.get(reverse("registry:directory-detail", args=[kim.pk]))
    assert response.status_code == 200
    assert "KIM Cahaya Desa" in response.content.decode()


@pytest.mark.parametrize(
    "user_fixture", ["manager", "officer_lebak", "province_staff", "other_province_staff"]
)
def test_every_role_sees_the_same_public_directory(request, client_for, user_fixture):
    kim = registered("KIM Terbuka Untuk Semua")
    client = client_for(request.getfixturevalue(user_fixture))
    assert names_in(client.get(DIRECTORY)) == ["KIM Terbuka Untuk Semua"]
    assert client.get(reverse("registry:directory-detail", args=[kim.pk])).status_code == 200


@pytest.mark.parametrize("status", NOT_PUBLIC)
def test_kim_not_yet_registered_is_not_listed_and_its_profile_is_404(client, status):
    hidden = KimFactory(name="KIM Belum Terdaftar", status=status)
    registered("KIM Sudah Terdaftar")
    response = client.get(DIRECTORY)
    assert names_in(response) == ["KIM Sudah Terdaftar"]
    assert "KIM Belum Terdaftar" not in response.content.decode()
    assert client.get(reverse("registry:directory-detail", args=[hidden.pk])).status_code == 404


def test_unknown_profile_is_404(client):
    assert client.get(reverse("registry:directory-detail", args=[999999])).status_code == 404


@pytest.mark.parametrize(
    ("status", "badge"),
    [
        (KimStatus.REGISTERED, "Terdaftar"),
        (KimStatus.INACTIVE, "Tidak aktif"),
        (KimStatus.REVOKED, "Dicabut"),
    ],
)
def test_registered_inactive_and_revoked_are_public_with_their_status(client, status, badge):
    kim = registered("KIM Berstatus", status=status)
    listing = client.get(DIRECTORY).content.decode()
    assert "KIM Berstatus" in listing
    assert badge in listing
    profile = client.get(reverse("registry:directory-detail", args=[kim.pk])).content.decode()
    assert badge in profile
    assert kim.nomor_induk in profile


def test_revoked_profile_says_the_number_is_no_longer_valid(client):
    kim = registered("KIM Dicabut", status=KimStatus.REVOKED)
    response = client.get(reverse("registry:directory-detail", args=[kim.pk]))
    assert "telah dicabut" in response.content.decode()


# --- personal data --------------------------------------------------------------------


def test_no_nik_phone_or_member_name_reaches_the_public_pages(
    client, django_capture_on_commit_callbacks
):
    kim = registered(
        "KIM Privasi",
        phone="081299998888",
        email="rahasia-kim@example.org",
        address="Jl. Rahasia No. 9",
        focus="Pertanian",
        website="https://privasi.example.org/",
        kimid_address="https://privasi.kim.id",
        social_links="https://instagram.com/kimprivasi\njavascript:alert(1)",
    )
    members = make_board(RosterFactory(kim=kim), extra_members=2)
    for index, member in enumerate(members):
        member.full_name = f"Pengurus Rahasia Nomor {index}"
        member.save(update_fields=["full_name"])

    pages = [
        client.get(DIRECTORY).content.decode(),
        client.get(DIRECTORY, {"q": "privasi"}).content.decode(),
        client.get(reverse("registry:directory-detail", args=[kim.pk])).content.decode(),
        b"".join(client.get(DIRECTORY, {"format": "csv", "q": "pri"}).streaming_content).decode(),
        full_file(client, django_capture_on_commit_callbacks, "csv").decode("utf-8-sig"),
    ]
    for html in pages:
        assert "KIM Privasi" in html
        for member in members:
            assert member.nik not in html
            assert member.phone not in html
            assert member.full_name not in html
        assert "081299998888" not in html
        assert "rahasia-kim@example.org" not in html
        assert "Jl. Rahasia" not in html

    profile = pages[2]
    assert "Pertanian" in profile
    assert 'href="https://instagram.com/kimprivasi"' in profile
    assert 'href="https://privasi.kim.id"' in profile
    assert "javascript:" not in profile


# --- search, filters, sorting, pagination ---------------------------------------------


@pytest.fixture
def spread(db):
    """KIM in two districts of Kab. Serang, in Kota Serang and in Lebak."""
    return {
        "kramatwatu": registered("KIM Kramat Jaya", village="36.04.05.2001"),
        "margasana": registered("KIM Margasana Mandiri", village="36.04.05.2002"),
        "sasahan": registered("KIM Sasahan Sejahtera", village="36.04.06.2005"),
        "kota": registered("KIM Kota Baru", village="36.73.01.1004", status=KimStatus.INACTIVE),
        "lebak": registered("KIM Cahaya Malingping", village="36.02.01.2002"),
    }


def test_search_by_name_is_case_insensitive_and_partial(client, spread):
    assert names_in(client.get(DIRECTORY, {"q": "jaya"})) == ["KIM Kramat Jaya"]
    assert names_in(client.get(DIRECTORY, {"q": "  SASAHAN  "})) == ["KIM Sasahan Sejahtera"]
    assert names_in(client.get(DIRECTORY, {"q": "tidak ada"})) == []


def test_filters_by_regency_district_village_and_province(client, spread):
    assert names_in(client.get(DIRECTORY, {"provinsi": "36", "kabupaten": "36.04"})) == [
        "KIM Kramat Jaya",
        "KIM Margasana Mandiri",
        "KIM Sasahan Sejahtera",
    ]
    assert names_in(client.get(DIRECTORY, {"kecamatan": "36.04.05"})) == [
        "KIM Kramat Jaya",
        "KIM Margasana Mandiri",
    ]
    assert names_in(client.get(DIRECTORY, {"desa": "36.04.05.2002"})) == ["KIM Margasana Mandiri"]
    assert len(names_in(client.get(DIRECTORY, {"provinsi": "36"}))) == 5
    assert names_in(client.get(DIRECTORY, {"provinsi": "32"})) == []


def test_filter_by_status(client, spread):
    assert names_in(client.get(DIRECTORY, {"status": "inactive"})) == ["KIM Kota Baru"]
    # A status that is not public is ignored, not used to reveal anything.
    KimFactory(name="KIM Draf", status=KimStatus.DRAFT)
    assert "KIM Draf" not in names_in(client.get(DIRECTORY, {"status": "draft"}))


def test_search_and_filters_combine(client, spread):
    response = client.get(DIRECTORY, {"q": "kim", "kabupaten": "36.04", "kecamatan": "36.04.06"})
    assert names_in(response) == ["KIM Sasahan Sejahtera"]


def test_chosen_area_shows_its_children_as_options(client, spread):
    response = client.get(DIRECTORY, {"provinsi": "36", "kabupaten": "36.04"})
    options = response.context["options"]
    assert ("36.73", "Kota Serang") in options["regencies"]
    assert ("36.04.05", "Kramatwatu") in options["districts"]
    assert options["villages"] == []


def test_sorting(client, spread):
    spread["lebak"].registered_at = timezone.now() + datetime.timedelta(days=1)
    spread["lebak"].save(update_fields=["registered_at"])
    by_name = names_in(client.get(DIRECTORY))
    assert by_name == sorted(by_name)
    assert names_in(client.get(DIRECTORY, {"urut": "-nama"})) == by_name[::-1]
    assert names_in(client.get(DIRECTORY, {"urut": "-terdaftar"}))[0] == "KIM Cahaya Malingping"
    by_regency = names_in(client.get(DIRECTORY, {"urut": "kabupaten"}))
    # Kabupaten Lebak < Kabupaten Serang < Kota Serang
    assert by_regency[0] == "KIM Cahaya Malingping"
    assert by_regency[-1] == "KIM Kota Baru"


def test_pages_hold_25_kim(client):
    KimFactory.create_batch(
        27, status=KimStatus.REGISTERED, registered_at=timezone.now(), nomor_induk=None
    )
    first = client.get(DIRECTORY)
    assert len(first.context["page"].object_list) == 25
    assert first.context["page"].num_pages == 2
    assert len(client.get(DIRECTORY, {"page": 2}).context["page"].object_list) == 2
    assert client.get(DIRECTORY, {"page": "x"}).status_code == 200


def test_empty_search_says_what_to_do(client, spread):
    html = client.get(DIRECTORY, {"q": "zzz"}).content.decode()
    assert "Hapus pencarian dan filter" in html


@pytest.mark.parametrize(
    ("query", "expected"),
    [
        # A child code fills in its parents.
        ({"desa": "36.04.05.2001"}, ("36", "36.04", "36.04.05", "36.04.05.2001")),
        # A regency left over from another province (form sent without JavaScript) is dropped.
        ({"provinsi": "32", "kabupaten": "36.04", "kecamatan": "36.04.05"}, ("32", "", "", "")),
        ({"kabupaten": "36.04", "kecamatan": "36.73.01"}, ("36", "36.04", "", "")),
        # Malformed codes are ignored.
        ({"provinsi": "36'; --", "kabupaten": "3604"}, ("", "", "", "")),
    ],
)
def test_area_filters_are_validated_and_consistent(query, expected):
    filters = DirectoryFilters.from_query(query)
    assert (filters.province, filters.regency, filters.district, filters.village) == expected


def test_unknown_sort_and_overlong_search_are_tamed():
    filters = DirectoryFilters.from_query({"urut": "nik", "q": "a" * 500, "status": "draft"})
    assert filters.sort == "nama"
    assert len(filters.q) == 100
    assert filters.status == ""


# --- exports --------------------------------------------------------------------------


def test_csv_export_holds_the_filtered_list_with_formulas_neutralised(client, spread):
    registered('=HYPERLINK("http://evil.example","klik")', village="36.04.05.2003")
    registered("+KIM Plus", village="36.04.05.2003")
    response = client.get(DIRECTORY, {"kabupaten": "36.04", "format": "csv"})
    assert response["Content-Type"].startswith("text/csv")
    assert "attachment" in response["Content-Disposition"]
    text = b"".join(response.streaming_content).decode("utf-8-sig")
    rows = list(csv.reader(io.StringIO(text)))
    assert rows[0][:3] == ["Nama KIM", "Nomor Induk", "Status"]
    names = [row[0] for row in rows[1:]]
    assert '\'=HYPERLINK("http://evil.example","klik")' in names
    assert "'+KIM Plus" in names
    assert "KIM Kota Baru" not in names  # Kota Serang is outside the filter
    assert len(names) == 5
    kramat = next(row for row in rows if row[0] == "KIM Kramat Jaya")
    assert kramat[3:7] == ["Kramatwatu", "Kramatwatu", "Kabupaten Serang", "Banten"]


def test_xlsx_export_neutralises_formulas_too(client):
    registered("=1+1")
    response = client.get(DIRECTORY, {"format": "xlsx", "q": "1+1"})
    sheet = load_workbook(io.BytesIO(response.content)).active
    assert sheet["A2"].value == "'=1+1"
    assert sheet["A2"].data_type == "s"


@pytest.mark.parametrize(
    ("value", "expected"),
    [
        ("=SUM(A1)", "'=SUM(A1)"),
        ("-2+3", "'-2+3"),
        ("@cmd", "'@cmd"),
        ("\t=1", "'\t=1"),
        ("KIM Biasa", "KIM Biasa"),
        (-5, -5),
        (None, ""),
    ],
)
def test_neutralise(value, expected):
    assert neutralise(value) == expected


# --- queries --------------------------------------------------------------------------


@pytest.mark.parametrize("count", [5, 50])
def test_directory_query_count_does_not_grow_with_data(client, django_assert_num_queries, count):
    for index in range(count):
        registered(f"KIM Hitung {index:02d}", website="https://contoh.example.org/")
    # 1 provinces for the filter, 2-3 the planner's estimate and a count capped at 10,000
    # (the total), 4 the page of KIM with their village, district, regency and province
    # (select_related), 5 the full file's date.
    with django_assert_num_queries(5):
        client.get(DIRECTORY)
    # A search: the planner's estimate, then its matches gathered and sorted once (the total
    # and the page's ids), the page's KIM; + 1 regencies of the province, + 1 districts of
    # the regency (filter options); no file date for a filtered list.
    with django_assert_num_queries(6):
        client.get(DIRECTORY, {"kabupaten": "36.04", "q": "hitung", "urut": "kabupaten"})


def test_profile_is_one_query(client, django_assert_num_queries):
    kim = registered("KIM Satu Kueri")
    with django_assert_num_queries(1):  # the KIM with its village, district, regency, province
        client.get(reverse("registry:directory-detail", args=[kim.pk]))


# --- home -----------------------------------------------------------------------------


def test_home_page_has_a_labelled_directory_search_box(client):
    html = client.get(reverse("home")).content.decode()
    assert f'action="{DIRECTORY}"' in html
    assert '<label class="form-label small mb-1" for="home-q">' in html
    assert 'id="home-q" name="q"' in html


# --- exports: the full file, built by a job; small filtered exports at once ------------


def full_file(client, capture, fmt):
    """Build the directory files (the schedule's job, eagerly) and download one."""
    with capture(execute=True):
        directory_files_refresh()
    response = client.get(reverse("registry:directory-file", args=[fmt]))
    assert response.status_code == 200
    return b"".join(response.streaming_content)


def test_the_whole_directory_export_is_the_prebuilt_file(
    client, django_capture_on_commit_callbacks
):
    registered("KIM Berkas Penuh")
    file_url = reverse("registry:directory-file", args=["xlsx"])
    assert client.get(file_url).status_code == 404  # not built yet: no work is started
    response = client.get(DIRECTORY, {"format": "xlsx"})
    assert response.status_code == 302
    assert response["Location"] == file_url
    assert not Job.objects.exists()  # anonymous requests never start work

    data = full_file(client, django_capture_on_commit_callbacks, "xlsx")
    sheet = load_workbook(io.BytesIO(data)).active
    assert sheet["A2"].value == "KIM Berkas Penuh"
    response = client.get(file_url)
    assert response["Cache-Control"] == "public, max-age=300"
    assert "Last-Modified" in response
    b"".join(response.streaming_content)  # read to the end: the file is closed
    assert "Seluruh direktori, per" in client.get(DIRECTORY).content.decode()


def test_directory_files_are_rebuilt_only_after_a_change(django_capture_on_commit_callbacks):
    kim = registered("KIM Berubah")
    with django_capture_on_commit_callbacks(execute=True):
        assert directory_files_refresh() == 2  # csv and xlsx
    with django_capture_on_commit_callbacks(execute=True):
        assert directory_files_refresh() == 0  # run twice: nothing twice
    kim.name = "KIM Sudah Berubah"
    kim.save()
    with django_capture_on_commit_callbacks(execute=True):
        assert directory_files_refresh() == 2
    latest = Job.objects.filter(params__format="csv").order_by("-finished_at")
    assert latest[0].expires_at is None  # the public file stays until replaced
    assert latest[1].expires_at is not None  # the one it replaced goes soon


def test_a_big_filtered_export_is_refused_with_a_way_out(client, settings):
    settings.EXPORT_SYNC_MAX_ROWS = 2
    for index in range(3):
        registered(f"KIM Banyak {index}")
    response = client.get(DIRECTORY, {"format": "csv", "q": "banyak"})
    assert response.status_code == 200
    assert "Terlalu banyak KIM untuk diunduh sekaligus" in response.content.decode()
    assert not Job.objects.exists()


def test_filtered_exports_are_rate_limited_per_address(client, settings):
    cache.clear()  # other tests' exports this minute
    settings.EXPORT_RATE_LIMIT_PER_MINUTE = 2
    registered("KIM Batas")
    for _ in range(2):
        response = client.get(DIRECTORY, {"format": "csv", "q": "batas"})
        assert response.status_code == 200
        b"".join(response.streaming_content)
    response = client.get(DIRECTORY, {"format": "csv", "q": "batas"})
    assert response.status_code == 429
