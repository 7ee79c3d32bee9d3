"""The demo that `make run` seeds stays current in whatever year it is seeded."""

import datetime
import io

import pytest
from django.core.management import CommandError, call_command

from kimportal.core.models import User
from registry.models import Kim, KimStatus, Letter, LetterStatus, Roster
from registry.services.workflow import kims_deactivate_expired
from tests.dates import WIB, add_years, today

pytestmark = pytest.mark.django_db


@pytest.mark.slow  # issues the demo's letters: real PDFs
def test_demo_seeded_years_from_now_shows_current_boards_and_valid_letters(time_machine):
    later = add_years(today(), 3)
    time_machine.move_to(datetime.datetime.combine(later, datetime.time(9, tzinfo=WIB)), tick=False)
    out = io.StringIO()
    call_command("seed_demo", force=True, stdout=out)

    registered = Kim.objects.filter(status=KimStatus.REGISTERED)
    assert registered.count() >= 3
    boards = Roster.objects.filter(kim__in=registered, is_current=True)
    assert boards.count() == registered.count()
    assert all(b.term_start <= later <= b.term_end for b in boards), out.getvalue()
    assert kims_deactivate_expired() == 0
    letters = Letter.objects.filter(status=LetterStatus.VALID)
    assert set(letters.values_list("kim", flat=True)) == set(
        registered.values_list("pk", flat=True)
    )
    assert all(letter.valid_until >= later for letter in letters)


def test_the_demo_with_its_public_password_refuses_a_live_site():
    """Tests run with DEBUG off, as production does."""
    with pytest.raises(CommandError, match="--force"):
        call_command("seed_demo", stdout=io.StringIO())
    assert not User.objects.filter(username="admin").exists()
