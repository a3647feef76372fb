"""The oversight REST API under /api/v1/oversight/: plans, topics, findings, handling-reports,
ratings (results only after publication) and budget-watch; reads start from `visible_to(user)`.
A unit reports on a finding and asks for more time with a "unit-reply" token for its own unit."""

from drf_spectacular.utils import extend_schema
from rest_framework.decorators import action
from rest_framework.response import Response

from congress.api import rows as rows_of
from congress.api.views import ActionViewSet, ScopedReadOnlyViewSet
from congress.models import ApiToken
from oversight import services
from oversight.api import serializers as s
from oversight.filtersets import (
    BudgetFilterSet,
    FindingFilterSet,
    HandlingReportFilterSet,
    PlanFilterSet,
    TopicFilterSet,
    VoteFilterSet,
)
from oversight.models import BudgetExecution, Finding, HandlingReport, OversightPlan, SatisfactionVote, Topic

UNIT_SCOPE = ApiToken.Scope.UNIT_REPLY


class PlanViewSet(ScopedReadOnlyViewSet):
    queryset = OversightPlan.objects.all()
    serializer_class = s.PlanSerializer
    filterset_class = PlanFilterSet


class TopicViewSet(ScopedReadOnlyViewSet):
    queryset = Topic.objects.all()
    serializer_class = s.TopicSerializer
    filterset_class = TopicFilterSet

    def optimise(self, queryset):
        return queryset.select_related("lead_committee").prefetch_related("target_units").order_by("pk")


class FindingViewSet(ActionViewSet):
    queryset = Finding.objects.all()
    serializer_class = s.FindingSerializer
    filterset_class = FindingFilterSet
    ordering = ["due_on", "id"]

    def optimise(self, queryset):
        return queryset.select_related("unit", "opinion").order_by("due_on", "id")

    # The tracker's list is served from plain rows (congress/api/rows.py): in the profile of the
    # bench's request, building a finding, its unit and its opinion per row and DRF's per-field calls
    # over them cost more than the page's query.
    list_fields = ("id", "opinion__topic_id", "unit_id", "unit__name", "problem", "required_action", "due_on",
                   "state", "closed_on")

    def list_rows(self, rows):
        day = rows_of.day
        return [{"id": row["id"], "topic": row["opinion__topic_id"], "unit": row["unit_id"],
                 "unit_name": row["unit__name"], "problem": row["problem"], "required_action": row["required_action"],
                 "due_on": day(row["due_on"]), "state": row["state"], "closed_on": day(row["closed_on"])}
                for row in rows]

    @extend_schema(request=s.ReportInputSerializer, responses=s.HandlingReportSerializer)
    @action(detail=True, methods=["post"], token_scope=UNIT_SCOPE)
    def report(self, request, pk=None):
        """回告: the unit's report on this finding (done / in progress / cannot be done)."""
        finding = self.get_object()
        self.check_token_unit(finding.unit_id)
        data = self.parse(s.ReportInputSerializer)
        report = services.report_on_finding(finding, actor=request.user, **data)
        return Response(s.HandlingReportSerializer(report).data, status=201)

    @extend_schema(request=s.ExtensionInputSerializer, responses=s.FindingSerializer)
    @action(detail=True, methods=["post"], token_scope=UNIT_SCOPE)
    def extension(self, request, pk=None):
        """Ask the office for more time on this finding."""
        finding = self.get_object()
        self.check_token_unit(finding.unit_id)
        data = self.parse(s.ExtensionInputSerializer)
        services.request_extension(finding, actor=request.user, **data)
        return Response(s.FindingSerializer(self.reread(finding)).data, status=201)


class HandlingReportViewSet(ScopedReadOnlyViewSet):
    queryset = HandlingReport.objects.all()
    serializer_class = s.HandlingReportSerializer
    filterset_class = HandlingReportFilterSet


class RatingViewSet(ScopedReadOnlyViewSet):
    queryset = SatisfactionVote.objects.all()
    serializer_class = s.VoteSerializer
    filterset_class = VoteFilterSet


class BudgetWatchViewSet(ScopedReadOnlyViewSet):
    queryset = BudgetExecution.objects.all()
    serializer_class = s.BudgetSerializer
    filterset_class = BudgetFilterSet
