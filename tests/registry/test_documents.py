"""Legal documents: upload by content, history on replacement, access to every file."""

import datetime
import re
from pathlib import Path

import pytest
from django.conf import settings
from django.core.exceptions import ValidationError
from django.test import override_settings
from django.urls import reverse

from kimportal.core.access import NotPermitted
from kimportal.core.models import AuditEntry
from registry.models import Document, DocumentKind
from registry.services.documents import document_problems, document_upload
from tests.factories import KimFactory, MemberFactory, RosterFactory, make_board
from tests.upload_samples import (
    EXE_BYTES,
    HTML_BYTES,
    PDF_BYTES,
    PNG_BYTES,
    jpeg,
    pdf,
    png,
    upload,
)

pytestmark = pytest.mark.django_db

SK_DATA = {
    "number": "141/Kep.12/2025",
    "issued_on": datetime.date(2025, 3, 10),
    "issuer_name": "H. Ahmad Suryadi",
    "issuer_office": "Kepala Desa Kramatwatu",
}
ACK_DATA = {"acknowledged_by": "H. Ahmad Suryadi", "acknowledged_on": datetime.date(2025, 3, 12)}


@pytest.fixture
def kim(manager):
    return KimFactory(managers=[manager])


def upload_sk(kim, actor, file=None, **data):
    return document_upload(
        kim=kim, actor=actor, kind=DocumentKind.SK, file=file or pdf(), **{**SK_DATA, **data}
    )


def upload_scan(kim, actor, file=None):
    return document_upload(
        kim=kim, actor=actor, kind=DocumentKind.ROSTER_SCAN, file=file or png(), **ACK_DATA
    )


def upload_declaration(kim, actor, member, file=None):
    return document_upload(
        kim=kim, actor=actor, kind=DocumentKind.DECLARATION, file=file or jpeg(), member=member
    )


def stored_files(kim):
    folder = Path(settings.MEDIA_ROOT) / "documents" / str(kim.pk)
    return sorted(folder.iterdir()) if folder.exists() else []


# --- service: storing ---


def test_upload_stores_detected_type_hash_and_random_name_under_media_root(kim, manager):
    document = upload_sk(kim, manager, file=pdf("SK Kades Budi Santoso 3604.pdf"))

    assert document.is_current
    assert document.content_type == "application/pdf"
    assert document.size == len(PDF_BYTES)
    assert len(document.sha256) == 64
    assert document.original_name == "SK Kades Budi Santoso 3604.pdf"
    path = Path(document.file.path)
    assert path.is_relative_to(Path(settings.MEDIA_ROOT))
    assert re.fullmatch(rf"documents/{kim.pk}/[0-9a-f]{{32}}", document.file.name)
    assert "Budi" not in document.file.name
    assert path.read_bytes() == PDF_BYTES


def test_upload_is_audited_without_personal_data(kim, manager):
    document = upload_sk(kim, manager, file=pdf("SK Budi Santoso.pdf"))

    entry = AuditEntry.objects.get(action="registry.document.uploaded")
    assert entry.actor == manager
    assert entry.object_id == str(document.pk)
    assert entry.regency_code == "36.04"
    assert entry.changes["kind"] == [None, "sk"]
    assert entry.changes["sha256"] == [None, document.sha256[:12]]
    assert entry.changes["by_officer"] == [None, False]
    assert "Budi" not in str(entry.changes)


@pytest.mark.parametrize(
    ("file", "code"),
    [
        (upload(EXE_BYTES, "sk.pdf"), "file_type"),
        (upload(HTML_BYTES, "sk.pdf"), "file_type"),
        (upload(b"", "sk.pdf"), "file_empty"),
        (upload(PDF_BYTES + b"0" * 2048, "sk.pdf"), "file_too_large"),
    ],
    ids=["renamed-executable", "html-named-pdf", "empty", "too-large"],
)
@override_settings(UPLOAD_MAX_BYTES=1024)
def test_refused_file_saves_nothing(kim, manager, file, code):
    with pytest.raises(ValidationError) as refused:
        upload_sk(kim, manager, file=file)

    assert refused.value.error_dict["file"][0].code == code
    assert not Document.objects.exists()
    assert not AuditEntry.objects.exists()
    assert stored_files(kim) == []


