"""Staff pages for suggestions, mounted at /staff/suggestions/."""

app_name = "suggestions"
urlpatterns = []
