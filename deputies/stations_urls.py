"""Staff pages of the stations' work, mounted at /staff/deputies/ beside the register."""

from django.urls import path

from deputies import stations_staff as views

app_name = "stations_staff"
urlpatterns = [
    path("stations/", views.StationListView.as_view(), name="stations"),
    path("stations/<int:pk>/", views.StationScheduleView.as_view(), name="station"),
    path("issues/", views.ResidentIssueBoardView.as_view(), name="issues"),
    path("issues/<int:pk>/", views.ResidentIssueDetailView.as_view(), name="issue"),
    path("report-backs/", views.ReportBackPlanView.as_view(), name="report_backs"),
    path("report-backs/<int:pk>/", views.ReportBackDetailView.as_view(), name="report_back"),
    path("<int:pk>/liaisons/", views.LiaisonView.as_view(), name="liaisons"),
]
