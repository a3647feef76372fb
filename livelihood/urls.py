"""Staff pages, mounted at /staff/livelihood/."""

from django.urls import path

from livelihood import staff

app_name = "livelihood"
urlpatterns = [
    path("", staff.cycle_list, name="cycle_list"),
    path("cycles/<int:pk>/", staff.cycle_detail, name="cycle_detail"),
    path("cycles/<int:pk>/announcement/", staff.announcement, name="announcement"),
    path("cycles/<int:pk>/survey.xlsx", staff.survey_export, name="survey_export"),
    path("cycles/<int:pk>/<slug:action>/", staff.cycle_action, name="cycle_action"),
    path("cycles/<int:pk>/ballots/<int:ballot_pk>/<slug:action>/", staff.ballot_action, name="ballot_action"),
    path("proposals/", staff.ProposalListView.as_view(), name="proposal_list"),
    path("proposals/<int:pk>/", staff.proposal_detail, name="proposal_detail"),
    path("projects/", staff.ProjectListView.as_view(), name="project_list"),
    path("projects/<int:pk>/", staff.project_detail, name="project_detail"),
]
