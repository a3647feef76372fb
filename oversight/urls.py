"""Staff pages, mounted at /staff/oversight/; each POST is one action view (oversight.staff.actions)."""

from django.urls import path

from oversight.staff import actions, views

app_name = "oversight"
urlpatterns = [
    path("", views.board, name="board"),
    path("plans/", actions.PlanCreateView.as_view(), name="plan_create"),
    path("plans/<int:pk>/topics/", actions.TopicAddView.as_view(), name="plan_topic"),
    path("plans/<int:pk>/adopt/", actions.AdoptView.as_view(), name="plan_adopt"),
    path("plans/<int:pk>/publish/", actions.PublishView.as_view(), name="plan_publish"),
    path("plans/<int:pk>/amend/", actions.AmendView.as_view(), name="plan_amend"),
    path("proposals/<int:pk>/", actions.PlaceProposalView.as_view(), name="proposal_place"),
    path("topics/<int:pk>/", views.topic_detail, name="topic_detail"),
    path("topics/<int:pk>/research/", actions.ResearchView.as_view(), name="topic_research"),
    path("topics/<int:pk>/activities/", actions.ActivityAddView.as_view(), name="topic_activity"),
    path("topics/<int:pk>/questions/", actions.QuestionView.as_view(), name="topic_question"),
    path("activities/<int:pk>/attendance/", actions.AttendanceView.as_view(), name="activity_attendance"),
    path("evidence/<int:pk>/", views.staff_only(views.EvidenceDownloadView.as_view()), name="evidence_file"),
    path("reports/<int:pk>/file/", views.staff_only(views.ReportFileView.as_view()), name="report_file"),
    path("topics/<int:pk>/hear/", actions.HearingView.as_view(), name="topic_hear"),
    path("topics/<int:pk>/opinion/", actions.OpinionView.as_view(), name="topic_opinion"),
    path("topics/<int:pk>/opinion/print/", views.opinion_print, name="opinion_print"),
    path("topics/<int:pk>/vote/", actions.StartVoteView.as_view(), name="topic_vote"),
    path("topics/<int:pk>/close/", actions.CloseTopicView.as_view(), name="topic_close"),
    path("votes/<int:pk>/close/", actions.BallotCloseView.as_view(), name="ballot_close"),
    path("votes/<int:pk>/verify/", actions.BallotVerifyView.as_view(), name="ballot_verify"),
    path("votes/<int:pk>/publish/", actions.BallotPublishView.as_view(), name="ballot_publish"),
    path("votes/<int:pk>/print/", views.vote_print, name="vote_print"),
    path("findings/", views.FindingListView.as_view(), name="finding_list"),
    path("findings/<int:pk>/", views.finding_detail, name="finding_detail"),
    path("findings/<int:pk>/evidence/", actions.EvidenceView.as_view(), name="finding_evidence"),
    path("findings/<int:pk>/close/", actions.CloseFindingView.as_view(), name="finding_close"),
    path("extensions/<int:pk>/", actions.ExtensionDecisionView.as_view(), name="extension_decide"),
    path("budget/", views.budget_watch, name="budget_watch"),
    path("budget/import/", views.budget_import, name="budget_import"),
    path("budget/reviews/<int:pk>/", actions.SpecialReviewView.as_view(), name="special_review"),
    path("documents/", views.document_list, name="document_list"),
    path("documents/new/", actions.DocumentRegisterView.as_view(), name="document_register"),
    path("documents/<int:pk>/receive/", actions.DocumentReceiveView.as_view(), name="document_receive"),
    path("documents/<int:pk>/review/", actions.DocumentReviewView.as_view(), name="document_review"),
]
