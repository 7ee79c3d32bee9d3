"""A table that may scroll sideways can be reached by keyboard and is named (WCAG 2.1.1):
axe's "scrollable-region-focusable" found the KIM page's board table unreachable."""

import re
from pathlib import Path

TEMPLATES = Path(__file__).resolve().parents[1] / "templates"


def test_every_scrolling_table_box_is_a_focusable_named_region():
    unreachable = []
    for template in TEMPLATES.rglob("*.html"):
        for tag in re.findall(r"<div[^>]*\btable-responsive\b[^>]*>", template.read_text()):
            if not all(a in tag for a in ('tabindex="0"', 'role="region"', "aria-label=")):
                unreachable.append(f"{template.relative_to(TEMPLATES)}: {tag}")
    assert unreachable == []
