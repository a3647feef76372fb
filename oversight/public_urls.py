from django.urls import path

from oversight import public

app_name = "oversight_public"
urlpatterns = [
    path("ratings/", public.ratings, name="ratings"),
    path("<int:year>/", public.plan, name="plan"),
    path("<int:year>/propose/", public.propose, name="propose"),
]
