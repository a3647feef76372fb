"""API representations. A resident's contact details appear only for the office."""

from drf_spectacular.utils import extend_schema_field, extend_schema_serializer
from rest_framework import serializers

from congress.api.fields import IntegerField
from congress.ballots.models import Ballot
from livelihood.models import Cycle, ProgressReport, Project, Proposal, SurveySummary, is_office


class CycleSerializer(serializers.ModelSerializer):
    class Meta:
        model = Cycle
        fields = ["id", "year", "title", "stage", "seats", "proposals_close_on", "session_on",
                  "candidates_approved_at", "candidates_published_at", "result_published_at",
                  "survey_opens_on", "survey_closes_on"]


class ProposalSerializer(serializers.ModelSerializer):
    class Meta:
        model = Proposal
        fields = ["id", "cycle", "source", "title", "description", "place", "category", "status", "merged_into",
                  "screen_out_reason", "feasibility", "estimated_cost", "responsible_unit", "project", "created_at",
                  "contact_name", "contact_phone"]

    def to_representation(self, instance):
        data = super().to_representation(instance)
        request = self.context.get("request")
        if request is None or not is_office(request.user):
            data.pop("contact_name", None)
            data.pop("contact_phone", None)
        return data


class ProjectSerializer(serializers.ModelSerializer):
    lead_unit_name = serializers.CharField(source="lead_unit.name", read_only=True)

    class Meta:
        model = Project
        fields = ["id", "cycle", "name", "description", "budget", "lead_unit", "lead_unit_name", "completion_on",
                  "status", "position", "yes_votes", "rank", "deputy_rating", "completed_at"]


class ProgressReportSerializer(serializers.ModelSerializer):
    class Meta:
        model = ProgressReport
        fields = ["id", "project", "milestone", "percent", "text", "reported_at"]
        read_only_fields = ["reported_at"]


class ProgressInputSerializer(serializers.Serializer):
    project = IntegerField(min_value=1, max_value=2**63 - 1)
    milestone = IntegerField(min_value=1, max_value=2**63 - 1, required=False, allow_null=True)
    percent = IntegerField(min_value=0, max_value=100)
    text = serializers.CharField(max_length=4000)


@extend_schema_serializer(component_name="LivelihoodBallot")
class BallotSerializer(serializers.ModelSerializer):
    """A ballot of a cycle; `result` is null until it is published, on every surface."""

    result = serializers.SerializerMethodField()
    options = serializers.SerializerMethodField()

    class Meta:
        model = Ballot
        fields = ["id", "title", "kind", "status", "seats", "max_yes", "majority_base", "electorate_size", "quorum",
                  "published_at", "options", "result"]

    @extend_schema_field({"type": "object", "nullable": True, "description": "null until the ballot is published"})
    def get_result(self, ballot):
        return ballot.public_result()

    @extend_schema_field({"type": "array", "items": {"type": "object", "properties": {
        "key": {"type": "string"}, "label": {"type": "string"}, "project": {"type": "integer", "nullable": True}}}})
    def get_options(self, ballot):
        return [{"key": o.key, "label": o.label, "project": o.object_id} for o in ballot.options.all()]


class CastInputSerializer(serializers.Serializer):
    marks = serializers.DictField(child=serializers.CharField(max_length=24), allow_empty=False)

    def validate_marks(self, value):
        if len(value) > 200:
            raise serializers.ValidationError("Too many options.")
        return value


class SurveySummarySerializer(serializers.ModelSerializer):
    rate_with_basically = serializers.FloatField(read_only=True)
    rate_satisfied_only = serializers.FloatField(read_only=True)

    class Meta:
        model = SurveySummary
        fields = ["cycle", "level", "project", "unit", "satisfied", "basically", "unsatisfied", "total",
                  "rate_with_basically", "rate_satisfied_only", "computed_at"]
