from rest_framework.routers import SimpleRouter

from suggestions.api import views

router = SimpleRouter()
router.register("suggestions", views.SuggestionViewSet)
router.register("assignments", views.AssignmentViewSet)
router.register("replies", views.ReplyViewSet)
router.register("commitments", views.CommitmentViewSet)
router.register("extension-requests", views.ExtensionRequestViewSet)
router.register("reassignment-requests", views.ReassignmentRequestViewSet)
router.register("suggestion-stats", views.SuggestionStatsViewSet, basename="suggestion-stats")
urlpatterns = router.urls
