"""The marks `make test-fast` relies on stay honest: real PDF renders are seen."""

import pytest

from registry.services.letters import letter_issue, letter_render
from tests.pdf_renders import counting_pdf_renders
from tests.registry.letter_helpers import configure_office, registered_kim

pytestmark = pytest.mark.django_db


@pytest.mark.slow
def test_a_real_letter_render_is_counted(officer_kab_serang):
    configure_office()
    kim = registered_kim()
    with counting_pdf_renders() as renders:
        letter = letter_issue(kim=kim, actor=officer_kab_serang)  # the number, at once
        letter_render(letter_id=letter.pk)  # what the worker does
    assert renders  # one layout; two when a long board is laid out again, compact


def test_a_stubbed_render_is_not(officer_kab_serang, monkeypatch):
    from registry.services import letters

    monkeypatch.setattr(letters, "render_letter", lambda *a, **k: b"%PDF-1.7 stub")
    configure_office()
    kim = registered_kim()
    with counting_pdf_renders() as renders:
        letter_issue(kim=kim, actor=officer_kab_serang)
    assert renders == []
