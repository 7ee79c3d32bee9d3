"""Agreement pages: jurisdiction, the list's fixed query count, exports, the PDF and its
public verification, the steps an officer takes in the browser-free flow."""

import csv
import hashlib
import io

import pytest
from django.core.cache import cache
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from openpyxl import load_workbook

from kimportal.core.models import AuditEntry
from partnerships.models import Agreement
from registry.models import Kim
from tests.partnerships.helpers import DAY, make_agreement, sign, today
from tests.registry.letter_helpers import configure_office, pdf_tool, registered_kim
from tests.upload_samples import PDF_BYTES

pytestmark = pytest.mark.django_db

LIST = reverse("partnerships:agreement-list")


def _detail(agreement):
    return reverse("partnerships:agreement-detail", args=[agreement.pk])


# --- jurisdiction ---


def test_a_regency_officer_sees_only_their_regencys_agreements(
    client_for, officer_kab_serang, kim, kota_kim
):
    own = make_agreement([kim], title="Kemitraan Kabupaten Serang")
    other = make_agreement([kota_kim], dinas="36.73", title="Kemitraan Kota Serang")
    province = make_agreement([kim], dinas="36", title="Kemitraan Provinsi Banten")
    client = client_for(officer_kab_serang)

    body = client.get(LIST).content.decode()

    assert own.title in body
    assert other.title not in body
    assert province.title not in body
    assert client.get(_detail(other)).status_code == 404
    assert client.get(_detail(province)).status_code == 404
    assert client.get(LIST + "?format=csv").getvalue().decode().count("Kemitraan") == 1


def test_provincial_staff_see_every_agreement_of_their_province_only(
    client_for, province_staff, kim, kota_kim
):
    titles = [
        make_agreement([kim], title="Kemitraan Kabupaten Serang").title,
        make_agreement([kota_kim], dinas="36.73", title="Kemitraan Kota Serang").title,
        make_agreement([kim], dinas="36", title="Kemitraan Provinsi Banten").title,
    ]
    west_java = registered_kim("KIM Bogor", village="32.01.01.1001")
    elsewhere = make_agreement([west_java], dinas="32.01", title="Kemitraan Bogor")
    client = client_for(province_staff)

    body = client.get(LIST).content.decode()

    assert all(title in body for title in titles)
    assert elsewhere.title not in body
    assert client.get(_detail(elsewhere)).status_code == 404


def test_a_kim_manager_sees_the_agreements_of_their_kim_only(client_for, manager, kim, lebak_kim):
    mine = make_agreement([kim], title="Perjanjian KIM saya")
    theirs = make_agreement([lebak_kim], dinas="36.02", title="Perjanjian KIM lain")
    client = client_for(manager)
    body = client.get(LIST).content.decode()
    assert mine.title in body
    assert theirs.title not in body
    assert client.get(_detail(theirs)).status_code == 404


def test_the_dinas_filter_and_ending_before(client_for, province_staff, kim, kota_kim):
    soon = make_agreement([kim], title="Kemitraan bulan ini", end=today() + 10 * DAY)
    later = make_agreement([kota_kim], dinas="36.73", title="Masih lama", end=today() + 300 * DAY)
    client = client_for(province_staff)

    by_dinas = client.get(LIST + "?dinas=36.73").content.decode()
    by_end = client.get(LIST + f"?ending_before={(today() + 30 * DAY).isoformat()}").content
    assert later.title in by_dinas
    assert soon.title not in by_dinas
    assert soon.title in by_end.decode()
    assert later.title not in by_end.decode()


# --- the list's cost ---


def _many_agreements(kims, count, batch="a"):
    """`count` agreements over `kims`, in bulk (the list must not care how many)."""
    agreements = Agreement.objects.bulk_create(
        [
            Agreement(
                province_id="36",
                regency_id="36.04",
                dinas_code="36.04",
                number=f"{batch}{n}/PKS/2025",
                title=f"Perjanjian {n}",
                scopes=["dissemination"],
                dinas_obligations="-",
                partner_obligations="-",
                start_date=today() - DAY * (n % 300),
                end_date=today() + DAY * (n % 400),
                status=("draft", "active", "expired", "terminated")[n % 4],
            )
            for n in range(count)
        ]
    )
    through = Agreement.kims.through
    through.objects.bulk_create(
        [
            through(agreement_id=a.pk, kim_id=kims[i % len(kims)].pk)
            for i, a in enumerate(agreements)
        ]
    )
    return agreements


