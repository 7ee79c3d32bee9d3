"""KIM in Django admin, read-only, for system admins: a familiar changelist to compare the
review queue with (`manage.py bench`); every change goes through the portal's services."""

from django.contrib import admin
from django.db import models

from registry.models import Kim


@admin.register(Kim)
class KimAdmin(admin.ModelAdmin):
    list_display = ("name", "nomor_induk", "status", "regency", "village", "submitted_at")
    list_filter = ("status",)
    search_fields = ("name", "nomor_induk")
    list_select_related = ("regency", "village")
    raw_id_fields = ("village",)
    exclude = ("managers",)
    formfield_overrides = {models.URLField: {"assume_scheme": "https"}}

    def has_view_permission(self, request, obj=None):
        return request.user.has_perm("accounts.administer_portal")

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False
