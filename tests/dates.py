"""Dates for tests, counted from today, so that the suite does not expire.

The rules compare with today (a board's term must not have ended, an SK must not be
dated in the future), so a literal future date in a test is a time bomb: the day it
passes, the test fails. Take dates that must be current, past or ahead from here. When a
test needs one calendar date (month names on a letter, the year in a number), freeze
time instead: `@pytest.mark.time_machine(datetime(..., tzinfo=WIB), tick=False)` (the
marker starts before the test's fixtures). `tests/test_time_bombs.py` fails on literal
dates more than a year ahead.
"""

import datetime
from zoneinfo import ZoneInfo

from django.utils import timezone

WIB = ZoneInfo("Asia/Jakarta")  # the portal's TIME_ZONE: freeze time in it


def today():
    """Today where the portal is (WIB), as the rules see it."""
    return timezone.localdate()


def days_from_today(days):
    return today() + datetime.timedelta(days=days)


def add_years(day, years):
    """`day` moved by whole years; 29 February becomes 28 February in a common year."""
    try:
        return day.replace(year=day.year + years)
    except ValueError:
        return day.replace(year=day.year + years, day=28)


def current_term():
    """A three-year term (masa bakti) that began a year ago and ends in two years."""
    start = add_years(today(), -1)
    return {"term_start": start, "term_end": add_years(start, 3)}


def ended_term():
    """A three-year term that ended a month ago."""
    end = days_from_today(-30)
    return {"term_start": add_years(end, -3), "term_end": end}


def as_form(term):
    """A term as the date inputs of a form post it: {"term_start": "YYYY-MM-DD", ...}."""
    return {name: day.isoformat() for name, day in term.items()}
