from django.urls import path

from accounts import sso, views

app_name = "accounts"

urlpatterns = [
    path("accounts/invitation/<str:token>/", views.invitation_accept, name="invitation_accept"),
    path("accounts/backup-codes/", views.backup_codes, name="backup_codes"),
    path("accounts/password-reset/", views.PasswordResetView.as_view(), name="password_reset"),
    path(
        "accounts/password-reset/sent/",
        views.PasswordResetDoneView.as_view(),
        name="password_reset_done",
    ),
    path(
        "accounts/password-reset/<uidb64>/<token>/",
        views.PasswordResetConfirmView.as_view(),
        name="password_reset_confirm",
    ),
    path(
        "accounts/password-reset/done/",
        views.PasswordResetCompleteView.as_view(),
        name="password_reset_complete",
    ),
    path("accounts/sso/start/", sso.start, name="sso_start"),
    path("accounts/sso/callback/", sso.callback, name="sso_callback"),
    path("host/partnerships/new/", views.partnership_new, name="partnership_new"),
    path("p/<slug:slug>/set-up/", views.setup_guide, name="setup_guide"),
    path("p/<slug:slug>/invitations/", views.invitation_list, name="invitation_list"),
    path(
        "p/<slug:slug>/invitations/<int:pk>/resend/",
        views.invitation_resend,
        name="invitation_resend",
    ),
    path(
        "p/<slug:slug>/invitations/<int:pk>/revoke/",
        views.invitation_revoke,
        name="invitation_revoke",
    ),
    path("p/<slug:slug>/people/<int:pk>/sign-in/", views.person_sign_in, name="person_sign_in"),
    path(
        "p/<slug:slug>/people/<int:pk>/sign-in/invite/", views.person_invite, name="person_invite"
    ),
    path(
        "p/<slug:slug>/people/<int:pk>/sign-in/deactivate/",
        views.person_deactivate,
        name="person_deactivate",
    ),
    path(
        "p/<slug:slug>/people/<int:pk>/sign-in/reactivate/",
        views.person_reactivate,
        name="person_reactivate",
    ),
    path(
        "p/<slug:slug>/people/<int:pk>/sign-in/reset-authenticator/",
        views.person_reset_authenticator,
        name="person_reset_authenticator",
    ),
]
