"""Portal pages for deputies and unit handlers, mounted at /portal/suggestions/ (see
suggestions/links.py): the deputy's pages at the root, the unit's under `assignments/`, so other
apps' portals (oversight, livelihood projects) take prefixes of their own.

`<pk>/` and `assignments/<pk>/` are the paths notifications point to (suggestions/links.py)."""

from django.urls import path

from suggestions import portal

app_name = "suggestions_portal"
urlpatterns = [
    path("", portal.SuggestionListView.as_view(), name="suggestion_list"),
    path("new/", portal.SuggestionCreateView.as_view(), name="suggestion_create"),
    path("<int:pk>/", portal.SuggestionDetailView.as_view(), name="suggestion_detail"),
    path("<int:pk>/edit/", portal.SuggestionEditView.as_view(), name="suggestion_edit"),
    path("<int:pk>/attachment/", portal.SuggestionAttachmentView.as_view(),
         name="suggestion_attachment"),
    path("<int:pk>/invite/", portal.InviteView.as_view(), name="suggestion_invite"),
    path("<int:pk>/invitations/<int:signature>/withdraw/", portal.WithdrawInvitationView.as_view(),
         name="suggestion_uninvite"),
    path("<int:pk>/respond/", portal.RespondView.as_view(), name="suggestion_respond"),
    path("<int:pk>/submit/", portal.SubmitView.as_view(), name="suggestion_submit"),
    path("<int:pk>/withdraw/", portal.WithdrawView.as_view(), name="suggestion_withdraw"),
    path("<int:pk>/replies/<int:reply>/rate/", portal.RateView.as_view(), name="reply_rate"),
    path("replies/<int:pk>/letter/", portal.ReplyLetterView.as_view(), name="reply_letter"),
    path("assignments/", portal.AssignmentListView.as_view(), name="assignment_list"),
    path("assignments/<int:pk>/", portal.AssignmentDetailView.as_view(), name="assignment_detail"),
    path("assignments/<int:pk>/responsible/", portal.ResponsiblePersonView.as_view(),
         name="assignment_responsible"),
    path("assignments/<int:pk>/contact/", portal.ContactView.as_view(), name="assignment_contact"),
    path("assignments/<int:pk>/opinion/", portal.OpinionView.as_view(), name="assignment_opinion"),
    path("assignments/<int:pk>/reply/", portal.ReplyView.as_view(), name="assignment_reply"),
    path("assignments/<int:pk>/extension/", portal.ExtensionView.as_view(), name="assignment_extension"),
    path("assignments/<int:pk>/return/", portal.ReturnView.as_view(), name="assignment_return"),
    path("assignments/<int:pk>/commitments/<int:commitment>/resolve/", portal.ResolveCommitmentView.as_view(),
         name="commitment_resolve"),
]
