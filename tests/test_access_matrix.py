"""Access matrix: every non-public URL × every role → the expected status.

One world per test: a registered KIM of Kabupaten Serang (village 36.04.05.2001) with a
Nomor Induk, a current board, an SK and a valid letter, managed by `manager`. A few rows
repeat the manager's write pages on the same KIM in draft (the only state managers edit).

Columns are the roles, in ROLES order:
    mgr    manager of the KIM                 kab    officer of Kab. Serang (36.04)
    omgr   a manager, not of this KIM         kota   officer of Kota Serang (36.73)
    prov   provincial staff of Banten (36)    oprov  provincial staff of Jawa Barat (32)
    admin  system admin
Anonymous is checked for every row: a redirect to the login page.

POST-only views get an EMPTY POST: the point is the access decision, not the action.
Disallowed roles must not change anything (the world's fingerprint is compared), and a
200 seen by someone outside the KIM's jurisdiction must not show the KIM or its manager.
The last test fails when a protected URL name is missing here.
"""

import datetime
import io
import zipfile
from dataclasses import dataclass, field

import pytest
from django.conf import settings
from django.core.files.base import ContentFile
from django.db.models import Count
from django.shortcuts import resolve_url
from django.urls import URLPattern, URLResolver, get_resolver, reverse
from django.utils import timezone

from capacity.models import Attendance, Certificate, Event, Registration, ReportFile
from kimportal.core.models import AuditEntry, Job, User
from registry.models import Document, Kim, Letter, Member, RegencyOffice
from registry.services.office import office_for
from tests.capacity.helpers import (
    attend,
    held_event,
    make_event,
    register,
    stored_certificate,
    stored_report_file,
)
from tests.partnerships.access_rows import ROWS as PARTNERSHIP_ROWS
from tests.partnerships.access_rows import partnership_fingerprint, partnership_world
from tests.registry.letter_helpers import (
    KAB_SERANG_VILLAGE,
    LEBAK_VILLAGE,
    registered_kim,
    stored_letter,
)

ROLES = (
    "manager",
    "other_manager",
    "officer_kab_serang",
    "officer_kota_serang",
    "province_staff",
    "other_province_staff",
    "admin_user",
)
# Roles for which the world's KIM (and its manager's account) is out of reach.
OUTSIDERS = {"other_manager", "officer_kota_serang", "other_province_staff"}
DENIED = {403, 404}

KIM_NAME = "KIM Kramat Sejahtera Matriks"
MANAGER_NAME = "Pengelola-Matriks-Unik"


@dataclass
class World:
    kim: Kim
    manager: User
    member: Member
    document: Document
    letter: Letter | None
    job: Job  # the manager's own export of their KIM list, finished, with its file
    partners: object = None  # partnership objects (tests/partnerships/access_rows.py)


@dataclass
class CapacityWorld:
    """Events of the Dinas of Kabupaten Serang (the KIM's regency): one open for
    registration with the KIM's member registered; one held, where that member attended
    and got a certificate, with a report file."""

    event: Event
    registration: Registration
    held: Event
    attended: Registration
    certificate: Certificate
    report_file: ReportFile


def cap(world):
    """The world's capacity objects, made on first use (most rows do not need them)."""
    if getattr(world, "capacity", None) is None:
        event = make_event(title="Bimtek Matriks Terbuka")
        held = held_event(title="Bimtek Matriks Terlaksana")
        attended = register(held, world.kim, world.member)
        attend(attended)
        world.capacity = CapacityWorld(
            event=event,
            registration=register(event, world.kim, world.member),
            held=held,
            attended=attended,
            certificate=stored_certificate(attended),
            report_file=stored_report_file(held),
        )
    return world.capacity


