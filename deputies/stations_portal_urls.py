"""Portal pages of the stations' work, mounted at /portal/deputies/ (notifications link here)."""

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
    path("receptions/<int:pk>/", views.reception_record, name="reception_record"),
    path("issues/", views.unit_issues, name="unit_issues"),
    path("issues/<int:pk>/", views.unit_issue, name="unit_issue"),
]
