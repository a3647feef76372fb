"""Public pages (no login), mounted at /p/livelihood/."""

from django.urls import path

from livelihood import public

app_name = "livelihood_public"
urlpatterns = [
    path("", public.index, name="index"),
    path("follow/", public.follow, name="proposal_follow"),
    path("cycles/<int:pk>/", public.cycle_detail, name="cycle_detail"),
    path("cycles/<int:pk>/propose/", public.ProposeView.as_view(), name="propose"),
    path("cycles/<int:pk>/survey/", public.SurveyView.as_view(), name="survey"),
    path("cycles/<int:pk>/receipts/", public.receipt, name="receipt"),
    path("projects/<int:pk>/", public.project_detail, name="project_detail"),
]
