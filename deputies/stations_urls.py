"""Staff pages of the stations' work, mounted at /staff/deputies/ beside the register; each action
is a POST of its own (deputies/stations_actions.py)."""

from django.urls import path

from deputies import stations_actions as actions
from deputies import stations_staff as views

app_name = "stations_staff"
urlpatterns = [
    path("stations/", views.StationListView.as_view(), name="stations"),
    path("stations/<int:pk>/", views.StationScheduleView.as_view(), name="station"),
    path("stations/<int:pk>/schedule/", actions.ScheduleView.as_view(), name="station_schedule"),
    path("issues/", views.ResidentIssueBoardView.as_view(), name="issues"),
    path("issues/<int:pk>/", views.ResidentIssueDetailView.as_view(), name="issue"),
    path("issues/<int:pk>/route/", actions.RouteIssueView.as_view(), name="issue_route"),
    path("report-backs/", views.ReportBackPlanView.as_view(), name="report_backs"),
    path("report-backs/plan/", actions.PlanReportBacksView.as_view(), name="report_backs_plan"),
    path("report-backs/<int:pk>/", views.ReportBackDetailView.as_view(), name="report_back"),
    path("report-backs/<int:pk>/record/", actions.RecordReportBackView.as_view(), name="report_back_record"),
    path("report-backs/<int:pk>/paper-ratings/", actions.PaperRatingsView.as_view(), name="report_back_paper"),
    path("report-backs/<int:pk>/publish/", actions.PublishReportBackView.as_view(), name="report_back_publish"),
    path("<int:pk>/liaisons/", views.LiaisonView.as_view(), name="liaisons"),
    path("<int:pk>/liaisons/add/", actions.AddLiaisonView.as_view(), name="liaison_add"),
]
