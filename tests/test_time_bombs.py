"""No test carries a date that will one day stop being ahead of us.

The rules compare with today, so a literal date far ahead in a test works until that day
comes and then fails with no change to the code (the suite once gave every board a term
ending on New Year's Day 2028). Dates that must be current, past or ahead come from
tests/dates.py; a test that needs one calendar day freezes time on a past day. This test
reads every file under tests/ and fails on a literal date more than a year after today,
so the next one is caught when it is written, not when it goes off. Past dates are fine:
they stay past.
"""

import datetime
import re
from pathlib import Path

TESTS = Path(__file__).resolve().parent
HORIZON = datetime.timedelta(days=366)
# A line may keep a far date on purpose, with the reason after this comment.
OPT_OUT = "# not a time bomb:"

MONTHS = [
    ("januari", "january"),
    ("februari", "february"),
    ("maret", "march"),
    ("april", "april"),
    ("mei", "may"),
    ("juni", "june"),
    ("juli", "july"),
    ("agustus", "august"),
    ("september", "september"),
    ("oktober", "october"),
    ("november", "november"),
    ("desember", "december"),
]
MONTH_NUMBER = {name: number for number, names in enumerate(MONTHS, 1) for name in names}
MONTH_NAMES = "|".join(sorted(MONTH_NUMBER, key=len, reverse=True))

# Each pattern captures (year, month, day) under those names.
DATE_PATTERNS = [
    # datetime.date(2024, 12, 3), datetime.datetime(2025, 3, 14, 10, 0, ...), keywords too
    re.compile(
        r"\b(?:date|datetime)\(\s*(?:year=)?(?P<year>\d{4})\s*,\s*(?:month=)?(?P<month>\d{1,2})"
        r"\s*,\s*(?:day=)?(?P<day>\d{1,2})\b"
    ),
    # "2025-03-10", as form posts, date inputs and time-machine destinations write them
    re.compile(r"(?<![\d.])(?P<year>\d{4})-(?P<month>\d{2})-(?P<day>\d{2})(?![\d.])"),
    # "10/03/2025", day first as Indonesians write it
    re.compile(r"(?<![\d/])(?P<day>\d{1,2})/(?P<month>\d{1,2})/(?P<year>\d{4})(?![\d/])"),
    # "14 Maret 2025", "14 March 2025"
    re.compile(
        rf"\b(?P<day>\d{{1,2}})\s+(?P<month>{MONTH_NAMES})\s+(?P<year>\d{{4}})\b", re.IGNORECASE
    ),
]


def far_dates(text, today):
    """(line number, date) for each literal date in `text` more than a year after `today`."""
    lines = text.splitlines()
    found = []
    for pattern in DATE_PATTERNS:
        for match in pattern.finditer(text):
            month = match["month"]
            month = int(month) if month.isdigit() else MONTH_NUMBER[month.lower()]
            try:
                day = datetime.date(int(match["year"]), month, int(match["day"]))
            except ValueError:
                continue  # not a date: a letter number, a version, a village code
            line = text.count("\n", 0, match.start()) + 1
            if day > today + HORIZON and OPT_OUT not in lines[line - 1]:
                found.append((line, day))
    return sorted(found)


def test_no_test_file_has_a_literal_date_more_than_a_year_ahead():
    today = datetime.date.today()
    files = [p for p in sorted(TESTS.rglob("*")) if p.is_file() and "__pycache__" not in p.parts]
    offenders = []
    for path in files:
        try:
            text = path.read_text(encoding="utf-8")
        except UnicodeDecodeError:
            continue  # a binary sample
        offenders += [
            f"{path.relative_to(TESTS.parent)}:{line}: {day}"
            for line, day in far_dates(text, today)
        ]
    assert len(files) > 20, "the scan found too few files: is TESTS right?"
    assert not offenders, (
        "Literal dates more than a year ahead: the test fails when the day comes. Count "
        "from today with tests/dates.py, or freeze time on a past day with "
        "@pytest.mark.time_machine(...):\n" + "\n".join(offenders)
    )


# --- the scanner itself: examples are built from today, so none of them is a literal -----


def _samples(today):
    far = today + HORIZON + datetime.timedelta(days=31)
    near = today + datetime.timedelta(days=30)
    past = today.replace(year=today.year - 3, day=1)
    return far, near, past


def test_the_scanner_finds_far_dates_in_every_shape():
    today = datetime.date.today()
    far, _near, _past = _samples(today)
    indonesian = MONTHS[far.month - 1][0].capitalize()
    english = MONTHS[far.month - 1][1].capitalize()
    shapes = [
        f"term_end = datetime.date({far.year}, {far.month}, {far.day})",
        f"when = datetime.datetime(\n    {far.year},\n    {far.month},\n    {far.day},\n)",
        f"datetime.date(year={far.year}, month={far.month}, day={far.day})",
        f'page.fill("{far.isoformat()}")',
        f'{{"term_end": "{far:%d/%m/%Y}"}}',
        f'assert "{far.day} {indonesian} {far.year}" in text',
        f'assert "{far.day} {english} {far.year}" in text',
    ]
    for text in shapes:
        assert far_dates(text, today) == [(1, far)], text


def test_the_scanner_leaves_past_and_near_dates_numbers_and_opt_outs_alone():
    today = datetime.date.today()
    far, near, past = _samples(today)
    text = "\n".join(
        [
            f"issued_on = datetime.date({past.year}, {past.month}, {past.day})",
            f'"{past.isoformat()}" and "{near.isoformat()}"',
            f'village_id = "36.04.05.{far.year}"',  # an area code, not a year
            f'number = "141/Kep.12/{far.year}"',  # a letter number with a year in it
            f'number = "45/13/{far.year}"',  # no thirteenth month: not a date
            f'"{far.isoformat()}"  {OPT_OUT} refused as the future whatever the year',
        ]
    )
    assert far_dates(text, today) == []