def test_missing_metadata_and_future_dates_are_refused_with_the_file_checked_too(kim, manager):
    with pytest.raises(ValidationError) as refused:
        document_upload(
            kim=kim,
            actor=manager,
            kind="sk",
            file=upload(HTML_BYTES),
            number="",
            issued_on=datetime.date.today() + datetime.timedelta(days=2),
            issuer_name="X",
            issuer_office="",
        )
    assert set(refused.value.error_dict) == {"number", "issued_on", "issuer_office", "file"}
    assert not Document.objects.exists()


def test_replacement_keeps_the_old_version_as_history(kim, manager):
    first = upload_sk(kim, manager)
    second = upload_sk(kim, manager, file=png("sk-baru.png"), number="141/Kep.13/2025")

    first.refresh_from_db()
    assert first.is_current is False
    assert second.is_current is True
    assert Path(first.file.path).exists()
    assert list(Document.objects.filter(kim=kim, is_current=True)) == [second]
    assert AuditEntry.objects.filter(action="registry.document.uploaded").count() == 2
    assert AuditEntry.objects.first().changes["document"] == [[first.pk], second.pk]


def test_declarations_are_replaced_per_member(kim, manager):
    roster = RosterFactory(kim=kim)
    ketua, sekretaris, _bendahara = make_board(roster)
    old = upload_declaration(kim, manager, ketua)
    other = upload_declaration(kim, manager, sekretaris)
    new = upload_declaration(kim, manager, ketua)

    old.refresh_from_db()
    other.refresh_from_db()
    assert (old.is_current, other.is_current, new.is_current) == (False, True, True)


def test_declaration_needs_a_member_of_the_current_roster(kim, manager):
    with pytest.raises(ValidationError):
        upload_declaration(kim, manager, member=None)
    stranger = MemberFactory()  # another KIM's roster
    with pytest.raises(ValidationError):
        upload_declaration(kim, manager, stranger)
    with pytest.raises(ValidationError):
        document_upload(kim=kim, actor=manager, kind="sk", file=pdf(), member=stranger, **SK_DATA)
    assert not Document.objects.exists()


def test_manager_cannot_upload_after_submission_but_officer_can(manager, officer_kab_serang):
    kim = KimFactory(managers=[manager], status="submitted")
    with pytest.raises(NotPermitted):
        upload_sk(kim, manager)

    document = upload_sk(kim, officer_kab_serang)
    assert document.uploaded_by == officer_kab_serang
    assert AuditEntry.objects.get().changes["by_officer"] == [None, True]


def test_officer_of_another_regency_and_other_manager_cannot_upload(
    kim, officer_kota_serang, other_manager
):
    for actor in (officer_kota_serang, other_manager):
        with pytest.raises(NotPermitted):
            upload_sk(kim, actor)
    assert not Document.objects.exists()


# --- service: what is missing ---


def test_problems_of_an_empty_kim(kim):
    assert document_problems(kim) == [
        "SK Kepala Desa/Lurah belum diunggah.",
        "Pindaian susunan pengurus yang diketahui kepala desa/lurah belum diunggah.",
    ]


