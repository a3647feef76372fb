from congress.api.views import ScopedReadOnlyViewSet
from deputies.api.serializers import DeputySerializer
from deputies.filtersets import DeputyFilterSet
from deputies.models import Deputy


class DeputyViewSet(ScopedReadOnlyViewSet):
    queryset = Deputy.objects.all()
    serializer_class = DeputySerializer
    filterset_class = DeputyFilterSet
    ordering_fields = ["name", "birth_date", "serving_since"]
    ordering = ["name", "id"]

    def optimise(self, queryset):
        return queryset.for_list()
