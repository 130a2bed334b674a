from django.apps import AppConfig


class SubgroupsConfig(AppConfig):
    name = "subgroups"
    verbose_name = "Sub-groups, meetings and actions"