@pytest.mark.parametrize("role", ["officer_kab_serang", "province_staff", "manager"])
def test_the_list_costs_the_same_queries_with_1000_agreements(role, request, kim, client_for):
    kims = [kim, registered_kim("KIM Dua"), registered_kim("KIM Tiga")]
    client = client_for(request.getfixturevalue(role))
    _many_agreements(kims, 10)
    client.get(LIST)  # warm the session
    # Measured with 10, then with 1,010 agreements: the same number of queries.
    with CaptureQueriesContext(connection) as small:
        assert client.get(LIST).status_code == 200
    _many_agreements(kims, 1000, batch="b")
    with CaptureQueriesContext(connection) as large:
        assert client.get(LIST).status_code == 200
    assert len(large) == len(small)


def test_the_list_query_count_is_what_it_names(
    client_for, officer_kab_serang, kim, django_assert_num_queries
):
    _many_agreements([kim], 1000)
    client = client_for(officer_kab_serang)
    client.get(LIST)
    # 1 session, 2 user, 3 count of agreements, 4 one page of 25 agreements with their
    # Dinas and report counts, 5 their KIM parties, 6 their forum parties.
    with django_assert_num_queries(6):
        client.get(LIST)


# --- exports ---


def test_exports_respect_jurisdiction_and_mask_phone_numbers(
    client_for, manager, officer_kab_serang, kim, lebak_kim
):
    Kim.objects.filter(pk=kim.pk).update(phone="081234567890")
    make_agreement([kim], title='=HYPERLINK("x")', number="1/PKS/2025")
    make_agreement([lebak_kim], dinas="36.02", title="Perjanjian Lebak")

    officer_rows = list(
        csv.reader(
            io.StringIO(
                client_for(officer_kab_serang)
                .get(LIST + "?format=csv")
                .getvalue()
                .decode("utf-8-sig")
            )
        )
    )
    assert len(officer_rows) == 2  # header + the regency's one
    assert officer_rows[1][1] == '\'=HYPERLINK("x")'  # neutralised formula
    assert officer_rows[1][-1] == "081234567890"  # officers of the jurisdiction see it

    xlsx = client_for(manager).get(LIST + "?format=xlsx")
    sheet = load_workbook(io.BytesIO(xlsx.content)).active
    rows = list(sheet.iter_rows(values_only=True))
    assert len(rows) == 2
    assert rows[1][-1] == "0812•••••890"  # a KIM manager gets it masked
    assert "Perjanjian Lebak" not in str(rows)


# --- the printed text and its verification ---


@pytest.fixture
def _fresh_rate_limit():
    cache.clear()
    yield
    cache.clear()


@pytest.mark.slow  # renders the agreement with WeasyPrint
@pytest.mark.usefixtures("_fresh_rate_limit")
def test_the_printed_agreement_carries_the_letterhead_parties_and_a_verification_code(
    client_for, officer_kab_serang, kim, client
):
    configure_office()
    agreement = make_agreement([kim], number="12/PKS-KIM/2025", title="Diseminasi desa")
    officer = client_for(officer_kab_serang)

    response = officer.get(reverse("partnerships:agreement-pdf", args=[agreement.pk]))

    assert response.status_code == 200
    assert response["Content-Type"] == "application/pdf"
    text = pdf_tool("pdftotext", response.content)
    for fact in (
        "PERJANJIAN KEMITRAAN KOMUNIKASI",
        "12/PKS-KIM/2025",
        "KIM Kramat Sejahtera",
        kim.nomor_induk,
        "Drs. H. Ahmad Suryana",  # the Dinas's signatory (letterhead settings)
        "Ruang Lingkup",
        agreement.token_display,
    ):
        assert fact in text, fact
    agreement.refresh_from_db()
    assert agreement.pdf_sha256 == hashlib.sha256(response.content).hexdigest()
    # Served as stored: a second download is the same file, printed once.
    again = officer.get(reverse("partnerships:agreement-pdf", args=[agreement.pk]))
    assert again.content == response.content
    assert AuditEntry.objects.filter(action="partnerships.agreement.printed").count() == 1

    # Anyone checks it by its QR link, or by uploading the PDF; no personal data shown.
    public = client.get(reverse("verification:document", args=[agreement.token]))
    body = public.content.decode()
    assert "BELUM BERLAKU" in body
    assert "KIM Kramat Sejahtera" in body
    head = kim.rosters.get().members.get(position="ketua")
    assert head.full_name not in body
    assert head.nik not in body
    uploaded = client.post(
        reverse("verification:check"),
        {"berkas": SimpleUploadedFile("perjanjian.pdf", response.content)},
    )
    assert "Diseminasi desa" in uploaded.content.decode()


