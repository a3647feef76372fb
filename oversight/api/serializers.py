import re

from django.utils.translation import gettext_lazy as _
from drf_spectacular.utils import extend_schema_serializer
from rest_framework import serializers

from congress.bounds import max_text_length, validate_within_horizon
from oversight.models import BudgetExecution, Finding, HandlingReport, OversightPlan, SatisfactionVote, Topic

ISO_DATE = re.compile(r"[0-9]{4}-[0-9]{2}-[0-9]{2}")


class AsciiDateField(serializers.DateField):
    """An ISO date in ASCII digits: strptime also reads "٢٠٢٦-01-01", which no client means to send."""

    def to_internal_value(self, value):
        if isinstance(value, str) and not ISO_DATE.fullmatch(value):
            raise serializers.ValidationError(_("Write the date as YYYY-MM-DD."), code="invalid")
        return super().to_internal_value(value)


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
    expected_on = AsciiDateField(required=False, allow_null=True, default=None,
                                        validators=[validate_within_horizon])
    reason = serializers.CharField(max_length=max_text_length(), required=False, allow_blank=True, default="")


@extend_schema_serializer(component_name="FindingExtensionInput")
class ExtensionInputSerializer(serializers.Serializer):
    due_on = AsciiDateField(validators=[validate_within_horizon])
    reason = serializers.CharField(max_length=max_text_length())
