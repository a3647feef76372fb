from django.urls import path

from deputies.portal import views

app_name = "deputies_public"
urlpatterns = [
    path("notices/<slug:slug>/", views.PublicNoticeView.as_view(), name="notice"),
]
