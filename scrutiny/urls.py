from django.urls import path

from scrutiny.views import browse, committee, feeds, public, search

app_name = "scrutiny"

P = "p/<slug:slug>/"

urlpatterns = [
    # Public, no sign-in.
    path("published/", public.public_index, name="public_index"),
    path("published/<slug:partnership>/", public.public_partnership, name="public_partnership"),
    # Feeds: a secret token in the address instead of a sign-in.
    path("feeds/calendar/<str:token>.ics", feeds.calendar_feed, name="calendar_feed"),
    path("feeds/updates/<str:token>.atom", feeds.updates_feed, name="updates_feed"),
    # Inside a partnership.
    path(P + "search/", search.search_page, name="search"),
    path(P + "calendar/", browse.meeting_calendar, name="calendar"),
    path(P + "calendar/<int:year>/<int:month>/", browse.meeting_calendar, name="calendar_month"),
    path(P + "decisions/", browse.decision_register, name="decision_register"),
    path(P + "meetings/<int:pk>/minutes.pdf", browse.minutes_pdf, name="minutes_pdf"),
    path(P + "feeds/", feeds.feeds, name="feeds"),
    path(P + "feeds/new/", feeds.feed_create, name="feed_create"),
    path(P + "feeds/<int:pk>/revoke/", feeds.feed_revoke, name="feed_revoke"),
    path(P + "committee/", committee.submission_list, name="submission_list"),
    path(P + "committee/new/", committee.submission_create, name="submission_create"),
    path(P + "committee/<int:pk>/", committee.submission_detail, name="submission_detail"),
    path(P + "committee/<int:pk>/edit/", committee.submission_edit, name="submission_edit"),
    path(P + "committee/<int:pk>/questions/new/", committee.question_form, name="question_create"),
    path(
        P + "committee/<int:pk>/questions/<int:question_pk>/",
        committee.question_form,
        name="question_edit",
    ),
    path(
        P + "committee/<int:pk>/questions/<int:question_pk>/delete/",
        committee.question_delete,
        name="question_delete",
    ),
    path(P + "committee/<int:pk>/actions/new/", committee.action_create, name="action_create"),
    path(
        P + "committee/<int:pk>/actions/<int:action_pk>/delete/",
        committee.action_delete,
        name="action_delete",
    ),
    path(
        P + "committee/<int:pk>/cover-report/",
        committee.cover_report_edit,
        name="cover_report_edit",
    ),
    path(
        P + "committee/<int:pk>/cover-report.docx",
        committee.cover_report_docx,
        name="cover_report_docx",
    ),
    path(
        P + "committee/<int:pk>/cover-report.pdf",
        committee.cover_report_pdf,
        name="cover_report_pdf",
    ),
]
