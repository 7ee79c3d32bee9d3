"""`{% options choices selected %}`: a select's <option> list built in Python.

Filter selects list every regency or Dinas of the country (500+ choices); a template loop
comparing each value took most of a list page's time."""

from html import escape

from django import template
from django.utils.safestring import mark_safe

register = template.Library()


def _option(value, label, selected):
    value = str(value)
    chosen = " selected" if value in selected else ""
    return f'<option value="{escape(value)}"{chosen}>{escape(str(label))}</option>'


@register.simple_tag
def options(choices, selected):
    """Options of `choices` (pairs, or groups of pairs as Django forms give them), with
    the one(s) equal to `selected` (a value or a list, compared as text) selected."""
    values = selected if isinstance(selected, (list, tuple)) else [selected]
    selected = {"" if value is None else str(value) for value in values}
    parts = []
    for value, label in choices:
        if isinstance(label, (list, tuple)):
            group = "".join(_option(v, text, selected) for v, text in label)
            parts.append(f'<optgroup label="{escape(str(value))}">{group}</optgroup>')
        else:
            parts.append(_option(value, label, selected))
    return mark_safe("".join(parts))  # every value and label escaped above
