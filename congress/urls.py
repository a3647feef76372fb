from django.contrib import admin
from django.urls import include, path
from django.views.i18n import JavaScriptCatalog
from drf_spectacular.views import SpectacularAPIView, SpectacularSwaggerView

from congress import calendar_views, health, lookups, views
from congress.ballots import urls as ballot_urls

# URLs are tried in order, a regular expression each: the API's busiest lists come first, and
# the API before the pages (issue 7, list speed: the suggestions list's URL passed about 150
# patterns before it matched).
api_v1 = [
    path("", include("suggestions.api.urls")),
    path("", include("deputies.api.urls")),
    path("", include("congress.api.urls")),
    path("oversight/", include("oversight.api.urls")),
    path("livelihood/", include("livelihood.api.urls")),
    path("schema/", SpectacularAPIView.as_view(), name="api-schema"),
    path("docs/", SpectacularSwaggerView.as_view(url_name="api-schema"), name="api-docs"),
]

urlpatterns = [
    path("api/v1/", include(api_v1)),
    path("", views.public_home, name="public_home"),
    path("home/", views.home, name="home"),
    path("accounts/login/", views.LoginView.as_view(), name="login"),
    path("accounts/logout/", views.LogoutView.as_view(), name="logout"),
    path("staff/", views.StaffHomeView.as_view(), name="staff_home"),
    path("staff/calendar/", calendar_views.CalendarView.as_view(), name="staff_calendar"),
    path("staff/deputies/", include("deputies.urls")),
    path("staff/deputies/", include("deputies.stations_urls")),
    path("staff/suggestions/", include("suggestions.urls")),
    path("staff/oversight/", include("oversight.urls")),
    path("staff/livelihood/", include("livelihood.urls")),
    path("staff/ballots/", include(ballot_urls.staff_patterns)),
    path("portal/", views.PortalHomeView.as_view(), name="portal_home"),
    path("portal/suggestions/from-issue/", include("suggestions.from_issues")),
    path("portal/suggestions/", include("suggestions.portal_urls")),
    path("portal/deputies/", include("deputies.portal.urls")),
    path("portal/deputies/", include("deputies.stations_portal_urls")),
    path("p/deputies/", include("deputies.portal.public_urls")),
    path("p/", include("deputies.public.urls")),

    path("portal/ballots/", include(ballot_urls.portal_patterns)),
    path("p/ballots/", include(ballot_urls.public_patterns)),
    path("portal/livelihood/", include("livelihood.portal_urls")),
    path("p/livelihood/", include("livelihood.public_urls")),
    path("portal/oversight/", include("oversight.portal_urls")),
    path("p/oversight/", include("oversight.public_urls")),
    path("notifications/", views.NotificationListView.as_view(), name="notification_list"),
    path("notifications/read/", views.mark_notifications_read, name="notification_read"),
    path("i18n/", include("django.conf.urls.i18n")),
    path("jsi18n/", JavaScriptCatalog.as_view(), name="javascript-catalog"),
    path("healthz", health.healthz, name="healthz"),
    path("admin/", admin.site.urls),
    *lookups.urlpatterns(),  # the type-ahead's scoped look-ups (congress/lookups.py)
]

admin.site.site_header = admin.site.site_title = "区人大常委会履职平台 · 管理后台"

# JSON under /api/, the template pages elsewhere (congress/errors.py).
handler400 = "congress.errors.bad_request"
handler403 = "congress.errors.permission_denied"
handler404 = "congress.errors.page_not_found"
handler500 = "congress.errors.server_error"
