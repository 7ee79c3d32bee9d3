"""Agreement state rules: drafting, activation (registered KIM only), expiry, termination,
renewal, evaluation, the signed scan."""

import pytest
from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from kimportal.core.access import NotPermitted
from kimportal.core.models import AuditEntry
from partnerships.models import Agreement, AgreementStatus
from partnerships.services import agreements as services
from partnerships.services.agreements import AgreementError
from registry.models import Kim
from tests.partnerships.helpers import DAY, make_agreement, make_report, today
from tests.upload_samples import HTML_BYTES, PDF_BYTES

pytestmark = pytest.mark.django_db


def _data(**overrides):
    return {
        "number": "12/PKS-KIM/2025",
        "title": "Diseminasi informasi pembangunan desa",
        "scopes": ["dissemination", "aspiration"],
        "scope_other": "",
        "dinas_obligations": "Menyediakan bahan informasi.",
        "partner_obligations": "Menyebarluaskan informasi.",
        "start_date": today(),
        "end_date": today() + 365 * DAY,
        **overrides,
    }


def _scan(data=PDF_BYTES, name="naskah.pdf"):
    return SimpleUploadedFile(name, data, content_type="application/pdf")


def test_officer_drafts_an_agreement_with_a_registered_kim_of_the_regency(officer_kab_serang, kim):
    agreement = services.agreement_create(
        actor=officer_kab_serang, dinas_code="36.04", data=_data(), kims=[kim]
    )
    assert agreement.status == AgreementStatus.DRAFT
    assert agreement.jurisdiction() == ("36", "36.04")
    assert list(agreement.kims.all()) == [kim]
    entry = AuditEntry.objects.get(action="partnerships.agreement.created")
    assert entry.regency_code == "36.04"
    assert kim.name in entry.changes["parties"][1]


def test_a_kim_of_another_regency_cannot_be_party_to_a_regency_agreement(
    officer_kab_serang, lebak_kim
):
    with pytest.raises(ValidationError) as refused:
        services.agreement_create(
            actor=officer_kab_serang, dinas_code="36.04", data=_data(), kims=[lebak_kim]
        )
    assert "bukan KIM di wilayah Dinas ini" in str(refused.value)
    assert not Agreement.objects.exists()


def test_an_officer_cannot_draft_for_another_regency_or_the_province(officer_kab_serang, kim):
    for dinas in ("36.73", "36"):
        with pytest.raises(NotPermitted):
            services.agreement_create(
                actor=officer_kab_serang, dinas_code=dinas, data=_data(), kims=[]
            )


def test_provincial_staff_draft_province_agreements_with_kim_of_any_regency(
    province_staff, kim, lebak_kim
):
    agreement = services.agreement_create(
        actor=province_staff, dinas_code="36", data=_data(), kims=[kim, lebak_kim]
    )
    assert agreement.jurisdiction() == ("36", "")
    with pytest.raises(NotPermitted):  # a regency's agreement is signed by its own Dinas
        services.agreement_create(actor=province_staff, dinas_code="36.04", data=_data())


def test_numbers_are_unique_per_dinas(officer_kab_serang, officer_kota_serang, kim, kota_kim):
    services.agreement_create(actor=officer_kab_serang, dinas_code="36.04", data=_data())
    with pytest.raises(ValidationError):
        services.agreement_create(actor=officer_kab_serang, dinas_code="36.04", data=_data())
    # Another Dinas may use the same number.
    services.agreement_create(actor=officer_kota_serang, dinas_code="36.73", data=_data())


def test_scope_other_needs_its_words_and_the_end_follows_the_start(officer_kab_serang):
    with pytest.raises(ValidationError) as refused:
        services.agreement_create(
            actor=officer_kab_serang,
            dinas_code="36.04",
            data=_data(scopes=["other"], end_date=today() - DAY),
        )
    assert set(refused.value.message_dict) == {"scope_other", "end_date"}


# --- activation ---


def test_activation_needs_a_number_and_the_signed_scan(officer_kab_serang, kim):
    agreement = make_agreement([kim])
    with pytest.raises(AgreementError) as refused:
        services.agreement_activate(agreement=agreement, actor=officer_kab_serang)
    assert "nomor perjanjian" in str(refused.value)
    assert "pindaian" in str(refused.value)
    agreement.refresh_from_db()
    assert agreement.is_draft


