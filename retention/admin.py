from django.contrib import admin

from partnership.admin import PartnershipScopedAdmin
from retention.models import Disposal, RetentionPeriod


@admin.register(RetentionPeriod)
class RetentionPeriodAdmin(PartnershipScopedAdmin):
    list_display = ["partnership", "record_type", "years"]


@admin.register(Disposal)
class DisposalAdmin(PartnershipScopedAdmin):
    """The record of disposals: read only, for everyone."""

    list_display = ["at", "partnership", "record_type", "record_id", "action", "by_username"]

    def has_add_permission(self, request, *args):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False
