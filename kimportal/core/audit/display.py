"""The trail in people's words: action labels, field labels, choice labels, dates.

One place for the KIM page, the account page, the regency settings page, the supervisors'
trail page and its CSV export. It runs no query: models come from the ContentType cache,
labels from the catalogues and the models' fields.
"""

import datetime
from typing import NamedTuple

from django.contrib.contenttypes.models import ContentType
from django.core.exceptions import FieldDoesNotExist
from django.db import models
from django.utils.dateformat import format as date_format
from django.utils.functional import Promise
from django.utils.translation import gettext

from kimportal.core.audit import actions

REDACTED = "•••"
EMPTY = "—"


class Change(NamedTuple):
    key: str
    label: str
    old: str
    new: str


def _field(model_list, key):
    for model in model_list:
        if model is None:
            continue
        try:
            return model._meta.get_field(key)
        except FieldDoesNotExist:
            continue
    return None


def _label(key, field, catalogue):
    if catalogue is not None and key in catalogue.fields:
        return str(catalogue.fields[key])
    # Only a name someone wrote (translated); Django's default is the bare field name.
    verbose = getattr(field, "verbose_name", None)
    return str(verbose) if isinstance(verbose, Promise) else key


def _value(value, field):
    if value is None or value == "":
        return EMPTY
    if value == REDACTED:
        return REDACTED
    if isinstance(value, bool):
        return gettext("Ya") if value else gettext("Tidak")
    if isinstance(value, list):
        return ", ".join(_value(item, field) for item in value) or EMPTY
    if field is not None and getattr(field, "choices", None):
        return str(dict(field.flatchoices).get(value, value))
    if isinstance(field, models.DateField) and not isinstance(field, models.DateTimeField):
        try:
            return date_format(datetime.date.fromisoformat(str(value)), "j F Y")
        except ValueError:
            pass
    return str(value)


def readable_changes(entry):
    """[Change(key, label, old, new)] for an AuditEntry, in the order the row keeps them."""
    _member, catalogue = actions.lookup(entry.action)
    model = ContentType.objects.get_for_id(entry.content_type_id).model_class()
    model_list = (model, *(catalogue.field_models if catalogue else ()))
    out = []
    for key, pair in (entry.changes or {}).items():
        old, new = pair if isinstance(pair, list | tuple) and len(pair) == 2 else (None, pair)
        field = _field(model_list, key)
        label = _label(key, field, catalogue)
        out.append(Change(key, label, _value(old, field), _value(new, field)))
    return out


def changes_text(entry):
    """The changes on one line, for the CSV export."""
    return "; ".join(f"{c.label}: {c.old} → {c.new}" for c in readable_changes(entry))
