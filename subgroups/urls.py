from django.urls import path

from subgroups import views

app_name = "subgroups"

urlpatterns = [
    path("subgroups/", views.subgroup_list, name="subgroup_list"),
    path("subgroups/<slug:subgroup>/", views.subgroup_detail, name="subgroup_detail"),
    path("meetings/<int:pk>/", views.meeting_detail, name="meeting_detail"),
    path("actions/", views.action_register, name="action_register"),
    path("actions/<int:pk>/", views.action_detail, name="action_detail"),
]