@dataclass
class Row:
    name: str
    args: object  # world -> list of URL arguments
    expected: tuple  # one status per role, in ROLES order
    method: str = "get"
    query: str = ""
    draft: bool = False  # the KIM is in draft instead of registered
    prepare: object = None  # (client, world) -> None, after login
    slow: bool = False  # the page renders a real PDF
    label: str = field(default="")

    def __post_init__(self):
        assert len(self.expected) == len(ROLES), self.name
        self.label = self.name + ("[draft]" if self.draft else "")


def kim(world):
    return [world.kim.pk]


def none(world):
    return []


GET, POST = "get", "post"

# fmt: off
MATRIX = [
    #   name / args                                        mgr  omgr kab  kota prov oprov admin
    # --- account ---------------------------------------------------------------------------
    Row("accounts:profile", none,                         (200, 200, 200, 200, 200, 200, 200)),
    Row("password_change", none,                          (200, 200, 200, 200, 200, 200, 200)),
    Row("password_change_done", none,                     (200, 200, 200, 200, 200, 200, 200)),
    Row("dashboard", none,                                (200, 200, 200, 200, 200, 200, 200)),
    Row("accounts:user-list", none,                       (403, 403, 200, 200, 200, 200, 200)),
    Row("accounts:user-create", none,                     (403, 403, 403, 403, 200, 200, 200)),
    Row("accounts:user-detail", lambda w: [w.manager.pk], (403, 403, 200, 404, 200, 404, 200)),
    Row("accounts:user-edit", lambda w: [w.manager.pk],   (403, 403, 403, 403, 200, 404, 200)),
    Row("accounts:user-toggle", lambda w: [w.manager.pk], (403, 403, 302, 404, 302, 404, 302),
        method=POST),
    Row("accounts:manager-invite", none,                  (403, 403, 200, 200, 403, 403, 200)),
    Row("accounts:keep-alive", none,                      (200, 200, 200, 200, 200, 200, 200),
        method=POST),
    Row("accounts:two-factor", none,                      (403, 403, 200, 200, 200, 200, 200)),
    Row("accounts:two-factor-verify", none,               (200, 200, 200, 200, 200, 200, 200)),
    Row("accounts:reauthenticate", none,                  (200, 200, 200, 200, 200, 200, 200)),
    Row("audit:list", none,                               (403, 403, 200, 200, 200, 200, 200)),
    # --- KIM profile and workflow ----------------------------------------------------------
    Row("registry:kim-list", none,                        (200, 200, 200, 200, 200, 200, 200)),
    Row("registry:kim-create", none,                      (200, 200, 200, 200, 403, 403, 200)),
    Row("registry:kim-detail", kim,                       (200, 404, 200, 404, 200, 404, 200)),
    Row("registry:kim-edit", kim,                         (403, 404, 200, 404, 200, 404, 200)),
    Row("registry:kim-edit", kim,                         (200, 404, 200, 404, 200, 404, 200),
        draft=True),
    Row("registry:kim-submit", kim,                       (302, 404, 302, 404, 403, 403, 302),
        method=POST),
    Row("registry:kim-submit", kim,                       (302, 404, 302, 404, 403, 403, 302),
        method=POST, draft=True),
    Row("registry:note-add", kim,                         (403, 403, 302, 404, 302, 404, 302),
        method=POST),
    Row("registry:decide", kim,                           (403, 403, 403, 403, 302, 404, 302),
        method=POST),
    Row("registry:issue-number", kim,                     (403, 403, 302, 404, 403, 403, 302),
        method=POST),
    Row("registry:change-status", kim,                    (403, 403, 302, 404, 302, 404, 302),
        method=POST),
    Row("registry:review-queue", none,                    (403, 403, 200, 200, 200, 200, 200)),
    # --- documents -------------------------------------------------------------------------
    Row("registry:documents", kim,                        (200, 404, 200, 404, 200, 404, 200)),
    Row("registry:document-upload", lambda w: [w.kim.pk, "sk"],
                                                          (403, 404, 200, 404, 200, 404, 200)),
    Row("registry:document-upload", lambda w: [w.kim.pk, "sk"],
                                                          (200, 404, 200, 404, 200, 404, 200),
        draft=True),
    Row("registry:document-file", lambda w: [w.kim.pk, w.document.pk],
                                                          (200, 404, 200, 404, 200, 404, 200)),
    # --- roster ----------------------------------------------------------------------------
    Row("registry:roster", kim,                           (200, 404, 200, 404, 200, 404, 200)),
    Row("registry:roster-import", kim,                    (403, 404, 200, 404, 200, 404, 200)),
    Row("registry:roster-import", kim,                    (200, 404, 200, 404, 200, 404, 200),
        draft=True),
    Row("registry:roster-template", kim,                  (200, 404, 200, 404, 200, 404, 200),
        query="?format=csv"),
    Row("registry:roster-history", kim,                   (200, 404, 200, 404, 200, 404, 200)),
    Row("registry:roster-export", kim,                    (200, 404, 200, 404, 200, 404, 200),
        query="?format=csv"),
    Row("registry:roster-download-for-editing", kim,      (200, 404, 200, 404, 200, 404, 200)),
    Row("registry:member-add", kim,                       (403, 404, 200, 404, 200, 404, 200)),
    Row("registry:member-add", kim,                       (200, 404, 200, 404, 200, 404, 200),
        draft=True),
    Row("registry:member-edit", lambda w: [w.kim.pk, w.member.pk],
                                                          (403, 404, 200, 404, 200, 404, 200)),
    Row("registry:member-edit", lambda w: [w.kim.pk, w.member.pk],
                                                          (200, 404, 200, 404, 200, 404, 200),
        draft=True),
    Row("registry:member-delete", lambda w: [w.kim.pk, w.member.pk],
                                                          (403, 404, 302, 404, 302, 404, 302),
        method=POST),
    Row("registry:member-delete", lambda w: [w.kim.pk, w.member.pk],
                                                          (302, 404, 302, 404, 302, 404, 302),
        method=POST, draft=True),
    # --- letters ---------------------------------------------------------------------------
    Row("registry:letters", kim,                          (200, 404, 200, 404, 200, 404, 200)),
    Row("registry:letter-issue", kim,                     (403, 403, 302, 404, 302, 404, 302),
        method=POST),
    Row("registry:letter-download", lambda w: [w.letter.pk],
                                                          (200, 404, 200, 404, 200, 404, 200)),
    Row("registry:letter-retry", lambda w: [w.letter.pk], (403, 403, 302, 404, 302, 404, 302),
        method=POST),
    # The bulk page is the officer's own jurisdiction-wide list: every officer gets 200.
    Row("registry:letters-bulk", none,                    (403, 403, 200, 200, 200, 200, 200)),
    # --- jobs: the one who asked for it; admins see every job but download no one's file --
    Row("jobs:list", none,                                (200, 200, 200, 200, 200, 200, 200)),
    Row("jobs:detail", lambda w: [w.job.pk],              (200, 404, 404, 404, 404, 404, 200)),
    Row("jobs:download", lambda w: [w.job.pk],            (200, 404, 404, 404, 404, 404, 403)),
    Row("registry:office-settings", lambda w: [w.kim.regency_id],
                                                          (403, 403, 200, 404, 200, 404, 200)),
    # The provincial Dinas's settings (letterhead for agreements and certificates).
    Row("registry:office-settings", lambda w: [w.kim.regency_id[:2]],
                                                          (403, 403, 404, 404, 200, 404, 200)),
    # --- capacity: events (the world's events are Kabupaten Serang's) --------------------
    Row("capacity:event-list", none,                      (200, 200, 200, 200, 200, 200, 200)),
    Row("capacity:calendar", none,                        (200, 200, 200, 200, 200, 200, 200)),
    Row("capacity:event-create", none,                    (403, 403, 200, 200, 200, 200, 200)),
    Row("capacity:event-detail", lambda w: [cap(w).event.pk],
                                                          (200, 404, 200, 404, 200, 404, 200)),
    Row("capacity:event-edit", lambda w: [cap(w).event.pk],
                                                          (403, 403, 200, 404, 200, 404, 200)),
    Row("capacity:event-status", lambda w: [cap(w).event.pk],
                                                          (403, 403, 302, 404, 302, 404, 302),
        method=POST),
    Row("capacity:event-ics", lambda w: [cap(w).event.pk],
                                                          (200, 404, 200, 404, 200, 404, 200)),
    # --- capacity: registration and participants ------------------------------------------
    Row("capacity:register-kim", lambda w: [cap(w).event.pk],
                                                          (200, 404, 200, 404, 200, 404, 403)),
    Row("capacity:register-officers", lambda w: [cap(w).event.pk],
                                                          (403, 403, 200, 404, 200, 404, 403)),
    Row("capacity:participants", lambda w: [cap(w).event.pk],
                                                          (403, 403, 200, 404, 200, 404, 200)),
    Row("capacity:attendance-sheet", lambda w: [cap(w).event.pk],
                                                          (403, 403, 200, 404, 200, 404, 200),
        slow=True),
    Row("capacity:registration-cancel", lambda w: [cap(w).registration.pk],
                                                          (302, 404, 302, 404, 302, 404, 302),
        method=POST),
    Row("capacity:registration-card", lambda w: [cap(w).registration.pk],
                                                          (200, 404, 200, 404, 200, 404, 200)),
    Row("capacity:evaluate", lambda w: [cap(w).attended.pk],
                                                          (200, 404, 403, 404, 403, 404, 403)),
    # --- capacity: check-in at the door -----------------------------------------------------
    Row("capacity:check-in", lambda w: [cap(w).event.pk],
                                                          (403, 403, 200, 404, 200, 404, 200)),
    Row("capacity:check-in-data", lambda w: [cap(w).event.pk],
                                                          (403, 403, 200, 404, 200, 404, 200)),
    # An empty form POST is not the JSON the phone sends: past the door, a 400.
    Row("capacity:check-in-sync", lambda w: [cap(w).event.pk],
                                                          (403, 403, 400, 404, 400, 404, 400),
        method=POST),
    Row("capacity:walk-in", lambda w: [cap(w).event.pk],
                                                          (403, 403, 302, 404, 302, 404, 302),
        method=POST),
    # --- capacity: certificates and report ------------------------------------------------
    Row("capacity:certificates", lambda w: [cap(w).held.pk],
                                                          (403, 403, 200, 404, 200, 404, 403)),
    Row("capacity:certificates-batch", lambda w: [cap(w).held.pk],
                                                          (403, 403, 302, 404, 302, 404, 403),
        method=POST),
    Row("capacity:certificates-zip", lambda w: [cap(w).held.pk],
                                                          (200, 404, 200, 404, 200, 404, 200)),
    Row("capacity:certificate-download", lambda w: [cap(w).certificate.pk],
                                                          (200, 404, 200, 404, 200, 404, 200)),
    Row("capacity:certificate-revoke", lambda w: [cap(w).certificate.pk],
                                                          (403, 403, 200, 404, 200, 404, 403)),
    Row("capacity:certificate-revoke", lambda w: [cap(w).certificate.pk],
                                                          (403, 403, 200, 404, 200, 404, 403),
        method=POST),
    Row("capacity:event-report", lambda w: [cap(w).held.pk],
                                                          (403, 403, 200, 404, 200, 404, 403)),
    Row("capacity:report-file", lambda w: [cap(w).held.pk, cap(w).report_file.pk],
                                                          (200, 404, 200, 404, 200, 404, 200)),
    Row("capacity:report-file-remove", lambda w: [cap(w).held.pk, cap(w).report_file.pk],
                                                          (403, 403, 302, 404, 302, 404, 403),
        method=POST),
    # --- capacity: success indicators -------------------------------------------------------
    Row("capacity:indicators", none,                      (403, 403, 200, 200, 200, 200, 200)),
    Row("capacity:kim-indicators", kim,                   (200, 404, 200, 404, 200, 404, 200)),
    *(Row(**row) for row in PARTNERSHIP_ROWS),
]
# fmt: on

