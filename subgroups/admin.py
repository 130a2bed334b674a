from django.contrib import admin

from partnership.admin import PartnershipScopedAdmin
from subgroups.models import SubGroup


@admin.register(SubGroup)
class SubGroupAdmin(PartnershipScopedAdmin):
    list_display = ["name", "partnership", "cadence", "established_on", "ended_on"]
    list_filter = ["partnership", "cadence", "of_predecessor_board"]
    search_fields = ["name", "short_name"]
