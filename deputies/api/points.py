"""Duty points in the REST API: `point-rules`, `duty-records`, `points` (totals and ranks per
year), `points-notices`. Reads start from `visible_to(user)` and use the staff lists' FilterSets;
writes are actions calling one service in `deputies.services.points`, taken by a signed-in
person (a token's "read" scope never grants them)."""


from django.utils.translation import gettext_lazy
from drf_spectacular.utils import extend_schema, extend_schema_serializer
from rest_framework import serializers, status
from rest_framework.decorators import action
from rest_framework.response import Response

from congress.api.fields import DateField, DecimalField, IntegerField
from congress.api.parsers import JSONParser
from congress.api.views import PERSON_ONLY, ActionViewSet, ScopedReadOnlyViewSet
from deputies.filtersets import DutyRecordFilterSet, PointRuleFilterSet, PointsFilterSet, PointsNoticeFilterSet
from deputies.models import Deputy, DutyRecord, PointRule, PointsNotice, PointsSummary
from deputies.services import points as services

# --------------------------------------------------------------------------- serializers


class PointRuleSerializer(serializers.ModelSerializer):
    category_display = serializers.CharField(source="get_category_display", read_only=True)

    class Meta:
        model = PointRule
        fields = ["id", "year", "item", "name", "category", "category_display", "points", "yearly_cap", "mode"]


class DutyRecordSerializer(serializers.ModelSerializer):
    deputy_name = serializers.CharField(source="deputy.name", read_only=True)
    rule_name = serializers.CharField(source="rule.name", read_only=True)
    status_display = serializers.CharField(source="get_status_display", read_only=True)

    class Meta:
        model = DutyRecord
        fields = ["id", "deputy", "deputy_name", "item", "rule_name", "category", "year", "occurred_on", "points",
                  "origin", "status", "status_display", "description", "note", "return_reason", "created_at"]


class PointsSerializer(serializers.ModelSerializer):
    """One deputy's year: the nightly summary row. Built by hand: this list is read in bulk."""

    deputy_name = serializers.CharField(source="deputy.name", read_only=True)

    class Meta:
        model = PointsSummary
        fields = ["deputy", "deputy_name", "year", "total", "rank", "band", "by_category"]

    def to_representation(self, row):
        return {"deputy": row.deputy_id, "deputy_name": row.deputy.name, "year": row.year,
                "total": str(row.total), "rank": row.rank, "band": row.band, "by_category": row.by_category}


class PointsNoticeSerializer(serializers.ModelSerializer):
    class Meta:
        model = PointsNotice
        fields = ["id", "year", "period", "status", "slug", "as_of", "objections_until", "published_at",
                  "approved_at", "approval_note"]


class NoticeEntrySerializer(serializers.Serializer):
    id = serializers.IntegerField()
    deputy = serializers.IntegerField(source="deputy_id")
    deputy_name = serializers.CharField()
    delegation_name = serializers.CharField()
    total = serializers.DecimalField(max_digits=8, decimal_places=1)
    rank = serializers.IntegerField()
    band = serializers.CharField()


class ReportInputSerializer(serializers.Serializer):
    item = serializers.CharField(max_length=40)
    occurred_on = DateField(horizon=False)  # the service refuses a future date
    description = serializers.CharField(max_length=500)


@extend_schema_serializer(component_name="DutyReasonInput")
class ReasonInputSerializer(serializers.Serializer):
    reason = serializers.CharField(max_length=500)


class AdjustInputSerializer(serializers.Serializer):
    deputy = IntegerField(min_value=1, max_value=2**31 - 1)
    points = DecimalField(max_digits=5, decimal_places=1, min_value=-100, max_value=100)
    reason = serializers.CharField(max_length=500)
    occurred_on = DateField(required=False, horizon=False)


class ObjectionInputSerializer(serializers.Serializer):
    entry = IntegerField(min_value=1, max_value=2**31 - 1)
    kind = serializers.ChoiceField(choices=["error", "duplicate", "omission"])
    reason = serializers.CharField(max_length=2000)


def parse(serializer_class, request) -> dict:
    serializer = serializer_class(data=request.data)
    serializer.is_valid(raise_exception=True)
    return serializer.validated_data


# --------------------------------------------------------------------------- viewsets


class PointRuleViewSet(ScopedReadOnlyViewSet):
    queryset = PointRule.objects.all()
    serializer_class = PointRuleSerializer
    filterset_class = PointRuleFilterSet
    ordering_fields = ["year", "item", "points"]
    ordering = ["-year", "category", "item"]


