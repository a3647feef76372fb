from rest_framework import viewsets

from congress.api.serializers import MeetingSerializer, UnitSerializer
from congress.filtersets import MeetingFilterSet, UnitFilterSet
from congress.models import Meeting, Unit


class ScopedReadOnlyViewSet(viewsets.ReadOnlyModelViewSet):
    """Every list and detail starts from `Model.objects.visible_to(user)` (style.md B1, rule 3)."""

    def get_queryset(self):
        queryset = self.queryset.model.objects.visible_to(self.request.user)
        return self.optimise(queryset)

    def optimise(self, queryset):
        return queryset


class UnitViewSet(ScopedReadOnlyViewSet):
    queryset = Unit.objects.all()
    serializer_class = UnitSerializer
    filterset_class = UnitFilterSet
    ordering_fields = ["name", "kind"]


class MeetingViewSet(ScopedReadOnlyViewSet):
    queryset = Meeting.objects.all()
    serializer_class = MeetingSerializer
    filterset_class = MeetingFilterSet
    ordering_fields = ["starts_on", "number"]

    def optimise(self, queryset):
        return queryset.select_related("term")
