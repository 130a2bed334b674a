from django.urls import path

from notifications import views

app_name = "notifications"

urlpatterns = [
    path("notifications/", views.my_notifications, name="mine"),
    path("notifications/preferences/", views.preferences, name="preferences"),
    path("p/<slug:slug>/notifications/failures/", views.failures, name="failures"),
    path(
        "p/<slug:slug>/notifications/failures/<int:pk>/retry/",
        views.failure_retry,
        name="failure_retry",
    ),
]