CASES = [
    pytest.param(
        row,
        role,
        status,
        id=f"{row.label}-{role}",
        marks=[pytest.mark.slow] if row.slow and status == 200 else [],
    )
    for row in MATRIX
    for role, status in zip(ROLES, row.expected, strict=True)
]
ANONYMOUS_CASES = [pytest.param(row, id=row.label) for row in MATRIX]


def _world(manager, *, draft, name=KIM_NAME, village=KAB_SERANG_VILLAGE):
    if name == KIM_NAME:
        manager.first_name, manager.last_name = "Budi", MANAGER_NAME
        manager.save(update_fields=["first_name", "last_name"])
    kim = registered_kim(name=name, village=village, managers=[manager])
    office_for(kim.regency_id)  # the settings row exists, unconfigured: issuing fails fast
    letter = None
    if draft:
        Kim.objects.filter(pk=kim.pk).update(status="draft", nomor_induk=None, registered_at=None)
        kim.refresh_from_db()
    else:
        letter = stored_letter(kim)
    member = Member.objects.filter(roster__kim=kim, roster__is_current=True).order_by("pk")[0]
    job = Job.objects.create(
        kind="kimportal.export",
        owner=manager,
        state="succeeded",
        result_name="daftar-kim.csv",
        result_content_type="text/csv",
        expires_at=timezone.now() + datetime.timedelta(hours=1),
    )
    job.result_file.save("daftar-kim.csv", ContentFile(f"{KIM_NAME}\n".encode()))
    partners = partnership_world(kim) if name == KIM_NAME else None
    return World(kim, manager, member, kim.documents.get(kind="sk"), letter, job, partners)


