"""Portal pages, mounted at /portal/livelihood/."""

from django.urls import path

from livelihood import portal

app_name = "livelihood_portal"
urlpatterns = [
    path("", portal.home, name="home"),
    path("cycles/<int:pk>/", portal.cycle_detail, name="cycle_detail"),
    path("cycles/<int:pk>/propose/", portal.propose, name="propose"),
    path("cycles/<int:pk>/ballots/<int:ballot_pk>/", portal.vote, name="vote"),
    path("projects/<int:pk>/", portal.project_detail, name="project_detail"),
    path("projects/<int:pk>/progress/", portal.post_progress, name="post_progress"),
    path("projects/<int:pk>/subprojects/<int:sub_pk>/done/", portal.subproject_done, name="subproject_done"),
    path("projects/<int:pk>/rectifications/<int:rect_pk>/", portal.rectification_report, name="rectification_report"),
]
