"""Reads of the partnerships app: the queries its pages, the home panels and the reminder
job need (see CONVENTIONS: reads in selectors)."""
