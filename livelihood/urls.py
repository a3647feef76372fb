"""Staff pages, mounted at /staff/livelihood/: one route per page and one per action."""

from django.urls import path

from livelihood.staff import actions, views

app_name = "livelihood"
urlpatterns = [
    path("", views.CycleListView.as_view(), name="cycle_list"),
    path("cycles/new/", actions.CreateCycleView.as_view(), name="cycle_create"),
    path("cycles/<int:pk>/", views.CycleDetailView.as_view(), name="cycle_detail"),
    path("cycles/<int:pk>/announcement/", views.AnnouncementView.as_view(), name="announcement"),
    path("cycles/<int:pk>/survey.xlsx", views.SurveyExportView.as_view(), name="survey_export"),
    path("cycles/<int:pk>/candidate/", actions.CandidateView.as_view(), name="cycle_candidate"),
    path("cycles/<int:pk>/approve/", actions.ApproveCandidatesView.as_view(), name="cycle_approve"),
    path("cycles/<int:pk>/publish/", actions.PublishCandidatesView.as_view(), name="cycle_publish"),
    path("cycles/<int:pk>/open_ballot/", actions.OpenBallotView.as_view(), name="cycle_open_ballot"),
    path("cycles/<int:pk>/survey/", actions.SurveyWindowView.as_view(), name="cycle_survey"),
    path("cycles/<int:pk>/rating_ballot/", actions.RatingBallotView.as_view(), name="cycle_rating_ballot"),
    path("cycles/<int:pk>/rollup/", actions.RollupView.as_view(), name="cycle_rollup"),
    path("cycles/<int:pk>/advance/", actions.AdvanceStageView.as_view(), name="cycle_advance"),
    path("cycles/<int:pk>/ballots/<int:ballot_pk>/close/", actions.CloseBallotView.as_view(), name="ballot_close"),
    path("cycles/<int:pk>/ballots/<int:ballot_pk>/enter/", actions.EnterPaperView.as_view(), name="ballot_enter"),
    path("cycles/<int:pk>/ballots/<int:ballot_pk>/submit_entry/", actions.SubmitEntryView.as_view(),
         name="ballot_submit_entry"),
    path("cycles/<int:pk>/ballots/<int:ballot_pk>/count/", actions.CountPapersView.as_view(), name="ballot_count"),
    path("cycles/<int:pk>/ballots/<int:ballot_pk>/verify/", actions.VerifyBallotView.as_view(), name="ballot_verify"),
    path("cycles/<int:pk>/ballots/<int:ballot_pk>/publish/", actions.PublishBallotView.as_view(),
         name="ballot_publish"),
    path("cycles/<int:pk>/ballots/<int:ballot_pk>/runoff/", actions.RunoffView.as_view(), name="ballot_runoff"),
    path("proposals/", views.ProposalListView.as_view(), name="proposal_list"),
    path("proposals/<int:pk>/", views.ProposalDetailView.as_view(), name="proposal_detail"),
    path("proposals/<int:pk>/assess/", actions.AssessView.as_view(), name="proposal_assess"),
    path("proposals/<int:pk>/merge/", actions.MergeView.as_view(), name="proposal_merge"),
    path("proposals/<int:pk>/screen-out/", actions.ScreenOutView.as_view(), name="proposal_screen_out"),
    path("projects/", views.ProjectListView.as_view(), name="project_list"),
    path("projects/<int:pk>/", views.ProjectDetailView.as_view(), name="project_detail"),
    path("projects/<int:pk>/milestones/", actions.MilestoneView.as_view(), name="project_milestone"),
    path("projects/<int:pk>/subprojects/", actions.SubProjectView.as_view(), name="project_subproject"),
    path("projects/<int:pk>/checks/", actions.CheckView.as_view(), name="project_check"),
    path("projects/<int:pk>/rating/", actions.RatingView.as_view(), name="project_rating"),
]