@pytest.mark.parametrize("status", ["inactive", "revoked", "approved"])
def test_no_active_agreement_with_a_kim_that_is_not_registered(officer_kab_serang, kim, status):
    agreement = make_agreement([kim], number="1/PKS/2025", signed=True)
    Kim.objects.filter(pk=kim.pk).update(status=status)

    with pytest.raises(AgreementError) as refused:
        services.agreement_activate(agreement=agreement, actor=officer_kab_serang)

    assert kim.name in str(refused.value)
    assert "hanya KIM terdaftar" in str(refused.value)
    agreement.refresh_from_db()
    assert agreement.status == AgreementStatus.DRAFT
    assert not AuditEntry.objects.filter(action="partnerships.agreement.activated").exists()


def test_a_signed_draft_with_registered_kim_becomes_active(officer_kab_serang, kim):
    agreement = make_agreement([kim], number="1/PKS/2025", signed=True)
    services.agreement_activate(agreement=agreement, actor=officer_kab_serang)
    agreement.refresh_from_db()
    assert agreement.is_active
    assert agreement.activated_by == officer_kab_serang
    assert AuditEntry.objects.get(action="partnerships.agreement.activated").changes == {
        "status": ["draft", "active"]
    }


def test_provincial_staff_do_not_activate_a_regency_agreement(province_staff, kim):
    agreement = make_agreement([kim], number="1/PKS/2025", signed=True)
    with pytest.raises(NotPermitted):
        services.agreement_activate(agreement=agreement, actor=province_staff)


# --- expiry ---


def test_active_agreements_expire_the_day_after_their_end_date(kim):
    ended = make_agreement([kim], status="active", start=today() - 400 * DAY, end=today() - DAY)
    ends_today = make_agreement([kim], status="active", end=today())
    draft_past = make_agreement([kim], start=today() - 400 * DAY, end=today() - DAY)

    assert services.agreements_expire() == 1
    assert services.agreements_expire() == 0  # idempotent

    ended.refresh_from_db()
    ends_today.refresh_from_db()
    draft_past.refresh_from_db()
    assert ended.is_expired
    assert ended.ended_at is not None
    assert ends_today.is_active
    assert draft_past.is_draft
    entry = AuditEntry.objects.get(action="partnerships.agreement.expired")
    assert entry.actor is None
    assert entry.object_id == str(ended.pk)


def test_expiry_runs_as_of_a_given_day(kim):
    agreement = make_agreement([kim], status="active", end=today() + 10 * DAY)
    assert services.agreements_expire(today=today() + 10 * DAY) == 0
    assert services.agreements_expire(today=today() + 11 * DAY) == 1
    agreement.refresh_from_db()
    assert agreement.is_expired


# --- termination, renewal, evaluation ---


def test_termination_needs_a_reason(officer_kab_serang, kim):
    agreement = make_agreement([kim], status="active")
    with pytest.raises(ValidationError):
        services.agreement_terminate(agreement=agreement, actor=officer_kab_serang, reason=" ")
    services.agreement_terminate(
        agreement=agreement, actor=officer_kab_serang, reason="KIM membubarkan diri."
    )
    agreement.refresh_from_db()
    assert agreement.is_terminated
    assert agreement.termination_reason == "KIM membubarkan diri."
    with pytest.raises(NotPermitted):  # ended is ended
        services.agreement_terminate(agreement=agreement, actor=officer_kab_serang, reason="x")


def test_renewal_is_a_new_draft_linked_to_the_old_one(officer_kab_serang, kim):
    start, end = today() - 300 * DAY, today() + 64 * DAY
    old = make_agreement([kim], status="active", number="1/PKS/2025", start=start, end=end)

    renewal = services.agreement_renew(agreement=old, actor=officer_kab_serang)

    assert renewal.renews == old
    assert renewal.is_draft
    assert renewal.number == ""
    assert list(renewal.kims.all()) == [kim]
    assert renewal.start_date == end + DAY
    assert renewal.end_date - renewal.start_date == end - start
    old.refresh_from_db()
    assert old.is_active  # the old one runs to its end
    with pytest.raises(AgreementError):
        services.agreement_renew(agreement=old, actor=officer_kab_serang)


