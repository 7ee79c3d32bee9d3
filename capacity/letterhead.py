"""The organiser's letterhead and signatory for certificates and the attendance sheet: the
same kop and signatory as the KIM letters (registry.selectors.offices)."""

from registry.selectors.offices import letterhead_for


def letterhead_for_event(event):
    """The letterhead of the Dinas organising `event` (province "36" or regency "36.04")."""
    return letterhead_for(event.organiser_code)