class DutyRecordViewSet(ActionViewSet):
    """A deputy sees their own records, unverified ones included; the office sees all."""

    queryset = DutyRecord.objects.all()
    serializer_class = DutyRecordSerializer
    filterset_class = DutyRecordFilterSet
    ordering_fields = ["occurred_on", "points", "id"]
    ordering = ["-occurred_on", "-id"]

    def optimise(self, queryset):
        return queryset.for_list()

    def _done(self, record, code=status.HTTP_200_OK):
        return Response(DutyRecordSerializer(self.optimise(DutyRecord.objects.filter(pk=record.pk)).get()).data,
                        status=code)

    @extend_schema(request=ReportInputSerializer, responses={201: DutyRecordSerializer})
    @action(detail=False, methods=["post"], permission_classes=PERSON_ONLY, parser_classes=[JSONParser])
    def report(self, request):
        """A deputy reports a duty (evidence is attached in the portal)."""
        data = parse(ReportInputSerializer, request)
        deputy = Deputy.objects.filter(user=request.user).first()
        record = services.report_duty(deputy, actor=request.user, **data)
        return self._done(record, status.HTTP_201_CREATED)

    @extend_schema(request=AdjustInputSerializer, responses={201: DutyRecordSerializer})
    @action(detail=False, methods=["post"], permission_classes=PERSON_ONLY, parser_classes=[JSONParser])
    def adjust(self, request):
        data = parse(AdjustInputSerializer, request)
        deputy = Deputy.objects.filter(pk=data.pop("deputy")).first()
        if deputy is None:
            raise serializers.ValidationError({"deputy": [gettext_lazy("No such deputy.")]})
        record = services.request_adjustment(deputy, actor=request.user, **data)
        return self._done(record, status.HTTP_201_CREATED)

    @extend_schema(request=None, responses={200: DutyRecordSerializer})
    @action(detail=True, methods=["post"], permission_classes=PERSON_ONLY)
    def verify(self, request, pk=None):
        return self._done(services.verify_record(self.get_object(), actor=request.user))

    @extend_schema(request=ReasonInputSerializer, responses={200: DutyRecordSerializer})
    @action(detail=True, methods=["post"], permission_classes=PERSON_ONLY, url_path="return",
            parser_classes=[JSONParser])
    def return_(self, request, pk=None):
        record = self.get_object()  # scope first: someone else's record is a 404 whatever the body
        data = parse(ReasonInputSerializer, request)
        return self._done(services.return_record(record, actor=request.user, reason=data["reason"]))

    @extend_schema(request=None, responses={200: DutyRecordSerializer})
    @action(detail=True, methods=["post"], permission_classes=PERSON_ONLY)
    def approve(self, request, pk=None):
        return self._done(services.approve_adjustment(self.get_object(), actor=request.user))

    @extend_schema(request=ReasonInputSerializer, responses={200: DutyRecordSerializer})
    @action(detail=True, methods=["post"], permission_classes=PERSON_ONLY, parser_classes=[JSONParser])
    def reject(self, request, pk=None):
        record = self.get_object()
        data = parse(ReasonInputSerializer, request)
        return self._done(services.reject_adjustment(record, actor=request.user, reason=data["reason"]))


class PointsViewSet(ScopedReadOnlyViewSet):
    """Totals and ranks per year (the nightly summary rows); `?year=` narrows to one year."""

    queryset = PointsSummary.objects.all()
    serializer_class = PointsSerializer
    filterset_class = PointsFilterSet
    ordering_fields = ["rank", "total"]
    ordering = ["year", "rank", "deputy_id"]

    def optimise(self, queryset):
        return queryset.select_related("deputy").only("deputy__name", "deputy_id", "year", "total", "rank", "band",
                                                      "by_category")


class PointsNoticeViewSet(ActionViewSet):
    queryset = PointsNotice.objects.all()
    serializer_class = PointsNoticeSerializer
    filterset_class = PointsNoticeFilterSet
    ordering_fields = ["year", "as_of"]
    ordering = ["-year", "-as_of", "-id"]

    @extend_schema(responses={200: NoticeEntrySerializer(many=True)})
    @action(detail=True, methods=["get"])
    def entries(self, request, pk=None):
        notice = self.get_object()
        page = self.paginate_queryset(notice.entries.order_by("rank", "deputy_name", "id"))
        return self.get_paginated_response(NoticeEntrySerializer(page, many=True).data)

    @extend_schema(request=ObjectionInputSerializer, responses={201: None})
    @action(detail=True, methods=["post"], permission_classes=PERSON_ONLY, parser_classes=[JSONParser])
    def object(self, request, pk=None):
        """错重漏: a deputy (or staff on someone's behalf) objects to a line during the period."""
        notice = self.get_object()
        data = parse(ObjectionInputSerializer, request)
        objection = services.object_to_notice(notice, entry_id=data["entry"], kind=data["kind"],
                                              reason=data["reason"], actor=request.user)
        return Response({"id": objection.pk, "status": objection.status}, status=status.HTTP_201_CREATED)
