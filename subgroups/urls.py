from django.urls import path

from subgroups import views

app_name = "subgroups"

urlpatterns = [
    path("subgroups/", views.subgroup_list, name="subgroup_list"),
    path("subgroups/new/", views.subgroup_edit, name="subgroup_create"),
    path("subgroups/<slug:subgroup>/", views.subgroup_detail, name="subgroup_detail"),
    path("subgroups/<slug:subgroup>/edit/", views.subgroup_edit, name="subgroup_edit"),
    path("subgroups/<slug:subgroup>/chair/", views.subgroup_chair, name="subgroup_chair"),
    path(
        "subgroups/<slug:subgroup>/members/new/",
        views.subgroup_member_add,
        name="subgroup_member_add",
    ),
    path("subgroups/<slug:subgroup>/meetings/new/", views.meeting_create, name="meeting_create"),
    path(
        "subgroups/<slug:subgroup>/actions/",
        views.subgroup_action_register,
        name="subgroup_action_register",
    ),
    path("meetings/<int:pk>/", views.meeting_detail, name="meeting_detail"),
    path("meetings/<int:pk>/edit/", views.meeting_edit, name="meeting_edit"),
    path("meetings/<int:pk>/delete/", views.meeting_delete, name="meeting_delete"),
    path("meetings/<int:pk>/attendance/", views.attendance_edit, name="attendance_edit"),
    path("meetings/<int:pk>/items/new/", views.item_edit, name="item_create"),
    path("meetings/<int:pk>/cancel/", views.meeting_cancel, name="meeting_cancel"),
    path("meetings/<int:pk>/circulate/", views.minutes_circulate, name="minutes_circulate"),
    path(
        "meetings/<int:pk>/return-to-draft/",
        views.minutes_return_to_draft,
        name="minutes_return_to_draft",
    ),
    path("meetings/<int:pk>/confirm/", views.minutes_confirm, name="minutes_confirm"),
    path("items/<int:item_pk>/edit/", views.item_edit, name="item_edit"),
    path("items/<int:item_pk>/delete/", views.item_delete, name="item_delete"),
    path("items/<int:item_pk>/decisions/new/", views.decision_edit, name="decision_create"),
    path("items/<int:item_pk>/decisions/<int:pk>/edit/", views.decision_edit, name="decision_edit"),
    path(
        "items/<int:item_pk>/decisions/<int:pk>/delete/",
        views.decision_delete,
        name="decision_delete",
    ),
    path("items/<int:item_pk>/actions/new/", views.action_create, name="action_create"),
    path("actions/", views.action_register, name="action_register"),
    path("actions/<int:pk>/", views.action_detail, name="action_detail"),
    path("actions/<int:pk>/update/", views.action_update, name="action_update"),
    path("actions/<int:pk>/edit/", views.action_edit, name="action_edit"),
    path("actions/<int:pk>/delete/", views.action_delete, name="action_delete"),
]
