from rest_framework.routers import SimpleRouter

from congress.api.views import MeetingViewSet, UnitViewSet
from congress.ballots.api import BallotViewSet

router = SimpleRouter()
router.register("units", UnitViewSet)
router.register("meetings", MeetingViewSet)
router.register("ballots", BallotViewSet)
urlpatterns = router.urls
