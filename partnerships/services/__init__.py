"""Writes of the partnerships app: each function checks its permission, runs in one
transaction and records the audit trail (see CONVENTIONS: writes in services)."""
