"""Who may change a KIM's documents and board: one rule for both."""

from kimportal.core.accounts.roles import Role


def kim_content_writable(*, kim, actor):
    """Officers of the KIM's jurisdiction any time; its managers while it is editable."""
    if not actor.is_authenticated:
        return False
    if actor.is_system_admin or kim.is_officer_of(actor):
        return True
    return (
        actor.role == Role.MANAGER
        and kim.editable_by_manager
        and kim.managers.filter(pk=actor.pk).exists()
    )
