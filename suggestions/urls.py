"""Staff pages for suggestions, mounted at /staff/suggestions/."""

from django.urls import path

from suggestions import views

app_name = "suggestions"
urlpatterns = [
    path("", views.SuggestionListView.as_view(), name="suggestion_list"),
    path("assign/", views.BulkAssignView.as_view(), name="bulk_assign"),
    path("key/", views.KeyBoardView.as_view(), name="key_board"),
    path("statistics/", views.StatisticsView.as_view(), name="statistics"),
    path("statistics/refresh/", views.StatisticsRefreshView.as_view(), name="statistics_refresh"),
    path("<int:pk>/", views.SuggestionDetailView.as_view(), name="suggestion_detail"),
    path("<int:pk>/accept/", views.AcceptView.as_view(), name="suggestion_accept"),
    path("<int:pk>/reject/", views.RejectView.as_view(), name="suggestion_reject"),
    path("<int:pk>/reference/", views.ReferenceView.as_view(), name="suggestion_reference"),
    path("<int:pk>/assign/", views.AssignView.as_view(), name="suggestion_assign"),
    path("<int:pk>/extensions/<int:extension_pk>/", views.ExtensionDecisionView.as_view(), name="extension_decide"),
    path("<int:pk>/returns/<int:request_pk>/", views.ReassignmentDecisionView.as_view(), name="reassignment_decide"),
    path("<int:pk>/key-supervision/", views.KeySupervisionView.as_view(), name="key_supervision"),
    path("<int:pk>/key-supervision/actions/", views.SupervisionActionView.as_view(), name="supervision_action"),
    path("<int:pk>/merge/", views.MergeView.as_view(), name="suggestion_merge"),
    path("<int:pk>/unmerge/", views.UnmergeView.as_view(), name="suggestion_unmerge"),
    path("<int:pk>/close/", views.CloseView.as_view(), name="suggestion_close"),
]
