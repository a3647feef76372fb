"""Portal pages, mounted at /portal/livelihood/."""

from django.urls import path

from livelihood import portal

app_name = "livelihood_portal"
urlpatterns = [
    path("", portal.home, name="home"),
    path("cycles/<int:pk>/", portal.cycle_detail, name="cycle_detail"),
    path("cycles/<int:pk>/propose/", portal.ProposeView.as_view(), name="propose"),
    path("cycles/<int:pk>/ballots/<int:ballot_pk>/", portal.vote, name="vote"),
    path("projects/<int:pk>/", portal.project_detail, name="project_detail"),
    path("projects/<int:pk>/progress/", portal.ProgressView.as_view(), name="post_progress"),
    path("projects/<int:pk>/subprojects/<int:sub_pk>/done/", portal.SubProjectDoneView.as_view(),
         name="subproject_done"),
    path("projects/<int:pk>/rectifications/<int:rect_pk>/", portal.RectificationView.as_view(),
         name="rectification_report"),
]
