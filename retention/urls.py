from django.urls import path

from retention import views

app_name = "retention"

urlpatterns = [
    path("retention/", views.queue, name="queue"),
    path("retention/<int:pk>/", views.decide, name="decide"),
    path("retention/schedule/<slug:key>/", views.period_edit, name="period_edit"),
]