def test_printing_waits_for_the_dinas_letterhead(client_for, officer_kab_serang, kim):
    agreement = make_agreement([kim])
    response = client_for(officer_kab_serang).get(
        reverse("partnerships:agreement-pdf", args=[agreement.pk]), follow=True
    )
    assert "Lengkapi dulu pengaturan kop" in response.content.decode()


@pytest.mark.usefixtures("_fresh_rate_limit")
def test_the_signed_scan_is_verifiable_too(client, kim):
    agreement = make_agreement([kim], status="active", number="3/PKS/2025")
    sign(agreement, PDF_BYTES)
    response = client.post(
        reverse("verification:check"), {"berkas": SimpleUploadedFile("scan.pdf", PDF_BYTES)}
    )
    body = response.content.decode()
    assert "SAH dan BERLAKU" in body
    assert "3/PKS/2025" in body


# --- the officer's flow through the pages ---


def test_officer_drafts_uploads_and_activates_through_the_pages(
    client_for, officer_kab_serang, kim
):
    client = client_for(officer_kab_serang)
    response = client.post(
        reverse("partnerships:agreement-create"),
        {
            "number": "7/PKS/2025",
            "title": "Kanal aspirasi warga",
            "kims": [kim.pk],
            "scopes": ["aspiration"],
            "dinas_obligations": "A",
            "partner_obligations": "B",
            "start_date": today().isoformat(),
            "end_date": (today() + 365 * DAY).isoformat(),
        },
    )
    agreement = Agreement.objects.get()
    assert response.status_code == 302
    client.post(
        reverse("partnerships:agreement-upload", args=[agreement.pk]),
        {"file": SimpleUploadedFile("ttd.pdf", PDF_BYTES)},
    )
    client.post(reverse("partnerships:agreement-activate", args=[agreement.pk]))
    agreement.refresh_from_db()
    assert agreement.is_active
    assert "Kirim laporan" not in client.get(_detail(agreement)).content.decode()


def test_a_big_agreements_export_runs_as_a_job_with_the_same_rights(
    client_for, manager, kim, settings, django_capture_on_commit_callbacks
):
    from kimportal.core.models import Job

    Kim.objects.filter(pk=kim.pk).update(phone="081234567890")
    for n in range(4):
        make_agreement([kim], title=f"Perjanjian ekspor {n}", number=f"{n}/PKS/2025")
    settings.EXPORT_SYNC_MAX_ROWS = 2
    client = client_for(manager)
    with django_capture_on_commit_callbacks(execute=True):
        response = client.get(LIST + "?format=csv")
    job = Job.objects.get()
    assert response["Location"] == job.get_absolute_url()
    assert job.state == "succeeded"
    download = client.get(reverse("jobs:download", args=[job.pk]))
    rows = list(csv.reader(io.StringIO(b"".join(download.streaming_content).decode("utf-8-sig"))))
    assert len(rows) == 5
    assert {row[-1] for row in rows[1:]} == {"0812•••••890"}  # still masked for a manager


def test_the_daily_partnership_work_is_on_the_schedule_and_runs(kim, settings):
    from partnerships.tasks import partnerships_daily

    assert settings.CELERY_BEAT_SCHEDULE["partnerships-daily"]["task"] == "partnerships.daily"
    make_agreement([kim], status="active", start=today() - 400 * DAY, end=today() - DAY)
    assert partnerships_daily.delay().get()["expired"] == 1
    assert partnerships_daily.delay().get()["expired"] == 0
