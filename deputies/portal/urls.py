from django.urls import path

from deputies.portal import views

app_name = "deputies_portal"
urlpatterns = [
    path("points/", views.MyPointsView.as_view(), name="points"),
    path("points/report/", views.ReportDutyView.as_view(), name="points_report"),
    path("file/", views.MyFileView.as_view(), name="file"),
    path("records/<int:pk>/evidence/", views.EvidenceDownloadView.as_view(), name="evidence"),
    path("notices/<slug:slug>/object/", views.MyObjectionView.as_view(), name="object"),
]
