"""Portal pages for deputies and unit handlers, mounted at /portal/ (see suggestions/links.py)."""

app_name = "suggestions_portal"
urlpatterns = []
