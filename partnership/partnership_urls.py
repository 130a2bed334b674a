from django.urls import path

from partnership import delete_views, history_views, views

app_name = "partnership"

urlpatterns = [
    path("", views.dashboard, name="dashboard"),
    path("organisations/", views.organisation_list, name="organisation_list"),
    path("people/", views.person_list, name="person_list"),
    path("arrangements/", views.arrangements, name="arrangements"),
    path(
        "history/<str:app_label>/<str:model>/<int:pk>/",
        history_views.record_history,
        name="record_history",
    ),
    path("organisations/new/", views.organisation_edit, name="organisation_create"),
    path("organisations/<int:pk>/edit/", views.organisation_edit, name="organisation_edit"),
    path(
        "organisations/<int:pk>/categories/new/",
        views.organisation_category_add,
        name="organisation_category_add",
    ),
    path(
        "organisations/<int:pk>/names/new/",
        views.organisation_name_add,
        name="organisation_name_add",
    ),
    path(
        "organisations/<int:pk>/delete/",
        delete_views.organisation_delete,
        name="organisation_delete",
    ),
    path(
        "organisations/<int:pk>/left/",
        delete_views.organisation_retire,
        name="organisation_retire",
    ),
    path("people/new/", views.person_edit, name="person_create"),
    path("people/<int:pk>/delete/", delete_views.person_delete, name="person_delete"),
    path("people/<int:pk>/edit/", views.person_edit, name="person_edit"),
    path("people/<int:pk>/export/", views.subject_access_export, name="subject_access_export"),
    path("roles/new/", views.role_edit, name="role_create"),
    path("roles/<int:pk>/edit/", views.role_edit, name="role_edit"),
    path("roles/<int:pk>/delete/", delete_views.role_delete, name="role_delete"),
    path(
        "arrangements/versions/new/",
        views.arrangements_document_edit,
        name="arrangements_document_create",
    ),
    path(
        "arrangements/versions/<int:pk>/edit/",
        views.arrangements_document_edit,
        name="arrangements_document_edit",
    ),
    path(
        "arrangements/versions/<int:pk>/sections/new/",
        views.arrangements_section_add,
        name="arrangements_section_add",
    ),
    path(
        "arrangements/versions/<int:pk>/approve/",
        views.arrangements_approve,
        name="arrangements_approve",
    ),
    path(
        "arrangements/updates/new/",
        views.arrangements_update_edit,
        name="arrangements_update_create",
    ),
    path(
        "arrangements/updates/<int:pk>/edit/",
        views.arrangements_update_edit,
        name="arrangements_update_edit",
    ),
]
