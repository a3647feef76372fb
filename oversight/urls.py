"""Staff pages, mounted at /staff/oversight/."""

from django.urls import path

from oversight.staff import views

app_name = "oversight"
urlpatterns = [
    path("", views.board, name="board"),
    path("plans/", views.plan_create, name="plan_create"),
    path("plans/<int:pk>/topics/", views.plan_topic, name="plan_topic"),
    path("plans/<int:pk>/adopt/", views.plan_adopt, name="plan_adopt"),
    path("plans/<int:pk>/publish/", views.plan_publish, name="plan_publish"),
    path("plans/<int:pk>/amend/", views.plan_amend, name="plan_amend"),
    path("proposals/<int:pk>/", views.proposal_place, name="proposal_place"),
    path("topics/<int:pk>/", views.topic_detail, name="topic_detail"),
    path("topics/<int:pk>/research/", views.topic_research, name="topic_research"),
    path("topics/<int:pk>/activities/", views.topic_activity, name="topic_activity"),
    path("topics/<int:pk>/questions/", views.topic_question, name="topic_question"),
    path("activities/<int:pk>/attendance/", views.activity_attendance, name="activity_attendance"),
    path("evidence/<int:pk>/", views.staff_only(views.EvidenceDownloadView.as_view()), name="evidence_file"),
    path("reports/<int:pk>/file/", views.staff_only(views.ReportFileView.as_view()), name="report_file"),
    path("topics/<int:pk>/hear/", views.topic_hear, name="topic_hear"),
    path("topics/<int:pk>/opinion/", views.topic_opinion, name="topic_opinion"),
    path("topics/<int:pk>/opinion/print/", views.opinion_print, name="opinion_print"),
    path("topics/<int:pk>/vote/", views.topic_vote, name="topic_vote"),
    path("topics/<int:pk>/close/", views.topic_close, name="topic_close"),
    path("votes/<int:pk>/close/", views.ballot_step, {"step": "close"}, name="ballot_close"),
    path("votes/<int:pk>/verify/", views.ballot_step, {"step": "verify"}, name="ballot_verify"),
    path("votes/<int:pk>/publish/", views.ballot_step, {"step": "publish"}, name="ballot_publish"),
    path("votes/<int:pk>/print/", views.vote_print, name="vote_print"),
    path("findings/", views.FindingListView.as_view(), name="finding_list"),
    path("findings/<int:pk>/", views.finding_detail, name="finding_detail"),
    path("findings/<int:pk>/evidence/", views.finding_evidence, name="finding_evidence"),
    path("findings/<int:pk>/close/", views.finding_close, name="finding_close"),
    path("extensions/<int:pk>/", views.extension_decide, name="extension_decide"),
    path("budget/", views.budget_watch, name="budget_watch"),
    path("budget/import/", views.budget_import, name="budget_import"),
    path("budget/reviews/<int:pk>/", views.special_review, name="special_review"),
    path("documents/", views.document_list, name="document_list"),
    path("documents/new/", views.document_register, name="document_register"),
    path("documents/<int:pk>/receive/", views.document_receive, name="document_receive"),
    path("documents/<int:pk>/review/", views.document_review, name="document_review"),
]