def test_problems_name_incomplete_metadata_and_undeclared_members(kim, manager):
    roster = RosterFactory(kim=kim)
    ketua, sekretaris, bendahara = make_board(roster)
    upload_declaration(kim, manager, ketua)
    Document.objects.create(
        kim=kim,
        kind="sk",
        file="documents/x",
        content_type="application/pdf",
        size=1,
        sha256="0" * 64,
        number="1/2025",
    )
    Document.objects.create(
        kim=kim,
        kind="roster_scan",
        file="documents/y",
        size=1,
        content_type="image/png",
        sha256="0" * 64,
    )
    # A declaration of last term's member does not count for this roster.
    old_roster = RosterFactory(kim=kim, is_current=False)
    Document.objects.create(
        kim=kim,
        kind="declaration",
        member=MemberFactory(roster=old_roster),
        file="documents/z",
        content_type="application/pdf",
        size=1,
        sha256="0" * 64,
    )

    assert document_problems(kim) == [
        "Data SK Kepala Desa/Lurah belum lengkap: tanggal, nama penandatangan, "
        "jabatan penandatangan.",
        "Data pengetahuan susunan pengurus belum lengkap: siapa yang mengetahui, "
        "tanggal diketahui.",
        f"Surat pernyataan belum diunggah untuk 2 pengurus: {sekretaris.full_name}, "
        f"{bendahara.full_name}. Unggah per pengurus atau satu berkas berisi pernyataan "
        "seluruh pengurus.",
    ]


def test_no_problems_when_everything_is_there(kim, manager, django_assert_num_queries):
    members = make_board(RosterFactory(kim=kim))
    upload_sk(kim, manager)
    upload_scan(kim, manager)
    for member in members:
        upload_declaration(kim, manager, member)

    with django_assert_num_queries(2):  # current documents; members of the current roster
        assert document_problems(kim) == []


# --- views ---


def fetch(client, url):
    """GET a file and read it whole: the test client then closes it, as a server would."""
    response = client.get(url)
    response.body = b"".join(response.streaming_content) if response.streaming else None
    return response


def file_url(kim, document, **query):
    url = reverse("registry:document-file", args=[kim.pk, document.pk])
    return url + ("?inline=1" if query.get("inline") else "")


VIEWER_STATUS = [
    ("manager", 200),
    ("other_manager", 404),
    ("officer_kab_serang", 200),
    ("officer_kota_serang", 404),
    ("province_staff", 200),
    ("other_province_staff", 404),
    ("admin_user", 200),
]


@pytest.mark.parametrize(("who", "status"), VIEWER_STATUS)
def test_file_download_access(request, client_for, kim, manager, who, status):
    document = upload_sk(kim, manager)
    response = fetch(client_for(request.getfixturevalue(who)), file_url(kim, document))
    assert response.status_code == status
    if status == 200:
        assert response.body == PDF_BYTES


@pytest.mark.parametrize(("who", "status"), VIEWER_STATUS)
def test_documents_page_access(request, client_for, kim, who, status):
    response = client_for(request.getfixturevalue(who)).get(
        reverse("registry:documents", args=[kim.pk])
    )
    assert response.status_code == status


def test_anonymous_is_sent_to_login(client, kim, manager):
    document = upload_sk(kim, manager)
    for url in (
        file_url(kim, document),
        reverse("registry:documents", args=[kim.pk]),
        reverse("registry:document-upload", args=[kim.pk, "sk"]),
    ):
        response = client.get(url)
        assert response.status_code == 302
        assert response["Location"].startswith(reverse("login"))


def test_old_versions_stay_downloadable_by_allowed_users(
    client_for, kim, manager, officer_kab_serang
):
    old = upload_sk(kim, manager)
    upload_sk(kim, manager, file=png())
    for user in (manager, officer_kab_serang):
        assert fetch(client_for(user), file_url(kim, old)).body == PDF_BYTES


def test_document_of_kim_a_through_kim_b_url_is_404(client_for, manager, officer_kab_serang):
    kim_a = KimFactory(managers=[manager])
    kim_b = KimFactory(managers=[manager])
    document = upload_sk(kim_a, manager)
    for user in (manager, officer_kab_serang):  # both may see both KIM
        response = client_for(user).get(
            reverse("registry:document-file", args=[kim_b.pk, document.pk])
        )
        assert response.status_code == 404


