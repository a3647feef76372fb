from rest_framework.routers import SimpleRouter

from congress.api.views import MeetingViewSet, UnitViewSet

router = SimpleRouter()
router.register("units", UnitViewSet)
router.register("meetings", MeetingViewSet)
urlpatterns = router.urls
