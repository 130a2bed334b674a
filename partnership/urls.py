"""Root URL configuration. Each app's pages sit under /p/<partnership slug>/."""

from django.contrib import admin
from django.contrib.auth import views as auth_views
from django.urls import include, path
from django.views.decorators.cache import never_cache

from partnership import otp, views

urlpatterns = [
    path("", views.home, name="home"),
    path("accounts/login/", views.LoginView.as_view(), name="login"),
    path("accounts/logout/", auth_views.LogoutView.as_view(), name="logout"),
    path("accounts/otp/setup/", otp.otp_setup, name="otp_setup"),
    path("accounts/otp/verify/", otp.otp_verify, name="otp_verify"),
    path("admin/", admin.site.urls),
    path("", include("accounts.urls")),
    path("healthz", never_cache(views.healthz), name="healthz"),
    path("readyz", never_cache(views.readyz), name="readyz"),
    path("accessibility/", views.accessibility, name="accessibility"),
    path("p/<slug:slug>/", include("partnership.partnership_urls")),
    path("p/<slug:slug>/", include("subgroups.urls")),
    path("p/<slug:slug>/reviews/", include("reviews.urls")),
    path("p/<slug:slug>/", include("evidence.urls")),
    path("p/<slug:slug>/", include("reports.urls")),
    path("p/<slug:slug>/", include("retention.urls")),
    path("", include("notifications.urls")),
    path("p/<slug:slug>/", include("papers.urls")),
    path("", include("scrutiny.urls")),
]

handler403 = "partnership.views.error_403"
handler404 = "partnership.views.error_404"
handler500 = "partnership.views.error_500"
