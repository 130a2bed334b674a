from django.contrib import admin

from partnership.models import (
    ArrangementsDocument, ArrangementsUpdate, Organisation, OrganisationName, Partnership, Person, Role, User,
)
from django.contrib.auth.admin import UserAdmin

admin.site.register(User, UserAdmin)
for model in (ArrangementsDocument, ArrangementsUpdate, Organisation, OrganisationName, Partnership, Person, Role):
    admin.site.register(model)
