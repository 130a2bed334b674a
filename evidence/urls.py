from django.urls import path

from evidence import views

app_name = "evidence"

E = "evidence/"

urlpatterns = [
    path(E, views.evidence_home, name="home"),
    path(E + "settings/", views.settings_edit, name="settings"),
    # sub-group activity
    path(E + "activity/", views.activity_overview, name="activity_overview"),
    path(E + "activity/entries/<int:pk>/edit/", views.entry_edit, name="entry_edit"),
    path(E + "activity/entries/<int:pk>/delete/", views.entry_delete, name="entry_delete"),
    path(E + "activity/<slug:subgroup>/", views.subgroup_activity, name="subgroup_activity"),
    # priorities
    path(E + "priorities/", views.priority_list, name="priority_list"),
    path(E + "priorities/add/", views.priority_edit, name="priority_add"),
    path(E + "priorities/<int:pk>/", views.priority_detail, name="priority_detail"),
    path(E + "priorities/<int:pk>/edit/", views.priority_edit, name="priority_edit"),
    # quality assurance
    path(E + "audits/", views.audit_list, name="audit_list"),
    path(E + "audits/add/", views.audit_edit, name="audit_add"),
    path(E + "audits/<int:pk>/", views.audit_detail, name="audit_detail"),
    path(E + "audits/<int:pk>/edit/", views.audit_edit, name="audit_edit"),
    path(E + "audits/<int:pk>/status/", views.audit_status, name="audit_status"),
    path(E + "section-11/", views.s11_list, name="s11_list"),
    path(E + "section-11/add/", views.s11_edit, name="s11_add"),
    path(E + "section-11/<int:pk>/", views.s11_detail, name="s11_detail"),
    path(E + "section-11/<int:pk>/edit/", views.s11_edit, name="s11_edit"),
    path(E + "section-11/returns/<int:pk>/edit/", views.s11_return_edit, name="s11_return_edit"),
    path(E + "schools/", views.school_audit_list, name="school_audit_list"),
    path(E + "schools/add/", views.school_audit_edit, name="school_audit_add"),
    path(E + "schools/<int:pk>/", views.school_audit_detail, name="school_audit_detail"),
    path(E + "schools/<int:pk>/edit/", views.school_audit_edit, name="school_audit_edit"),
    path(E + "feedback/", views.feedback_list, name="feedback_list"),
    path(E + "feedback/add/", views.feedback_edit, name="feedback_add"),
    path(E + "feedback/<int:pk>/edit/", views.feedback_edit, name="feedback_edit"),
    # KPIs
    path(E + "kpis/", views.indicator_list, name="indicator_list"),
    path(E + "kpis/add/", views.indicator_edit, name="indicator_add"),
    path(E + "kpis/import/", views.kpi_import, name="kpi_import"),
    path(E + "kpis/<int:pk>/", views.indicator_detail, name="indicator_detail"),
    path(E + "kpis/<int:pk>/edit/", views.indicator_edit, name="indicator_edit"),
    path(E + "kpis/<int:pk>/chart.svg", views.indicator_chart_svg, name="indicator_chart_svg"),
    path(E + "kpis/<int:pk>/chart.png", views.indicator_chart_png, name="indicator_chart_png"),
    path(E + "kpis/values/<int:pk>/edit/", views.value_edit, name="value_edit"),
    # training
    path(E + "training/", views.course_list, name="course_list"),
    path(E + "training/add/", views.course_edit, name="course_add"),
    path(E + "training/<int:pk>/", views.course_detail, name="course_detail"),
    path(E + "training/<int:pk>/edit/", views.course_edit, name="course_edit"),
    path(E + "training/<int:pk>/sessions/add/", views.session_add, name="session_add"),
    path(E + "training/<int:pk>/evaluations/add/", views.evaluation_add, name="evaluation_add"),
    path(E + "training/sessions/<int:pk>/", views.session_detail, name="session_detail"),
    # inspections
    path(E + "inspections/", views.inspection_list, name="inspection_list"),
    path(E + "inspections/add/", views.inspection_edit, name="inspection_add"),
    path(E + "inspections/<int:pk>/edit/", views.inspection_edit, name="inspection_edit"),
    # budget
    path(E + "budget/", views.budget_list, name="budget_list"),
    path(E + "budget/add/", views.budget_period_edit, name="budget_add"),
    path(E + "budget/cost-centres/add/", views.cost_centre_add, name="cost_centre_add"),
    path(
        E + "budget/cost-centres/<int:pk>/delete/",
        views.cost_centre_delete,
        name="cost_centre_delete",
    ),
    path(
        E + "budget/cost-centres/<int:pk>/retire/",
        views.cost_centre_retire,
        name="cost_centre_retire",
    ),
    path(
        E + "budget/lines/<str:kind>/<int:pk>/delete/",
        views.budget_line_delete,
        name="budget_line_delete",
    ),
    path(E + "budget/<int:pk>/", views.budget_detail, name="budget_detail"),
    path(E + "budget/<int:pk>/edit/", views.budget_period_edit, name="budget_edit"),
    path(E + "budget/<int:pk>/<str:kind>/add/", views.budget_line_add, name="budget_line_add"),
]