def test_download_headers(client_for, kim, manager):
    document = upload_sk(kim, manager)
    response = fetch(client_for(manager), file_url(kim, document))

    assert response["Content-Type"] == "application/pdf"
    assert response["X-Content-Type-Options"] == "nosniff"
    assert response["Cache-Control"] == "no-store, private"
    assert response["Content-Disposition"].startswith("attachment;")
    assert response["Content-Security-Policy"].startswith("sandbox")


def test_inline_view_of_pdf_and_image(client_for, kim, manager):
    sk = upload_sk(kim, manager)
    scan = upload_scan(kim, manager, file=upload(PNG_BYTES, "scan.pdf", "application/pdf"))
    client = client_for(manager)

    pdf_response = fetch(client, file_url(kim, sk, inline=True))
    assert pdf_response["Content-Disposition"].startswith("inline;")
    assert pdf_response["Cache-Control"] == "no-store, private"
    # Browsers' PDF viewers do not start in a sandbox; the policy still forbids scripts.
    assert "frame-ancestors 'self'" in pdf_response["Content-Security-Policy"]
    assert "script-src" not in pdf_response["Content-Security-Policy"]

    image_response = fetch(client, file_url(kim, scan, inline=True))
    # The type comes from the bytes, not from the name the file was uploaded with.
    assert image_response["Content-Type"] == "image/png"
    assert image_response["Content-Disposition"].startswith("inline;")
    assert image_response["Content-Disposition"].endswith('.png"')
    assert image_response["Content-Security-Policy"].startswith("sandbox")


def test_files_are_not_reachable_by_path(client_for, kim, manager):
    document = upload_sk(kim, manager)
    for url in ("/media/" + document.file.name, "/" + document.file.name):
        assert client_for(manager).get(url).status_code == 404


def test_documents_page_shows_current_history_and_previews(
    client_for, kim, manager, django_assert_num_queries
):
    members = make_board(RosterFactory(kim=kim))
    old = upload_sk(kim, manager)
    sk = upload_sk(kim, manager, number="141/Kep.99/2025")
    scan = upload_scan(kim, manager)
    upload_declaration(kim, manager, members[0])
    client = client_for(manager)
    client.get(reverse("registry:documents", args=[kim.pk]))  # warm the session

    # session, user, KIM (access), documents, members, "is a manager of it"
    with django_assert_num_queries(6):
        response = client.get(reverse("registry:documents", args=[kim.pk]))

    html = response.content.decode()
    assert "141/Kep.99/2025" in html
    assert f'<iframe src="{file_url(kim, sk, inline=True)}"' in html
    assert re.search(r'<img [^>]*src="' + re.escape(file_url(kim, scan, inline=True)), html)
    assert file_url(kim, old) in html  # history
    assert "Surat pernyataan belum diunggah untuk" in html
    assert members[1].full_name in html
    assert reverse("registry:document-upload", args=[kim.pk, "sk"]) in html
    crumbs = response.context["crumbs"]
    assert [label for label, _url in crumbs] == ["KIM", kim.name, "Dokumen"]
    assert crumbs[0][1] == reverse("registry:kim-list")
    assert crumbs[1][1] == reverse("registry:kim-detail", args=[kim.pk])


def test_documents_page_has_no_upload_forms_when_read_only(client_for, manager):
    kim = KimFactory(managers=[manager], status="submitted")
    html = client_for(manager).get(reverse("registry:documents", args=[kim.pk])).content.decode()
    assert "/dokumen/unggah/" not in html


# --- upload view ---


def sk_post(file, **data):
    return {**{k: str(v) for k, v in SK_DATA.items()}, "file": file, **data}


def test_manager_uploads_sk_through_the_form(client_for, kim, manager):
    response = client_for(manager).post(
        reverse("registry:document-upload", args=[kim.pk, "sk"]), sk_post(pdf())
    )
    assert response.status_code == 302
    assert response["Location"] == reverse("registry:documents", args=[kim.pk]) + "#sk"
    document = Document.objects.get()
    assert (document.number, document.issued_on) == ("141/Kep.12/2025", SK_DATA["issued_on"])


