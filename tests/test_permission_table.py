"""The README's permission table is the rules: every permission × every kind of user.

Columns (users relative to the object): system admin; provincial staff of the object's
province / of another province; regency officer of the object's regency / of another
regency of the same province; the KIM's own manager (for an account: the account's
owner) / another KIM manager. A permission asked without an object is the page's door.
"""

import re
from pathlib import Path

import pytest
import rules

from kimportal.core.accounts.roles import Role
from tests.factories import KimFactory, UserFactory
from tests.registry.letter_helpers import registered_kim

README = Path(__file__).resolve().parents[1] / "README.md"
COLUMNS = ("admin", "prov", "prov_other", "kab", "kab_other", "mgr", "mgr_other")
YES, NO = "✓", "—"


def documented_rows():
    text = README.read_text()
    table = text.split("<!-- permission-table -->")[1].split("<!-- /permission-table -->")[0]
    rows = {}
    for line in table.strip().splitlines()[2:]:
        cells = [cell.strip() for cell in line.strip().strip("|").split("|")]
        name = re.sub(r"[`*]", "", cells[0])
        rows[name] = (cells[1], cells[2 : 2 + len(COLUMNS)])
    return rows


def test_every_permission_is_documented_once():
    documented = set(documented_rows())
    registered = {name for name in rules.permissions.permissions if "." in name}
    assert documented == registered


@pytest.fixture
def users(db):
    manager = UserFactory(role=Role.MANAGER, regency_id="36.04")
    return {
        "admin": UserFactory(role=Role.ADMIN, is_superuser=True, is_staff=True),
        "prov": UserFactory(role=Role.PROVINCE, province_id="36"),
        "prov_other": UserFactory(role=Role.PROVINCE, province_id="32"),
        "kab": UserFactory(role=Role.REGENCY, regency_id="36.04"),
        "kab_other": UserFactory(role=Role.REGENCY, regency_id="36.73"),
        "mgr": manager,
        "mgr_other": UserFactory(role=Role.MANAGER, regency_id="36.04"),
    }


def _partnership_object(kind, mgr):
    """Partnership objects of Kabupaten Serang (36.04) whose KIM `mgr` manages."""
    from partnerships.models import Agreement
    from tests.partnerships.helpers import make_agreement, make_forum, make_report, make_visit

    def agreement(status):
        return make_agreement([registered_kim(managers=[mgr])], status=status)

    if kind == "new regency agreement":
        new = Agreement()
        new.set_dinas("36.04")
        return new
    if kind in ("agreement (draft)", "agreement (active)", "agreement (expired)"):
        return agreement(kind[len("agreement (") : -1])
    if kind == "report (submitted)":
        kim = registered_kim(managers=[mgr])
        return make_report(make_agreement([kim], status="active"), kim)
    if kind == "regency forum":
        return make_forum()
    if kind == "visit":
        return make_visit(registered_kim(managers=[mgr]))
    if kind == "follow-up (open)":
        visit = make_visit(registered_kim(managers=[mgr]), follow_ups=[("Tindak lanjut", 7)])
        return visit.follow_ups.get()
    return None


def _object(kind, users):
    """The object a row is asked about (see the table's second column)."""
    mgr = users["mgr"]
    if kind == "—":
        return None
    if kind == "KIM (draft)":
        return KimFactory(managers=[mgr])
    if kind == "KIM (submitted)":
        return KimFactory(managers=[mgr], status="submitted")
    if kind == "KIM (registered)":
        return registered_kim(managers=[mgr])
    if kind == "new KIM":
        return KimFactory.build(village_id="36.04.05.2001")
    if kind == "regency settings":
        from registry.services.office import office_for

        return office_for("36.04")
    if kind == "manager account":
        return mgr
    if kind == "job of the KIM manager":
        from kimportal.core.models import Job

        return Job.objects.create(kind="kimportal.export", owner=mgr)
    partnership = _partnership_object(kind, mgr)
    if partnership is not None:
        return partnership
    capacity = _capacity_object(kind, mgr)
    if capacity is not None:
        return capacity
    raise AssertionError(f"unknown object in the permission table: {kind}")


def _capacity_object(kind, mgr):
    """Events of the Dinas of Kabupaten Serang (open to KIM and officers); the
    registrations are of a member of `mgr`'s registered KIM there."""
    from tests.capacity.helpers import attend, held_event, make_event, register, stored_certificate

    if kind == "event (open)":
        registered_kim(managers=[mgr])
        return make_event()
    if kind == "event (held)":
        return held_event()
    if kind == "registration (open event)":
        return register(make_event(), registered_kim(managers=[mgr]))
    if kind == "registration (held event)":
        registration = register(held_event(), registered_kim(managers=[mgr]))
        attend(registration)
        return registration
    if kind == "certificate":
        registration = register(held_event(), registered_kim(managers=[mgr]))
        attend(registration)
        return stored_certificate(registration)
    return None


@pytest.mark.parametrize("name", sorted(documented_rows()))
def test_the_documented_table_is_what_the_rules_say(name, users):
    kind, expected = documented_rows()[name]
    obj = _object(kind, users)
    actual = [YES if users[c].has_perm(name, obj) else NO for c in COLUMNS]
    assert actual == expected, f"{name} on {kind}"
