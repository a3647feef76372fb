from rest_framework.routers import SimpleRouter

from deputies.api.views import DeputyViewSet

router = SimpleRouter()
router.register("deputies", DeputyViewSet)
urlpatterns = router.urls
