"""Staff pages for suggestions, mounted at /staff/suggestions/."""

from django.urls import path

from suggestions.staff import actions, statistics, views

app_name = "suggestions"
urlpatterns = [
    path("", views.SuggestionListView.as_view(), name="suggestion_list"),
    path("assign/", views.BulkAssignView.as_view(), name="bulk_assign"),
    path("key/", views.KeyBoardView.as_view(), name="key_board"),
    path("statistics/", statistics.StatisticsView.as_view(), name="statistics"),
    path("statistics/refresh/", statistics.StatisticsRefreshView.as_view(), name="statistics_refresh"),
    path("<int:pk>/", views.SuggestionDetailView.as_view(), name="suggestion_detail"),
    path("<int:pk>/accept/", actions.AcceptView.as_view(), name="suggestion_accept"),
    path("<int:pk>/undo-acceptance/", actions.UndoAcceptanceView.as_view(), name="suggestion_undo_acceptance"),
    path("<int:pk>/reject/", actions.RejectView.as_view(), name="suggestion_reject"),
    path("<int:pk>/reference/", actions.ReferenceView.as_view(), name="suggestion_reference"),
    path("<int:pk>/assign/", actions.AssignView.as_view(), name="suggestion_assign"),
    path("<int:pk>/extensions/<int:extension_pk>/", actions.ExtensionDecisionView.as_view(), name="extension_decide"),
    path("<int:pk>/reassignments/<int:reassignment_pk>/", actions.ReassignmentDecisionView.as_view(),
         name="reassignment_decide"),
    path("<int:pk>/key-supervision/", actions.KeySupervisionView.as_view(), name="key_supervision"),
    path("<int:pk>/key-supervision/actions/", actions.SupervisionActionView.as_view(), name="supervision_action"),
    path("<int:pk>/merge/", actions.MergeView.as_view(), name="suggestion_merge"),
    path("<int:pk>/unmerge/", actions.UnmergeView.as_view(), name="suggestion_unmerge"),
    path("<int:pk>/close/", actions.CloseView.as_view(), name="suggestion_close"),
]
