from rest_framework.routers import SimpleRouter

from livelihood.api import views

router = SimpleRouter()
router.register("cycles", views.CycleViewSet, basename="livelihood-cycle")
router.register("proposals", views.ProposalViewSet, basename="livelihood-proposal")
router.register("projects", views.ProjectViewSet, basename="livelihood-project")
router.register("progress-reports", views.ProgressReportViewSet, basename="livelihood-progress-report")
router.register("ballots", views.BallotViewSet, basename="livelihood-ballot")
router.register("surveys", views.SurveyViewSet, basename="livelihood-survey")
urlpatterns = router.urls
