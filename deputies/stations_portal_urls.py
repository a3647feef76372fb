"""Portal pages of the stations' work, mounted at /portal/deputies/ (notifications link here); each
action is a POST of its own."""

from django.urls import path

from deputies import stations_portal as views

app_name = "stations_portal"
urlpatterns = [
    path("shifts/", views.my_shifts, name="my_shifts"),
    path("messages/", views.my_messages, name="my_messages"),
    path("messages/<int:pk>/", views.my_message, name="my_message"),
    path("qr/", views.my_qr, name="my_qr"),
    path("report-backs/", views.my_report_backs, name="my_report_backs"),
    path("station/", views.station_schedule, name="station_schedule"),
    path("station/schedule/", views.KeeperScheduleView.as_view(), name="station_schedule_add"),
    path("receptions/<int:pk>/", views.reception_record, name="reception_record"),
    path("receptions/<int:pk>/record/", views.RecordReceptionView.as_view(), name="reception_held"),
    path("receptions/<int:pk>/issues/", views.RaiseIssueView.as_view(), name="reception_issue"),
    path("issues/", views.unit_issues, name="unit_issues"),
    path("issues/<int:pk>/", views.unit_issue, name="unit_issue"),
    path("issues/<int:pk>/answer/", views.AnswerIssueView.as_view(), name="unit_issue_answer"),
]
