"""Three URL sets: staff (/staff/ballots/), portal (/portal/ballots/), public (/p/ballots/)."""

from django.urls import path

from congress.ballots import views

staff_patterns = ([
    path("", views.staff_list, name="list"),
    path("<str:ballot_id>/", views.staff_detail, name="detail"),
    path("<str:ballot_id>/turnout.json", views.staff_turnout, name="turnout"),
    path("<str:ballot_id>/entry/", views.staff_entry, name="entry"),
    path("<str:ballot_id>/resolve/", views.staff_resolve, name="resolve"),
] + [
    # One route per transition, the transition named in the route's kwargs (not in the path).
    path(f"<str:ballot_id>/{action}/", views.staff_action, {"action": action}, name=action.replace("-", "_"))
    for action in views.ACTIONS
], "ballots_staff")

portal_patterns = ([
    path("", views.portal_list, name="list"),
    path("<str:ballot_id>/", views.portal_ballot, name="ballot"),
], "ballots_portal")

public_patterns = ([
    path("<str:ballot_id>/", views.public_result, name="result"),
    path("<str:ballot_id>/announcement/", views.announcement, name="announcement"),
], "ballots_public")
