from drf_spectacular.utils import extend_schema_serializer
from rest_framework import serializers

from congress.api.fields import DateField
from congress.bounds import max_text_length
from oversight.models import BudgetExecution, Finding, HandlingReport, OversightPlan, SatisfactionVote, Topic


class PlanSerializer(serializers.ModelSerializer):
    class Meta:
        model = OversightPlan
        fields = ["id", "year", "title", "status", "approval_document", "adopted_on", "published_at"]


class TopicSerializer(serializers.ModelSerializer):
    lead_committee = serializers.CharField(source="lead_committee.name")
    target_units = serializers.PrimaryKeyRelatedField(many=True, read_only=True)

    class Meta:
        model = Topic
        fields = ["id", "plan", "kind", "title", "lead_committee", "target_units", "meeting", "stage", "round",
                  "report_recorded_on", "closed_on"]


class FindingSerializer(serializers.ModelSerializer):
    """One finding; the tracker's list builds the same rows by hand (FindingViewSet.list_rows; a
    test holds the two in step)."""

    topic = serializers.IntegerField(source="opinion.topic_id")
    unit_name = serializers.CharField(source="unit.name")

    class Meta:
        model = Finding
        fields = ["id", "topic", "unit", "unit_name", "problem", "required_action", "due_on", "state", "closed_on"]


class HandlingReportSerializer(serializers.ModelSerializer):
    class Meta:
        model = HandlingReport
        fields = ["id", "finding", "outcome", "content", "plan", "expected_on", "reason", "submitted_at"]


class VoteSerializer(serializers.ModelSerializer):
    """Counts and result appear only once published (to those who do not run the plan)."""

    class Meta:
        model = SatisfactionVote
        fields = ["id", "topic", "round", "subject", "electorate_size", "turnout", "satisfied", "basic",
                  "unsatisfied", "result", "published_at"]

    def to_representation(self, instance):
        data = super().to_representation(instance)
        request = self.context.get("request")
        office = request is not None and request.user.has_perm("oversight.manage_oversight")
        if instance.published_at is None and not office:
            for key in ("electorate_size", "turnout", "satisfied", "basic", "unsatisfied", "result"):
                data[key] = None
        return data


class BudgetSerializer(serializers.ModelSerializer):
    class Meta:
        model = BudgetExecution
        fields = ["id", "year", "quarter", "unit", "project_code", "project_name", "budget_amount",
                  "planned_percent", "actual_percent", "gap", "tier"]


@extend_schema_serializer(component_name="HandlingReportInput")
class ReportInputSerializer(serializers.Serializer):
    outcome = serializers.ChoiceField(choices=HandlingReport.Outcome.choices)
    content = serializers.CharField(max_length=max_text_length())
    plan = serializers.CharField(max_length=max_text_length(), required=False, allow_blank=True, default="")
    expected_on = DateField(required=False, allow_null=True, default=None)
    reason = serializers.CharField(max_length=max_text_length(), required=False, allow_blank=True, default="")


@extend_schema_serializer(component_name="FindingExtensionInput")
class ExtensionInputSerializer(serializers.Serializer):
    due_on = DateField()
    reason = serializers.CharField(max_length=max_text_length())
