from django.urls import path

from reviews import views

app_name = "reviews"

urlpatterns = [
    path("", views.review_list, name="review_list"),
    path("deadlines/", views.deadlines, name="deadlines"),
    path("incidents/new/", views.incident_create, name="incident_create"),
    path("incidents/<int:pk>/", views.incident_detail, name="incident_detail"),
    path("incidents/<int:pk>/edit/", views.incident_edit, name="incident_edit"),
    path("incidents/<int:pk>/notify/", views.incident_notify, name="incident_notify"),
    path("incidents/<int:pk>/export/", views.case_export, name="case_export"),
    path(
        "incidents/<int:pk>/identifying-details/",
        views.identifying_details,
        name="identifying_details",
    ),
    path(
        "incidents/<int:pk>/identifying-details/edit/",
        views.identifying_details_edit,
        name="identifying_details_edit",
    ),
    path("incidents/<int:pk>/rapid-review/", views.rapid_review_edit, name="rapid_review_edit"),
    path(
        "incidents/<int:pk>/rapid-review/send/", views.rapid_review_send, name="rapid_review_send"
    ),
    path(
        "incidents/<int:pk>/rapid-review/response/",
        views.rapid_review_response,
        name="rapid_review_response",
    ),
    path(
        "incidents/<int:pk>/commission/",
        views.practice_review_commission,
        name="practice_review_commission",
    ),
    path("practice-reviews/<int:pk>/", views.practice_review_detail, name="practice_review_detail"),
    path(
        "practice-reviews/<int:pk>/edit/", views.practice_review_edit, name="practice_review_edit"
    ),
    path(
        "practice-reviews/<int:pk>/milestones/new/", views.milestone_edit, name="milestone_create"
    ),
    path(
        "practice-reviews/<int:pk>/milestones/<int:milestone_pk>/",
        views.milestone_edit,
        name="milestone_edit",
    ),
    path(
        "practice-reviews/<int:pk>/<slug:verb>/",
        views.practice_review_move,
        name="practice_review_move",
    ),
    path("earlier-reviews/new/", views.legacy_review_edit, name="legacy_review_create"),
    path("earlier-reviews/<int:pk>/", views.legacy_review_detail, name="legacy_review_detail"),
    path("earlier-reviews/<int:pk>/edit/", views.legacy_review_edit, name="legacy_review_edit"),
    path("national-reviews/new/", views.national_review_edit, name="national_review_create"),
    path("national-reviews/<int:pk>/", views.national_review_detail, name="national_review_detail"),
    path(
        "national-reviews/<int:pk>/edit/", views.national_review_edit, name="national_review_edit"
    ),
    path("briefings/new/", views.briefing_create, name="briefing_create"),
    path(
        "recommendations/new/<slug:source>/<int:source_pk>/",
        views.recommendation_create,
        name="recommendation_create",
    ),
    path("recommendations/<int:pk>/", views.recommendation_detail, name="recommendation_detail"),
    path("recommendations/<int:pk>/edit/", views.recommendation_edit, name="recommendation_edit"),
    path(
        "recommendations/<int:pk>/status/",
        views.recommendation_status,
        name="recommendation_status",
    ),
    path(
        "recommendations/<int:pk>/actions/new/",
        views.recommendation_action_create,
        name="recommendation_action_create",
    ),
]
