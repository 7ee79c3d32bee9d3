"""Partnerships' long work (found by the core when it starts): its list exports run as the
core's export jobs when they are big."""

from partnerships import exports as _partnership_exports  # noqa: F401 - registers the exports