@override_settings(UPLOAD_MAX_BYTES=1024)
def test_refused_file_is_explained_on_the_form_and_nothing_is_saved(client_for, kim, manager):
    client = client_for(manager)
    url = reverse("registry:document-upload", args=[kim.pk, "sk"])

    response = client.post(url, sk_post(upload(EXE_BYTES, "sk.pdf")))
    assert response.status_code == 200
    assert "Berkas harus PDF, JPG atau PNG; isi berkas ini bukan salah satunya." in (
        response.content.decode()
    )
    response = client.post(url, sk_post(upload(PDF_BYTES + b"0" * 2048, "sk.pdf")))
    assert "batas ukuran berkas" in response.content.decode()
    assert not Document.objects.exists()
    assert stored_files(kim) == []


def test_manager_cannot_upload_after_submission(client_for, manager):
    kim = KimFactory(managers=[manager], status="submitted")
    client = client_for(manager)
    url = reverse("registry:document-upload", args=[kim.pk, "sk"])
    assert client.get(url).status_code == 403
    assert client.post(url, sk_post(pdf())).status_code == 403
    assert not Document.objects.exists()


@pytest.mark.parametrize(
    ("who", "status"),
    [
        ("manager", 200),
        ("other_manager", 404),
        ("officer_kab_serang", 200),
        ("officer_kota_serang", 404),
        ("province_staff", 200),
        ("other_province_staff", 404),
    ],
)
def test_upload_page_access(request, client_for, kim, who, status):
    response = client_for(request.getfixturevalue(who)).get(
        reverse("registry:document-upload", args=[kim.pk, "roster_scan"])
    )
    assert response.status_code == status


def test_declaration_upload_names_a_member_of_this_kim(client_for, kim, manager):
    member = make_board(RosterFactory(kim=kim))[0]
    stranger = MemberFactory()
    client = client_for(manager)
    url = reverse("registry:document-upload", args=[kim.pk, "declaration"])

    assert client.get(url).status_code == 404  # no member
    assert client.get(f"{url}?member={stranger.pk}").status_code == 404
    assert client.get(f"{url}?member=abc").status_code == 404
    response = client.post(f"{url}?member={member.pk}", {"file": jpeg()})
    assert response.status_code == 302
    assert Document.objects.get().member == member


def test_unknown_kind_is_404(client_for, kim, manager):
    url = reverse("registry:document-upload", args=[kim.pk, "ktp"])
    assert client_for(manager).get(url).status_code == 404


def test_one_bundle_of_declarations_covers_the_current_board(officer_kab_serang):
    from registry.models import DocumentKind
    from registry.services.documents import document_problems, document_upload
    from tests.factories import KimFactory, RosterFactory, make_board
    from tests.upload_samples import pdf

    kim = KimFactory()
    make_board(RosterFactory(kim=kim), extra_members=20)
    assert any("23 pengurus" in str(p) for p in document_problems(kim))
    document_upload(
        kim=kim, actor=officer_kab_serang, kind=DocumentKind.DECLARATION_BUNDLE, file=pdf()
    )
    assert not any("pernyataan" in str(p) for p in document_problems(kim))
    # a later roster is not covered by a bundle signed for the earlier one
    kim.rosters.update(is_current=False)
    make_board(RosterFactory(kim=kim))
    assert any("3 pengurus" in str(p) for p in document_problems(kim))


def test_documents_page_shows_members_covered_by_the_bundle(client_for, kim, manager):
    """The table said "Belum ada" for every member after a bundle for the whole board."""
    make_board(RosterFactory(kim=kim), extra_members=20)
    document_upload(kim=kim, actor=manager, kind=DocumentKind.DECLARATION_BUNDLE, file=pdf())
    page = client_for(manager).get(reverse("registry:documents", args=[kim.pk])).content.decode()
    assert page.count("Dalam berkas gabungan") == 23
    assert ">Belum ada<" not in page
