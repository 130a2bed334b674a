from django.urls import path

from papers import views

app_name = "papers"

urlpatterns = [
    path(
        "subgroups/<slug:subgroup>/standing-items/",
        views.standing_items,
        name="standing_items",
    ),
    path("meetings/<int:pk>/agenda/", views.agenda_detail, name="agenda_detail"),
    path("meetings/<int:pk>/agenda/start/", views.agenda_start, name="agenda_start"),
    path("meetings/<int:pk>/agenda/publish/", views.agenda_publish, name="agenda_publish"),
    path("meetings/<int:pk>/agenda/items/new/", views.agenda_item_add, name="agenda_item_add"),
    path("meetings/<int:pk>/agenda/pack/", views.pack_download, name="pack_download"),
    path("items/<int:item_pk>/timing/", views.item_timing, name="item_timing"),
    path("items/<int:item_pk>/papers/new/", views.paper_add, name="paper_add"),
    path("items/<int:item_pk>/declarations/new/", views.declaration_add, name="declaration_add"),
    path("papers/<int:pk>/new-version/", views.paper_replace, name="paper_replace"),
    path("papers/versions/<int:pk>/", views.paper_download, name="paper_download"),
    path("people/<int:pk>/interests/", views.interest_list, name="interest_list"),
    path("people/<int:pk>/interests/new/", views.interest_edit, name="interest_create"),
    path(
        "people/<int:pk>/interests/<int:interest_pk>/edit/",
        views.interest_edit,
        name="interest_edit",
    ),
]
