from rest_framework.routers import SimpleRouter

from deputies.api.points import DutyRecordViewSet, PointRuleViewSet, PointsNoticeViewSet, PointsViewSet
from deputies.api.views import DeputyViewSet

router = SimpleRouter()
router.register("deputies", DeputyViewSet)
router.register("point-rules", PointRuleViewSet)
router.register("duty-records", DutyRecordViewSet)
router.register("points", PointsViewSet)
router.register("points-notices", PointsNoticeViewSet)
urlpatterns = router.urls
