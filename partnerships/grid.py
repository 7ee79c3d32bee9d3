"""The mapping grid as inline SVG, drawn on the server: no JavaScript, no chart library.

x = interest (minat), y = influence (pengaruh), both 1–5; each KIM is one point whose size
and colour say its power (kekuatan). KIM sharing a cell are set side by side in a small
grid inside the cell, so every point stays visible and clickable. The drawing scales to
the page width (viewBox), so it reads on a 360 px phone as on a desktop.
"""

import math
from dataclasses import dataclass

from django.utils.html import escape
from django.utils.safestring import mark_safe
from django.utils.translation import gettext as _

# Sequential blues, light (power 1) to dark (power 5); dark enough to see on white.
POWER_COLOURS = ("#9ecae1", "#6baed6", "#3182bd", "#08519c", "#08306b")
POWER_RADIUS = (7, 8, 9.5, 11, 12.5)

SIZE = 340
LEFT, BOTTOM, TOP, RIGHT = 46, 42, 8, 8
PLOT = SIZE - LEFT - RIGHT  # the plot is square: SIZE - TOP - BOTTOM == PLOT
CELL = PLOT / 5


@dataclass(frozen=True)
class Point:
    number: int  # shown in the point and in the table under the grid
    name: str
    interest: int
    influence: int
    power: int
    url: str
    detail: str = ""  # e.g. the regency, for the province grid


def _x(interest):
    return LEFT + (interest - 1) * CELL


def _y(influence):
    return TOP + (5 - influence) * CELL


def _layout(points):
    """{number: (cx, cy, r)}: each cell's points on a small square grid inside the cell."""
    cells = {}
    for point in points:
        cells.setdefault((point.interest, point.influence), []).append(point)
    placed = {}
    for (interest, influence), members in cells.items():
        columns = math.ceil(math.sqrt(len(members)))
        rows = math.ceil(len(members) / columns)
        step_x, step_y = CELL / columns, CELL / rows
        limit = min(step_x, step_y) * 0.46
        for index, point in enumerate(members):
            column, row = index % columns, index // columns
            cx = _x(interest) + step_x * (column + 0.5)
            cy = _y(influence) + step_y * (row + 0.5)
            placed[point.number] = (cx, cy, min(POWER_RADIUS[point.power - 1], limit))
    return placed


def _text(x, y, text, **attrs):
    extra = " ".join(f'{k.replace("_", "-")}="{v}"' for k, v in attrs.items())
    return f'<text x="{x:.1f}" y="{y:.1f}" {extra}>{escape(text)}</text>'


def grid_svg(points, *, title):
    """The grid with one linked point per item of `points`.

    A group, not an image: its points are links (an image's content is not announced).
    """
    parts = [
        f'<svg class="mapping-grid" viewBox="0 0 {SIZE} {SIZE}" role="group" '
        f'aria-labelledby="grid-title" xmlns="http://www.w3.org/2000/svg">',
        f'<title id="grid-title">{escape(title)}</title>',
        # Quadrants split at the middle score (3): shaded top-right = keep close.
        f'<rect x="{LEFT}" y="{TOP}" width="{PLOT}" height="{PLOT}" fill="#fff" stroke="#6c757d"/>',
        f'<rect x="{_x(3) + CELL / 2:.1f}" y="{TOP}" width="{PLOT / 2:.1f}" '
        f'height="{PLOT / 2:.1f}" fill="#e7f1fb"/>',
    ]
    for i in range(1, 5):
        parts.append(
            f'<line x1="{LEFT + i * CELL:.1f}" y1="{TOP}" x2="{LEFT + i * CELL:.1f}" '
            f'y2="{TOP + PLOT}" stroke="#dee2e6"/>'
        )
        parts.append(
            f'<line x1="{LEFT}" y1="{TOP + i * CELL:.1f}" x2="{LEFT + PLOT}" '
            f'y2="{TOP + i * CELL:.1f}" stroke="#dee2e6"/>'
        )
    middle_x, middle_y = _x(3) + CELL / 2, _y(3) + CELL / 2
    parts.append(
        f'<line x1="{middle_x:.1f}" y1="{TOP}" x2="{middle_x:.1f}" y2="{TOP + PLOT}" '
        f'stroke="#adb5bd" stroke-dasharray="4 3"/>'
    )
    parts.append(
        f'<line x1="{LEFT}" y1="{middle_y:.1f}" x2="{LEFT + PLOT}" y2="{middle_y:.1f}" '
        f'stroke="#adb5bd" stroke-dasharray="4 3"/>'
    )
    quadrant = {"font_size": "9", "fill": "#6c757d"}
    parts += [
        _text(LEFT + 4, TOP + 11, _("Jaga kepuasan"), **quadrant),
        _text(LEFT + PLOT - 4, TOP + 11, _("Mitra utama"), text_anchor="end", **quadrant),
        _text(LEFT + 4, TOP + PLOT - 5, _("Pantau"), **quadrant),
        _text(LEFT + PLOT - 4, TOP + PLOT - 5, _("Beri informasi"), text_anchor="end", **quadrant),
    ]
    for score in range(1, 6):
        parts.append(
            _text(
                _x(score) + CELL / 2,
                TOP + PLOT + 14,
                str(score),
                text_anchor="middle",
                font_size="11",
            )
        )
        parts.append(
            _text(LEFT - 8, _y(score) + CELL / 2 + 4, str(score), text_anchor="end", font_size="11")
        )
    parts.append(
        _text(
            LEFT + PLOT / 2,
            SIZE - 8,
            _("Minat →"),
            text_anchor="middle",
            font_size="12",
            font_weight="600",
        )
    )
    parts.append(
        f'<text x="14" y="{TOP + PLOT / 2:.1f}" transform="rotate(-90 14 {TOP + PLOT / 2:.1f})" '
        f'text-anchor="middle" font-size="12" font-weight="600">{escape(_("Pengaruh →"))}</text>'
    )
    placed = _layout(points)
    for point in points:
        cx, cy, r = placed[point.number]
        label = _("%(name)s: minat %(i)s, pengaruh %(f)s, kekuatan %(p)s") % {
            "name": point.name,
            "i": point.interest,
            "f": point.influence,
            "p": point.power,
        }
        if point.detail:
            label = f"{label} ({point.detail})"
        # The number drawn in the point is said first (WCAG 2.5.3, label in name).
        label = f"{point.number}. {label}"
        parts.append(
            f'<a href="{escape(point.url)}" aria-label="{escape(label)}">'
            f"<title>{escape(label)}</title>"
            f'<circle class="point" cx="{cx:.1f}" cy="{cy:.1f}" r="{r:.1f}" '
            f'fill="{POWER_COLOURS[point.power - 1]}" stroke="#212529" stroke-width="0.8"/>'
        )
        if r >= 7:
            colour = "#000" if point.power <= 2 else "#fff"
            parts.append(
                _text(
                    cx,
                    cy + 3.2,
                    str(point.number),
                    text_anchor="middle",
                    font_size="8.5",
                    fill=colour,
                    pointer_events="none",
                )
            )
        parts.append("</a>")
    parts.append("</svg>")
    return mark_safe("".join(parts))


def legend():
    """[(power, colour, radius)] for the legend under the grid."""
    return [(p + 1, POWER_COLOURS[p], POWER_RADIUS[p]) for p in range(5)]