def _fingerprint(world):
    """What an access decision must leave untouched."""
    kim = Kim.objects.annotate(members=Count("rosters__members")).get(pk=world.kim.pk)
    return {
        "kim": (kim.status, kim.name, kim.nomor_induk, kim.members),
        "documents": Document.objects.filter(kim=world.kim).count(),
        "letters": list(Letter.objects.filter(kim=world.kim).values_list("pk", "status")),
        "active": list(User.objects.order_by("pk").values_list("pk", "is_active")),
        "offices": RegencyOffice.objects.count(),
        "audit": AuditEntry.objects.count(),
        "events": list(Event.objects.order_by("pk").values_list("pk", "status", "quota")),
        "registrations": list(Registration.objects.order_by("pk").values_list("pk", "status")),
        "attendance": Attendance.objects.count(),
        "certificates": Certificate.objects.count(),
        "report_files": ReportFile.objects.count(),
        "jobs": list(Job.objects.values_list("pk", "state")),
        **partnership_fingerprint(world.partners),
    }


def _request(client, row, world):
    url = reverse(row.name, args=row.args(world)) + row.query
    response = getattr(client, row.method)(url)
    if response.streaming:  # files: read and close, or the handle leaks into the next test
        response.body = b"".join(response.streaming_content)
        response.close()
    return response


