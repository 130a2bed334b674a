from django.contrib import admin

from partnership.admin import PartnershipScopedAdmin
from retention.models import RetentionPeriod


# Disposals are listed on the retention page and never edited, so they have no admin.
@admin.register(RetentionPeriod)
class RetentionPeriodAdmin(PartnershipScopedAdmin):
    list_display = ["partnership", "record_type", "years"]
