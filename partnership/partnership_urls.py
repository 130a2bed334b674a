from django.urls import path

from partnership import views

app_name = "partnership"

urlpatterns = [
    path("", views.dashboard, name="dashboard"),
    path("organisations/", views.organisation_list, name="organisation_list"),
    path("people/", views.person_list, name="person_list"),
    path("arrangements/", views.arrangements, name="arrangements"),
]