def _assert_nothing_leaks(response):
    if response.streaming:
        return  # a file of a KIM this role can see (an outsider never gets one)
    if response["Content-Type"] == "application/zip":
        assert zipfile.ZipFile(io.BytesIO(response.content)).namelist() == []
        return
    body = response.content.decode()
    assert KIM_NAME not in body
    assert MANAGER_NAME not in body


@pytest.mark.parametrize(("row", "role", "expected"), CASES)
def test_access(row, role, expected, request, manager, client):
    world = _world(manager, draft=row.draft)
    user = manager if role == "manager" else request.getfixturevalue(role)
    client.force_login(user)
    if row.prepare:
        row.prepare(client, world)
    row.args(world)  # objects the row's URL needs exist before the fingerprint
    before = _fingerprint(world)

    response = _request(client, row, world)

    assert response.status_code == expected
    if expected in DENIED:
        assert _fingerprint(world) == before
    if expected == 200 and role in OUTSIDERS:
        _assert_nothing_leaks(response)


@pytest.mark.parametrize("row", ANONYMOUS_CASES)
def test_anonymous_goes_to_login(row, manager, client):
    world = _world(manager, draft=row.draft)
    row.args(world)
    before = _fingerprint(world)

    response = _request(client, row, world)

    assert response.status_code == 302
    assert response["Location"].startswith(resolve_url(settings.LOGIN_URL) + "?next=")
    assert _fingerprint(world) == before


