"""A KIM keeps its regency once submitted: the review, numbering and officers belong to it.

The audit found a manager moving a returned KIM to a village in another province through
the profile's village picker, taking it out of the reviewing province's sight.
"""

import pytest
from django.utils import timezone

from kimportal.core.access.refusals import NotPermitted
from kimportal.core.models import AuditEntry
from registry.models import Kim, KimStatus
from registry.services import workflow
from tests.factories import KimFactory

pytestmark = pytest.mark.django_db

SAME_REGENCY = "36.04.06.2001"  # Waringinkurung, Kabupaten Serang
OTHER_REGENCY = "36.73.01.1001"  # Serang, Kota Serang (Banten)
OTHER_PROVINCE = "32.01.01.1001"  # Pondok Rajeg, Kabupaten Bogor (Jawa Barat)


@pytest.fixture
def returned(manager):
    """Submitted once, then returned for corrections: its manager edits it again."""
    return KimFactory(managers=[manager], status=KimStatus.RETURNED, submitted_at=timezone.now())


def _post_village(client, kim, village):
    return client.post(
        f"/kim/{kim.pk}/ubah/", {"name": kim.name, "village": village, "address": kim.address}
    )


def test_manager_cannot_move_a_returned_kim_to_another_province(client_for, manager, returned):
    response = _post_village(client_for(manager), returned, OTHER_PROVINCE)
    assert response.status_code == 200  # the form says no
    assert "village" in response.context["form"].errors
    kim = Kim.objects.get(pk=returned.pk)
    assert (kim.village_id, kim.regency_id) == ("36.04.05.2001", "36.04")
    assert not AuditEntry.objects.filter(action__startswith="registry.kim.").exists()


def test_manager_cannot_move_a_returned_kim_to_another_regency(client_for, manager, returned):
    response = _post_village(client_for(manager), returned, OTHER_REGENCY)
    assert "village" in response.context["form"].errors
    assert Kim.objects.get(pk=returned.pk).regency_id == "36.04"


def test_the_service_refuses_the_move_whatever_the_form(manager, returned):
    with pytest.raises(NotPermitted, match="Diskominfo Provinsi"):
        workflow.kim_update(kim=returned, actor=manager, data={"village_id": OTHER_PROVINCE})
    assert Kim.objects.get(pk=returned.pk).regency_id == "36.04"


def test_the_picker_offers_only_the_kims_own_regency_after_submission(
    client_for, manager, returned
):
    field = client_for(manager).get(f"/kim/{returned.pk}/ubah/").context["form"].fields["village"]
    assert field.widget.lock_regency == "36.04"
    assert not field.queryset.exclude(district__regency_id="36.04").exists()


def test_manager_moves_within_the_regency(client_for, manager, returned):
    assert _post_village(client_for(manager), returned, SAME_REGENCY).status_code == 302
    assert Kim.objects.get(pk=returned.pk).village_id == SAME_REGENCY
    assert not AuditEntry.objects.filter(action="registry.kim.moved").exists()


def test_a_draft_never_submitted_may_still_change_regency(client_for, manager):
    draft = KimFactory(managers=[manager])
    assert _post_village(client_for(manager), draft, OTHER_REGENCY).status_code == 302
    assert Kim.objects.get(pk=draft.pk).regency_id == "36.73"


def test_provincial_staff_move_a_kim_across_regencies_audited(client_for, province_staff, returned):
    assert _post_village(client_for(province_staff), returned, OTHER_REGENCY).status_code == 302
    kim = Kim.objects.get(pk=returned.pk)
    assert (kim.village_id, kim.regency_id) == (OTHER_REGENCY, "36.73")
    entry = AuditEntry.objects.get(action="registry.kim.moved")
    assert entry.actor == province_staff
    assert entry.changes == {"regency": ["36.04", "36.73"]}


def test_provincial_staff_cannot_move_a_kim_out_of_their_province(province_staff, returned):
    with pytest.raises(NotPermitted):
        workflow.kim_update(kim=returned, actor=province_staff, data={"village_id": OTHER_PROVINCE})
    assert Kim.objects.get(pk=returned.pk).regency_id == "36.04"


def test_a_regency_officer_cannot_move_a_submitted_kim(officer_kab_serang, returned):
    with pytest.raises(NotPermitted):
        workflow.kim_update(
            kim=returned, actor=officer_kab_serang, data={"village_id": OTHER_REGENCY}
        )
