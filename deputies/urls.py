from django.urls import path

from deputies import views

app_name = "deputies"
urlpatterns = [
    path("", views.DeputyListView.as_view(), name="deputy_list"),
    path("<int:pk>/", views.DeputyDetailView.as_view(), name="deputy_detail"),
]