# --- ids of another KIM's objects behind a URL of a KIM the user may see ---------------

FOREIGN_CHILD = [
    pytest.param("registry:document-file", "document", GET, id="document-file"),
    pytest.param("registry:member-edit", "member", GET, id="member-edit"),
    pytest.param("registry:member-delete", "member", POST, id="member-delete"),
]


@pytest.mark.parametrize(("name", "child", "method"), FOREIGN_CHILD)
@pytest.mark.parametrize("role", ["manager", "officer_kab_serang", "province_staff"])
def test_child_of_another_kim_is_not_found(name, child, method, role, request, manager, client):
    world = _world(manager, draft=True)  # draft: the manager may write too
    other = _world(
        request.getfixturevalue("other_manager"), draft=True, name="KIM Lain", village=LEBAK_VILLAGE
    )
    user = manager if role == "manager" else request.getfixturevalue(role)
    client.force_login(user)
    before = _fingerprint(other)

    url = reverse(name, args=[world.kim.pk, getattr(other, child).pk])
    response = getattr(client, method)(url)

    assert response.status_code == 404
    assert _fingerprint(other) == before


def test_declaration_upload_for_a_member_of_another_kim_is_not_found(
    manager, other_manager, client
):
    world = _world(manager, draft=True)
    other = _world(other_manager, draft=True, name="KIM Lain", village=LEBAK_VILLAGE)
    client.force_login(manager)

    url = reverse("registry:document-upload", args=[world.kim.pk, "declaration"])
    assert client.get(f"{url}?member={world.member.pk}").status_code == 200
    assert client.get(f"{url}?member={other.member.pk}").status_code == 404


def test_office_settings_outside_jurisdiction_creates_nothing(officer_kota_serang, client):
    client.force_login(officer_kota_serang)
    before = RegencyOffice.objects.count()

    response = client.get(reverse("registry:office-settings", args=["32.01"]))

    assert response.status_code == 404
    assert RegencyOffice.objects.count() == before


# --- every protected URL is in the matrix -----------------------------------------------

SELF_PROTECTED_NAMESPACES = {"admin"}  # Django admin checks is_staff itself


def _named_views(patterns, namespace=None):
    for entry in patterns:
        if isinstance(entry, URLResolver):
            inner = entry.namespace or namespace
            yield from _named_views(entry.url_patterns, inner)
        elif isinstance(entry, URLPattern):
            name = f"{namespace}:{entry.name}" if namespace and entry.name else entry.name
            yield name, namespace, entry.callback


def test_every_protected_url_name_is_in_the_matrix():
    protected = {
        name
        for name, namespace, callback in _named_views(get_resolver().url_patterns)
        if namespace not in SELF_PROTECTED_NAMESPACES
        and getattr(callback, "access", None) != "public"
    }
    assert None not in protected, "a protected URL has no name"
    assert protected - {row.name for row in MATRIX} == set()
    assert {row.name for row in MATRIX} - protected == set()
