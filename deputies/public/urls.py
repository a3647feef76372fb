from django.urls import path

from deputies.public import views

app_name = "stations_public"

urlpatterns = [
    path("deputies/<int:pk>/", views.DeputyPageView.as_view(), name="deputy"),
    path("deputies/<int:pk>/qr.svg", views.deputy_qr, name="deputy_qr"),
    path("deputies/<int:pk>/poster/", views.deputy_poster, name="deputy_poster"),
    path("stations/<slug:code>/", views.StationPageView.as_view(), name="station"),
    path("stations/<slug:code>/qr.svg", views.station_qr, name="station_qr"),
    path("stations/<slug:code>/poster/", views.station_poster, name="station_poster"),
    path("issues/lookup/", views.issue_lookup, name="issue_lookup"),
    path("issues/rate/", views.RateIssueView.as_view(), name="issue_rate"),
    path("report-backs/", views.published_report_backs, name="report_backs"),
    path("report-backs/rate/<str:token>/", views.RateReportBackView.as_view(), name="rate_report_back"),
]
