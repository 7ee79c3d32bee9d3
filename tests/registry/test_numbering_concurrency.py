"""Nomor Induk under concurrency: many connections issue at the same moment."""

import threading

import pytest
from django.db import connection

from registry.models import Kim, KimStatus
from registry.services import workflow
from tests.factories import KimFactory, UserFactory

THREADS = 8


@pytest.mark.django_db(transaction=True)
def test_parallel_issuance_gives_unique_consecutive_numbers(banten_areas):
    officer = UserFactory(role="kabkota", regency_id="36.04")
    kims = [KimFactory(status=KimStatus.APPROVED) for _ in range(THREADS)]
    barrier = threading.Barrier(THREADS)
    errors = []

    def issue(kim):
        try:
            barrier.wait()  # all threads hit the database together
            workflow.nomor_induk_issue(kim=kim, actor=officer)
        except Exception as exc:  # collected and asserted below
            errors.append(exc)
        finally:
            connection.close()  # each thread had its own connection

    threads = [threading.Thread(target=issue, args=(kim,)) for kim in kims]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()

    assert errors == []
    numbers = list(
        Kim.objects.filter(pk__in=[k.pk for k in kims]).values_list("nomor_induk", flat=True)
    )
    sequences = sorted(int(number.rsplit("-", 1)[1]) for number in numbers)
    assert len(set(numbers)) == THREADS  # no duplicate
    assert sequences == list(range(1, THREADS + 1))  # no gap


@pytest.mark.django_db(transaction=True)
def test_two_officers_clicking_on_the_same_kim_issue_one_number(banten_areas):
    officers = [UserFactory(role="kabkota", regency_id="36.04") for _ in range(2)]
    kim = KimFactory(status=KimStatus.APPROVED)
    barrier = threading.Barrier(2)
    outcomes = []
    refusals = []

    def issue(officer):
        try:
            barrier.wait()
            workflow.nomor_induk_issue(kim=kim, actor=officer)
            outcomes.append("issued")
        except workflow.WorkflowError as refusal:
            outcomes.append("refused")
            refusals.append(refusal.message)
        finally:
            connection.close()

    threads = [threading.Thread(target=issue, args=(o,)) for o in officers]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert sorted(outcomes) == ["issued", "refused"]
    kim.refresh_from_db()
    assert kim.nomor_induk.endswith("-0001")
    # The loser is told it was just issued, which number, and by whom.
    winner = kim.status_changes.get(to_status=KimStatus.REGISTERED).actor
    assert refusals == [
        f"Nomor Induk KIM ini baru saja diterbitkan: {kim.nomor_induk}, oleh {winner}."
    ]


@pytest.mark.django_db
def test_second_issuance_says_who_was_first_not_that_only_approved_kim_get_a_number():
    first, second = (UserFactory(role="kabkota", regency_id="36.04") for _ in range(2))
    kim = KimFactory(status=KimStatus.APPROVED)
    workflow.nomor_induk_issue(kim=kim, actor=first)
    stale = Kim.objects.get(pk=kim.pk)
    stale.status = KimStatus.APPROVED  # what the second officer's page still showed

    with pytest.raises(workflow.WorkflowError) as refused:
        workflow.nomor_induk_issue(kim=stale, actor=second)
    kim.refresh_from_db()
    assert refused.value.message == (
        f"Nomor Induk KIM ini baru saja diterbitkan: {kim.nomor_induk}, oleh {first}."
    )
