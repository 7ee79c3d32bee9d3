"""Letters under concurrency: numbers stay unique and gap-free, a KIM keeps one valid
letter, and simultaneous clicks issue one letter."""

import threading

import pytest
from django.db import connection

from registry.models import Letter, LetterStatus
from registry.services import letters as service
from tests.factories import UserFactory
from tests.registry.letter_helpers import configure_office, registered_kim

THREADS = 4


@pytest.fixture
def stub_render(monkeypatch):
    monkeypatch.setattr(
        service, "render_letter", lambda facts, *, number, token, **kw: f"%PDF-1.7 {token}".encode()
    )


def run_together(jobs):
    barrier = threading.Barrier(len(jobs))
    errors = []

    def run(job):
        try:
            barrier.wait()  # all threads reach the database together
            job()
        except Exception as exc:  # collected and asserted by the caller
            errors.append(exc)
        finally:
            connection.close()

    threads = [threading.Thread(target=run, args=(job,)) for job in jobs]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    return errors


@pytest.mark.django_db(transaction=True)
def test_concurrent_issuing_keeps_numbers_unique_and_one_valid_letter_per_kim(
    banten_areas, stub_render
):
    # One test (not two): each transactional test reloads the areas, which is the slow part.
    officers = [UserFactory(role="kabkota", regency_id="36.04") for _ in range(2)]
    configure_office()
    kims = [registered_kim(f"KIM Paralel {n}") for n in range(THREADS)]
    errors = run_together(
        [(lambda kim=kim: service.letter_issue(kim=kim, actor=officers[0])) for kim in kims]
    )
    assert errors == []
    numbers = Letter.objects.values_list("number", flat=True)
    assert sorted(int(n.split("/")[0]) for n in numbers) == list(range(1, THREADS + 1))

    # Two officers issue for a KIM without a letter at the same moment: one letter.
    kim = registered_kim("KIM Dua Klik")
    errors = run_together(
        [
            (lambda officer=officer: service.letter_issue(kim=kim, actor=officer))
            for officer in officers
        ]
    )
    assert len(errors) == 1
    assert isinstance(errors[0], service.LetterError)
    first = Letter.objects.get(kim=kim)
    assert first.status == LetterStatus.VALID

    # Two officers re-issue it at the same moment (both confirmed it): one new letter.
    errors = run_together(
        [
            (
                lambda officer=officer: service.letter_issue(
                    kim=kim, actor=officer, replaces=first.pk, reason="Pengurus berganti"
                )
            )
            for officer in officers
        ]
    )
    assert len(errors) == 1
    letters = Letter.objects.filter(kim=kim).order_by("pk")
    assert [letter.status for letter in letters] == [LetterStatus.SUPERSEDED, LetterStatus.VALID]
    assert letters[0].superseded_by_id == letters[1].pk
    assert Letter.objects.count() == THREADS + 2
    numbers = Letter.objects.values_list("number", flat=True)
    assert sorted(int(n.split("/")[0]) for n in numbers) == list(range(1, THREADS + 3))
