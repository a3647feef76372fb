"""REST API of the livelihood loop under /api/v1/livelihood/.

Reads need the token scope "read" and start from `visible_to(user)`. A unit posts progress with a
"unit-reply" token of its own unit. Casting a paper is a deputy's own signed-in session only,
never a token (a token is a system's key, and a paper must come from the voter).
"""

from django.shortcuts import get_object_or_404
from rest_framework import mixins, status, viewsets
from rest_framework.decorators import action
from rest_framework.response import Response

from congress.api.auth import HasTokenScope
from congress.api.views import PERSON_ONLY, ActionViewSet, ScopedReadOnlyViewSet
from congress.ballots import services as ballots
from congress.ballots.models import Ballot
from congress.bounds import parse_id
from congress.models import ApiToken
from livelihood import services
from livelihood.api import serializers as s
from livelihood.filtersets import ProgressReportFilterSet, ProjectFilterSet, ProposalFilterSet
from livelihood.models import Cycle, Milestone, ProgressReport, Project, Proposal, SurveySummary


class CycleViewSet(ScopedReadOnlyViewSet):
    queryset = Cycle.objects.all()
    serializer_class = s.CycleSerializer


class ProposalViewSet(ScopedReadOnlyViewSet):
    queryset = Proposal.objects.all()
    serializer_class = s.ProposalSerializer
    filterset_class = ProposalFilterSet


class ProjectViewSet(ScopedReadOnlyViewSet):
    queryset = Project.objects.all()
    serializer_class = s.ProjectSerializer
    filterset_class = ProjectFilterSet

    def optimise(self, queryset):
        return queryset.select_related("lead_unit")


class ProgressReportViewSet(ActionViewSet, mixins.CreateModelMixin):
    """Progress reports; POST is the responsible unit's report (token scope "unit-reply")."""

    queryset = ProgressReport.objects.all()
    serializer_class = s.ProgressReportSerializer
    filterset_class = ProgressReportFilterSet

    def get_permissions(self):
        if self.action == "create":
            self.token_scope = ApiToken.Scope.UNIT_REPLY
        return super().get_permissions()

    def create(self, request, *args, **kwargs):
        values = self.parse(s.ProgressInputSerializer)
        project = get_object_or_404(Project.objects.visible_to(request.user), pk=values["project"])
        self.check_token_unit(project.lead_unit_id)
        milestone = None
        if values.get("milestone"):
            milestone = get_object_or_404(Milestone.objects.filter(project=project), pk=values["milestone"])
        report = services.post_progress(project, actor=request.user, percent=values["percent"], text=values["text"],
                                        milestone=milestone)
        return Response(s.ProgressReportSerializer(report).data, status=status.HTTP_201_CREATED)


class BallotViewSet(viewsets.ReadOnlyModelViewSet):
    """The cycles' ballots; results only after publication. `cast` is for a deputy's own session."""

    serializer_class = s.BallotSerializer
    queryset = Ballot.objects.none()

    def get_queryset(self):
        return (Ballot.objects.visible_to(self.request.user)
                .filter(content_type__app_label="livelihood", content_type__model="cycle")
                .prefetch_related("options").order_by("-pk"))

    @action(detail=True, methods=["post"], permission_classes=PERSON_ONLY)
    def cast(self, request, pk=None):
        ballot = self.get_object()
        data = s.CastInputSerializer(data=request.data)
        data.is_valid(raise_exception=True)
        try:
            receipt = ballots.cast(ballot.pk, request.user, data.validated_data["marks"])
        except ballots.AlreadyVoted as refused:
            return Response({"detail": refused.messages[0], "code": "already_voted"}, status=status.HTTP_409_CONFLICT)
        return Response({"receipt": receipt}, status=status.HTTP_201_CREATED)


class SurveyViewSet(viewsets.ReadOnlyModelViewSet):
    """Survey aggregates only (the summary rows), never single responses."""

    serializer_class = s.SurveySummarySerializer
    queryset = SurveySummary.objects.all()
    permission_classes = [HasTokenScope]

    def get_queryset(self):
        queryset = SurveySummary.objects.visible_to(self.request.user).order_by("cycle", "level", "id")
        cycle = parse_id(self.request.query_params.get("cycle"))
        return queryset if cycle is None else queryset.filter(cycle_id=cycle)