def test_evaluation_comes_at_the_end_of_the_term_and_counts_accepted_reports(
    officer_kab_serang, kim
):
    agreement = make_agreement([kim], status="active")
    evaluate = {
        "objectives": "met",
        "activity_count": 2,
        "assessment": "Tujuan tercapai.",
        "recommendation": "renew",
    }
    with pytest.raises(NotPermitted):
        services.agreement_evaluate(agreement=agreement, actor=officer_kab_serang, **evaluate)
    make_report(agreement, kim, status="accepted", reach=40)
    make_report(agreement, kim, status="accepted", reach=60)
    make_report(agreement, kim, status="submitted", reach=500)
    Agreement.objects.filter(pk=agreement.pk).update(status="expired")
    agreement.refresh_from_db()

    evaluation = services.agreement_evaluate(
        agreement=agreement, actor=officer_kab_serang, **evaluate
    )

    assert evaluation.reports_accepted == 2
    assert evaluation.people_reached == 100
    assert evaluation.evaluated_by == officer_kab_serang


def test_a_draft_cancelled_before_signing_has_nothing_to_evaluate(officer_kab_serang, kim):
    agreement = make_agreement([kim])
    services.agreement_terminate(agreement=agreement, actor=officer_kab_serang, reason="Batal.")
    agreement.refresh_from_db()
    assert not officer_kab_serang.has_perm("partnerships.evaluate_agreement", agreement)


def test_a_drafts_text_changes_and_the_printed_text_must_be_printed_again(officer_kab_serang, kim):
    agreement = make_agreement([kim], title="Judul lama")
    Agreement.objects.filter(pk=agreement.pk).update(pdf=b"%PDF old", pdf_sha256="a" * 64)
    agreement.refresh_from_db()

    services.agreement_update(
        agreement=agreement,
        actor=officer_kab_serang,
        data={"title": "Judul baru"},
        kims=[kim],
    )

    agreement.refresh_from_db()
    assert agreement.title == "Judul baru"
    assert agreement.pdf is None
    assert AuditEntry.objects.get(action="partnerships.agreement.updated").changes["title"] == [
        "Judul lama",
        "Judul baru",
    ]


def test_an_active_agreements_text_is_frozen(officer_kab_serang, kim):
    agreement = make_agreement([kim], status="active")
    with pytest.raises(NotPermitted):
        services.agreement_update(
            agreement=agreement, actor=officer_kab_serang, data={"title": "x"}, kims=[kim]
        )


# --- the signed scan ---


def test_the_signed_scan_is_checked_by_content_not_by_name(officer_kab_serang, kim):
    agreement = make_agreement([kim])
    with pytest.raises(ValidationError) as refused:
        services.agreement_upload_signed(
            agreement=agreement, actor=officer_kab_serang, file=_scan(HTML_BYTES)
        )
    assert "file" in refused.value.message_dict
    assert not agreement.documents.exists()

    first = services.agreement_upload_signed(
        agreement=agreement, actor=officer_kab_serang, file=_scan()
    )
    second = services.agreement_upload_signed(
        agreement=agreement, actor=officer_kab_serang, file=_scan()
    )
    first.refresh_from_db()
    assert not first.is_current  # kept as history
    assert second.is_current
    assert second.content_type == "application/pdf"


def test_the_signed_scan_is_limited_in_size(officer_kab_serang, kim, settings):
    settings.UPLOAD_MAX_BYTES = 100
    agreement = make_agreement([kim])
    with pytest.raises(ValidationError):
        services.agreement_upload_signed(
            agreement=agreement, actor=officer_kab_serang, file=_scan(PDF_BYTES + b"0" * 200)
        )


def test_a_revoked_kim_shows_as_such_on_its_agreements(client_for, officer_kab_serang, kim):
    agreement = make_agreement([kim], status="active", number="1/PKS/2025")
    Kim.objects.filter(pk=kim.pk).update(status="revoked")
    client = client_for(officer_kab_serang)

    detail = client.get(f"/kemitraan/{agreement.pk}/").content.decode()
    listed = client.get("/kemitraan/").content.decode()

    assert "KIM dicabut" in detail
    assert "Pendaftaran KIM Kramat Sejahtera telah dicabut" in detail
    assert "KIM dicabut" in listed


def test_an_absurd_activity_count_is_a_form_error_not_a_server_error(
    client, officer_kab_serang, kim
):
    agreement = make_agreement([kim], status="expired")
    client.force_login(officer_kab_serang)
    response = client.post(
        reverse("partnerships:agreement-evaluate", args=[agreement.pk]),
        {
            "objectives": "met",
            "activity_count": "99999999999999999999",
            "assessment": "Tujuan tercapai.",
            "recommendation": "renew",
        },
    )
    assert response.status_code == 200
    assert response.context["form"].errors["activity_count"]
    assert not hasattr(Agreement.objects.get(pk=agreement.pk), "evaluation")
