from django.urls import path

from oversight.portal import views

app_name = "oversight_portal"
urlpatterns = [
    path("findings/", views.findings, name="findings"),
    path("findings/<int:pk>/", views.finding, name="finding"),
    path("findings/<int:pk>/report/", views.ReportView.as_view(), name="report"),
    path("findings/<int:pk>/extension/", views.ExtensionView.as_view(), name="extension"),
    path("evidence/<int:pk>/", views.portal_user(views.EvidenceDownloadView.as_view()), name="evidence_file"),
    path("activities/", views.activities, name="activities"),
    path("activities/<int:pk>/sign-up/", views.SignUpView.as_view(), name="sign_up"),
]
