from rest_framework.routers import SimpleRouter

from oversight.api import views

router = SimpleRouter()
router.register("plans", views.PlanViewSet, basename="oversight-plan")
router.register("topics", views.TopicViewSet, basename="oversight-topic")
router.register("findings", views.FindingViewSet, basename="oversight-finding")
router.register("handling-reports", views.HandlingReportViewSet, basename="oversight-handling-report")
router.register("ratings", views.RatingViewSet, basename="oversight-rating")
router.register("budget-watch", views.BudgetWatchViewSet, basename="oversight-budget-watch")
urlpatterns = router.urls
