"""Phone-first portal pages for suggestions, mounted at /portal/suggestions/
(suggestions/portal_urls.py): the deputy's pages (deputy.py) at the root, the unit handler's
(unit.py) under assignments/. Every read starts from `visible_to(user)`, narrowed to the page's
audience; anything outside is 404. Every POST is a `congress.views.ActionView`: one form, one
service, and on refusal the same page again with the input kept and the service's message."""
