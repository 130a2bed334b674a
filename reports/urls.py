from django.urls import path

from reports.views import deleting, drafts, public, sections

app_name = "reports"

urlpatterns = [
    path("reports/", drafts.report_list, name="report_list"),
    path("reports/new/", drafts.report_create, name="report_create"),
    path("reports/sections/", sections.section_list, name="section_list"),
    path("reports/sections/<int:pk>/", sections.section_edit, name="section_edit"),
    path("reports/<int:pk>/", drafts.report_detail, name="report_detail"),
    path("reports/<int:pk>/delete/", deleting.report_delete, name="report_delete"),
    path("reports/<int:pk>/text/<str:key>/", drafts.narrative_edit, name="narrative_edit"),
    path("reports/<int:pk>/submit/", drafts.report_submit, name="report_submit"),
    path("reports/<int:pk>/decision/", drafts.report_decide, name="report_decide"),
    path("reports/<int:pk>/comments/", drafts.comment_add, name="comment_add"),
    path(
        "reports/<int:pk>/comments/<int:comment_pk>/reply/",
        drafts.comment_reply,
        name="comment_reply",
    ),
    path(
        "reports/<int:pk>/comments/<int:comment_pk>/resolve/",
        drafts.comment_resolve,
        name="comment_resolve",
    ),
    path("reports/<int:pk>/approve-again/", drafts.report_reapprove, name="report_reapprove"),
    path("reports/<int:pk>/sign-off/", drafts.report_sign_off, name="report_sign_off"),
    path("reports/<int:pk>/publish/", drafts.report_publish, name="report_publish"),
    path("reports/<int:pk>/new-version/", drafts.report_new_version, name="report_new_version"),
    path(
        "reports/<int:pk>/distribution/<int:task_pk>/sent/",
        drafts.distribution_sent,
        name="distribution_sent",
    ),
    path("reports/<int:pk>/report.<str:fmt>", drafts.report_download, name="report_download"),
    # Public: published reports, no sign-in.
    path("reports/published/", public.published_list, name="published_list"),
    path("reports/published/<int:pk>/", public.published_html, name="published_html"),
    path("reports/published/<int:pk>/report.pdf", public.published_pdf, name="published_pdf"),
]
