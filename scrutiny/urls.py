from django.urls import path

from scrutiny import views

app_name = "scrutiny"

urlpatterns = [
    path("published/", views.public_index, name="public_index"),
]
