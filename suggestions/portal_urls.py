"""Portal pages for deputies and unit handlers, mounted at /portal/suggestions/ (see
suggestions/links.py): the deputy's pages at the root, the unit's under `assignments/`, so other
apps' portals (oversight, livelihood projects) take prefixes of their own.

`<pk>/` and `assignments/<pk>/` are the paths notifications point to (suggestions/links.py)."""

from django.urls import path

from suggestions.portal import deputy, unit

app_name = "suggestions_portal"
urlpatterns = [
    path("", deputy.SuggestionListView.as_view(), name="suggestion_list"),
    path("new/", deputy.SuggestionFormView.as_view(), name="suggestion_create"),
    path("<int:pk>/", deputy.SuggestionDetailView.as_view(), name="suggestion_detail"),
    path("<int:pk>/edit/", deputy.SuggestionFormView.as_view(), name="suggestion_edit"),
    path("<int:pk>/attachment/", deputy.SuggestionAttachmentView.as_view(), name="suggestion_attachment"),
    path("<int:pk>/invite/", deputy.InviteView.as_view(), name="suggestion_invite"),
    path("<int:pk>/invitations/<int:signature>/withdraw/", deputy.WithdrawInvitationView.as_view(),
         name="suggestion_uninvite"),
    path("<int:pk>/respond/", deputy.RespondView.as_view(), name="suggestion_respond"),
    path("<int:pk>/submit/", deputy.SubmitView.as_view(), name="suggestion_submit"),
    path("<int:pk>/withdraw/", deputy.WithdrawView.as_view(), name="suggestion_withdraw"),
    path("<int:pk>/replies/<int:reply>/rate/", deputy.RateView.as_view(), name="reply_rate"),
    path("replies/<int:pk>/letter/", unit.ReplyLetterView.as_view(), name="reply_letter"),
    path("assignments/", unit.AssignmentListView.as_view(), name="assignment_list"),
    path("assignments/<int:pk>/", unit.AssignmentDetailView.as_view(), name="assignment_detail"),
    path("assignments/<int:pk>/responsible/", unit.ResponsiblePersonView.as_view(), name="assignment_responsible"),
    path("assignments/<int:pk>/contact/", unit.ContactView.as_view(), name="assignment_contact"),
    path("assignments/<int:pk>/opinion/", unit.OpinionView.as_view(), name="assignment_opinion"),
    path("assignments/<int:pk>/reply/", unit.ReplyView.as_view(), name="assignment_reply"),
    path("assignments/<int:pk>/extension/", unit.ExtensionView.as_view(), name="assignment_extension"),
    path("assignments/<int:pk>/reassignment/", unit.ReassignmentRequestView.as_view(),
         name="assignment_reassignment"),
    path("assignments/<int:pk>/commitments/<int:commitment>/resolve/", unit.ResolveCommitmentView.as_view(),
         name="commitment_resolve"),
]
