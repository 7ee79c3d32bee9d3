"""The catalogue of audit actions: what the trail may record and the words it shows.

Each app declares its actions in `<app>/audit_actions.py` as `models.TextChoices` with
translated labels and registers each enum with `@catalogue(...)`:

    @catalogue(prefix="registry.letter.", label=_("Surat keterangan"),
               fields={"superseded_by": _("digantikan oleh")})
    class LetterAction(models.TextChoices):
        ISSUED = "registry.letter.issued", _("Surat keterangan diterbitkan")

The core imports those modules when it starts (as the admin finds `admin.py`) and never
names an app. `audit.record()` refuses anything that is not a member of a registered
catalogue, so a new action cannot reach the trail without a label.
"""

from dataclasses import dataclass, field
from types import MappingProxyType

from django.db.models import TextChoices
from django.utils.functional import Promise
from django.utils.module_loading import autodiscover_modules


@dataclass(frozen=True)
class Catalogue:
    actions: type[TextChoices]
    prefix: str  # every value starts with it; the trail's "Bagian" filter uses it
    label: Promise  # the part of the portal, as the filter names it
    # Labels for change keys that are not fields of the object's model ("note").
    fields: MappingProxyType = field(default_factory=lambda: MappingProxyType({}))
    # Models whose fields also describe the changes, e.g. a roster member's fields in
    # entries recorded on the KIM.
    field_models: tuple = ()


_catalogues: dict[type, Catalogue] = {}
_by_value: dict[str, tuple[TextChoices, Catalogue]] = {}


class UnknownAuditAction(ValueError):
    pass


def catalogue(*, prefix, label, fields=None, field_models=()):
    """Class decorator: register a TextChoices enum as a catalogue of audit actions."""

    def register(actions):
        if not (isinstance(actions, type) and issubclass(actions, TextChoices)):
            raise TypeError(f"{actions!r}: an audit catalogue is a models.TextChoices enum")
        if actions in _catalogues:
            return actions
        entry = Catalogue(
            actions=actions,
            prefix=prefix,
            label=label,
            fields=MappingProxyType(dict(fields or {})),
            field_models=tuple(field_models),
        )
        for member in actions:
            if not member.value.startswith(prefix):
                raise ValueError(f"audit action {member.value!r} does not start with {prefix!r}")
            if not isinstance(member.label, Promise):
                raise ValueError(f"audit action {member.value!r} needs a gettext_lazy label")
            taken = _by_value.get(member.value)
            if taken is not None:
                raise ValueError(
                    f"audit action {member.value!r} is in {taken[1].actions.__name__} already"
                )
        for member in actions:
            _by_value[member.value] = (member, entry)
        _catalogues[actions] = entry
        return actions

    return register


def discover():
    """Import every installed app's `audit_actions` module (CoreConfig.ready)."""
    autodiscover_modules("audit_actions")


def catalogues():
    """The registered catalogues in registration order (core first, then apps)."""
    return tuple(_catalogues.values())


def require(action):
    """The stored value of `action`, a member of a registered catalogue; else raise."""
    if type(action) not in _catalogues:
        raise UnknownAuditAction(
            f"audit action {action!r} is not a member of a registered catalogue: declare it "
            "in the app's audit_actions.py (a TextChoices enum registered with @catalogue)"
        )
    return action.value


def lookup(value):
    """(member, catalogue) for a stored action value, or (None, None) for an old code."""
    return _by_value.get(value, (None, None))


def action_label(value):
    member, _catalogue = lookup(value)
    return member.label if member is not None else value


def values_labelled(text):
    """Stored values whose label, in the active language, contains `text` (any case)."""
    text = text.casefold()
    return [
        value
        for value, (member, _catalogue) in _by_value.items()
        if text in str(member.label).casefold()
    ]
