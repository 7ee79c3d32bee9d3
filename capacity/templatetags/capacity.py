"""`{% kim_capacity kim %}`: a KIM's capacity history and latest indicators, for the KIM
page of the register (which includes a capacity template rather than importing this app)."""

from django import template

from capacity.selectors.history import kim_history
from capacity.selectors.indicators import kim_trend

register = template.Library()


@register.inclusion_tag("capacity/_kim_capacity_panel.html", takes_context=True)
def kim_capacity(context, kim):
    trend = kim_trend(kim)
    return {
        "kim": kim,
        "history": kim_history(kim, limit=5),
        "latest": trend[-1] if trend else None,
        "user": context.get("user"),
    }
