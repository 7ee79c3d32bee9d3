"""Activity reports: filed by the KIM's managers under an active agreement, tagged ADINDA,
with photo evidence checked by content, reviewed by officers of the agreement's Dinas."""

import pytest
from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from kimportal.core.access import NotPermitted
from partnerships.models import ReportStatus
from partnerships.services import reports as services
from tests.partnerships.helpers import DAY, add_photo, make_agreement, make_report, today
from tests.upload_samples import HTML_BYTES, JPEG_BYTES, PNG_BYTES

pytestmark = pytest.mark.django_db


def _data(**overrides):
    return {
        "held_on": today() - DAY,
        "title": "Sosialisasi program sanitasi",
        "description": "Warga mendengarkan penjelasan.",
        "principles": ["diseminasi", "aspirasi"],
        "channel": "face_to_face",
        "reach": 80,
        "links": "https://example.org/berita",
        **overrides,
    }


def _photo(data=PNG_BYTES, name="foto.png"):
    return SimpleUploadedFile(name, data, content_type="image/png")


@pytest.fixture
def active(kim):
    return make_agreement([kim], status="active", number="1/PKS/2025")


def test_a_manager_files_a_report_tagged_with_adinda_principles(manager, kim, active):
    report = services.report_file(
        agreement=active,
        kim=kim,
        actor=manager,
        data=_data(),
        photos=[_photo(), _photo(JPEG_BYTES)],
    )
    assert report.status == ReportStatus.SUBMITTED
    assert report.principle_labels == ["Diseminasi", "Aspirasi"]
    assert [p.content_type for p in report.photos.all()] == ["image/png", "image/jpeg"]


def test_reports_only_under_an_active_agreement(manager, kim):
    for status in ("draft", "expired", "terminated"):
        agreement = make_agreement([kim], status=status)
        with pytest.raises(NotPermitted):
            services.report_file(agreement=agreement, kim=kim, actor=manager, data=_data())


def test_only_managers_of_a_party_kim_file(other_manager, officer_kab_serang, kim, active):
    for actor in (other_manager, officer_kab_serang):
        with pytest.raises(NotPermitted):
            services.report_file(agreement=active, kim=kim, actor=actor, data=_data())


def test_the_activity_lies_within_the_term_and_not_in_the_future(manager, kim):
    agreement = make_agreement([kim], status="active", start=today() - 10 * DAY)
    for held_on in (today() + DAY, today() - 20 * DAY):
        with pytest.raises(ValidationError) as refused:
            services.report_file(
                agreement=agreement, kim=kim, actor=manager, data=_data(held_on=held_on)
            )
        assert "held_on" in refused.value.message_dict


def test_at_least_one_principle(manager, kim, active):
    with pytest.raises(ValidationError) as refused:
        services.report_file(agreement=active, kim=kim, actor=manager, data=_data(principles=[]))
    assert "principles" in refused.value.message_dict


def test_photos_are_checked_by_content_and_size_and_nothing_is_stored_on_refusal(
    manager, kim, active, settings
):
    with pytest.raises(ValidationError) as refused:
        services.report_file(
            agreement=active,
            kim=kim,
            actor=manager,
            data=_data(),
            photos=[_photo(), _photo(HTML_BYTES, "foto.png")],
        )
    assert "foto.png" in str(refused.value)
    assert not active.reports.exists()
    with pytest.raises(ValidationError):
        services.report_file(
            agreement=active, kim=kim, actor=manager, data=_data(), photos=[_photo()] * 6
        )


def test_officers_of_the_dinas_review_and_a_clarification_goes_back_to_the_queue(
    manager, officer_kab_serang, province_staff, kim, active
):
    report = make_report(active, kim)
    with pytest.raises(NotPermitted):  # staff supervise regency agreements; they do not review
        services.report_review(report=report, actor=province_staff, accept=True)
    with pytest.raises(ValidationError):  # a clarification says what to clarify
        services.report_review(report=report, actor=officer_kab_serang, accept=False)

    services.report_review(
        report=report, actor=officer_kab_serang, accept=False, note="Lampirkan foto."
    )
    report.refresh_from_db()
    assert report.needs_clarification

    services.report_update(
        report=report, actor=manager, data={"description": "Dengan foto."}, photos=[_photo()]
    )
    report.refresh_from_db()
    assert report.awaits_review
    assert report.photos.count() == 1

    services.report_review(report=report, actor=officer_kab_serang, accept=True)
    report.refresh_from_db()
    assert report.is_accepted
    with pytest.raises(NotPermitted):  # accepted is final for its KIM
        services.report_update(report=report, actor=manager, data={"title": "x"})


def test_photos_are_served_only_to_who_may_see_the_report(
    client_for, manager, other_manager, officer_kota_serang, kim, active
):
    report = make_report(active, kim)
    photo = add_photo(report)
    url = reverse("partnerships:report-photo", args=[report.pk, photo.pk])
    response = client_for(manager).get(url)
    assert response.status_code == 200
    assert response["Content-Type"] == "image/png"
    assert response["X-Content-Type-Options"] == "nosniff"
    assert "sandbox" in response["Content-Security-Policy"]
    assert b"".join(response.streaming_content) == PNG_BYTES
    assert client_for(other_manager).get(url).status_code == 404
    assert client_for(officer_kota_serang).get(url).status_code == 404
    other = make_report(make_agreement([kim], status="active"), kim)
    assert (
        client_for(manager)
        .get(reverse("partnerships:report-photo", args=[other.pk, photo.pk]))
        .status_code
        == 404
    )


def test_the_review_queue_lists_waiting_reports_first(
    client_for, officer_kab_serang, kim, active, django_assert_max_num_queries
):
    make_report(active, kim, title="Sudah diterima", status="accepted")
    make_report(active, kim, title="Menunggu tinjauan A")
    client = client_for(officer_kab_serang)
    body = client.get(reverse("partnerships:report-list")).content.decode()
    assert body.index("Menunggu tinjauan A") < body.index("Sudah diterima")
    rows = client.get(reverse("partnerships:report-list") + "?format=csv").getvalue()
    assert "Diseminasi" in rows.decode("utf-8-sig")


def test_the_report_list_costs_the_same_queries_however_many_reports(
    client_for, officer_kab_serang, kim, active
):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    client = client_for(officer_kab_serang)
    make_report(active, kim)
    client.get(reverse("partnerships:report-list"))
    with CaptureQueriesContext(connection) as small:
        client.get(reverse("partnerships:report-list"))
    for n in range(60):
        make_report(active, kim, title=f"Laporan {n}")
    with CaptureQueriesContext(connection) as large:
        client.get(reverse("partnerships:report-list"))
    assert len(large) == len(small)


def test_an_absurd_reach_is_a_form_error_not_a_server_error(client, manager, kim, active):
    client.force_login(manager)
    response = client.post(
        reverse("partnerships:report-create", args=[active.pk]),
        {**_data(reach="99999999999999999999"), "kim": kim.pk},
    )
    assert response.status_code == 200
    assert response.context["form"].errors["reach"]
