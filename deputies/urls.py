from django.urls import path

from deputies import points_views as points
from deputies import views

app_name = "deputies"
urlpatterns = [
    path("", views.DeputyListView.as_view(), name="deputy_list"),
    path("<int:pk>/", views.DeputyDetailView.as_view(), name="deputy_detail"),
    # duty points (履职积分)
    path("points/", points.RankingView.as_view(), name="points_ranking"),
    path("points/refresh/", points.RefreshTotalsView.as_view(), name="points_refresh"),
    path("points/records/", points.RecordListView.as_view(), name="points_records"),
    *[path(f"points/records/<int:pk>/{verb}/", points.RecordActionView.as_view(verb=verb),
           name=f"points_record_{verb}") for verb in ("verify", "return", "approve", "reject")],
    path("points/adjustments/new/", points.AdjustmentView.as_view(), name="points_adjustment"),
    path("points/meetings/", points.MeetingListView.as_view(), name="points_meetings"),
    path("points/meetings/<int:pk>/attendance/", points.AttendanceView.as_view(), name="points_attendance"),
    path("points/import/", points.ImportView.as_view(), name="points_import"),
    path("points/import/<int:pk>/", points.ImportView.as_view(), name="points_import_preview"),
    path("points/rules/", points.RulesView.as_view(), name="points_rules"),
    path("points/rules/<int:pk>/", points.RuleEditView.as_view(), name="points_rule_edit"),
    path("points/notices/", points.NoticeListView.as_view(), name="points_notices"),
    path("points/notices/<int:pk>/", points.NoticeDetailView.as_view(), name="points_notice"),
    path("points/follow-ups/", points.FollowUpListView.as_view(), name="points_follow_ups"),
    path("<int:pk>/file/", points.PerformanceFileView.as_view(), name="points_file"),
]
