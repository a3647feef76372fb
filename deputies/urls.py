from django.urls import path

from deputies import points_actions as actions
from deputies import points_views as points
from deputies import views

app_name = "deputies"
urlpatterns = [
    path("", views.DeputyListView.as_view(), name="deputy_list"),
    path("<int:pk>/", views.DeputyDetailView.as_view(), name="deputy_detail"),
    # duty points (履职积分): pages, and each action a POST of its own (points_actions)
    path("points/", points.RankingView.as_view(), name="points_ranking"),
    path("points/refresh/", actions.RefreshTotalsView.as_view(), name="points_refresh"),
    path("points/records/", points.RecordListView.as_view(), name="points_records"),
    path("points/records/<int:pk>/verify/", actions.VerifyRecordView.as_view(), name="points_record_verify"),
    path("points/records/<int:pk>/return/", actions.ReturnRecordView.as_view(), name="points_record_return"),
    path("points/records/<int:pk>/approve/", actions.ApproveAdjustmentView.as_view(), name="points_record_approve"),
    path("points/records/<int:pk>/reject/", actions.RejectAdjustmentView.as_view(), name="points_record_reject"),
    path("points/adjustments/new/", points.AdjustmentView.as_view(), name="points_adjustment"),
    path("points/adjustments/", actions.RequestAdjustmentView.as_view(), name="points_adjustment_request"),
    path("points/meetings/", points.MeetingListView.as_view(), name="points_meetings"),
    path("points/meetings/<int:pk>/attendance/", points.AttendanceView.as_view(), name="points_attendance"),
    path("points/meetings/<int:pk>/attendance/record/", actions.RecordAttendanceView.as_view(),
         name="points_attendance_record"),
    path("points/import/", points.ImportView.as_view(), name="points_import"),
    path("points/import/preview/", actions.PreviewSheetView.as_view(), name="points_import_upload"),
    path("points/import/<int:pk>/", points.ImportView.as_view(), name="points_import_preview"),
    path("points/import/<int:pk>/apply/", actions.ApplySheetView.as_view(), name="points_import_apply"),
    path("points/rules/", points.RulesView.as_view(), name="points_rules"),
    path("points/rules/prepare/", actions.PrepareNextTableView.as_view(), name="points_rules_prepare"),
    path("points/rules/default/", actions.LoadDefaultTableView.as_view(), name="points_rules_default"),
    path("points/rules/<int:pk>/", points.RuleEditView.as_view(), name="points_rule_edit"),
    path("points/rules/<int:pk>/save/", actions.ChangeRuleView.as_view(), name="points_rule_save"),
    path("points/notices/", points.NoticeListView.as_view(), name="points_notices"),
    path("points/notices/new/", actions.CreateNoticeView.as_view(), name="points_notice_create"),
    path("points/notices/<int:pk>/", points.NoticeDetailView.as_view(), name="points_notice"),
    path("points/notices/<int:pk>/publish/", actions.PublishNoticeView.as_view(), name="points_notice_publish"),
    path("points/notices/<int:pk>/approve/", actions.ApproveNoticeView.as_view(), name="points_notice_approve"),
    path("points/notices/<int:pk>/answer/", actions.AnswerObjectionView.as_view(), name="points_objection_answer"),
    path("points/follow-ups/", points.FollowUpListView.as_view(), name="points_follow_ups"),
    path("points/follow-ups/close/", actions.CloseFollowUpView.as_view(), name="points_follow_up_close"),
    path("<int:pk>/file/", points.PerformanceFileView.as_view(), name="points_file"),
]
