"""Output serializers for the suggestions API, and the small input serializers of its actions.

Output: plain nested read serializers over querysets that the views load with select_related and
prefetch_related, so a list costs the same few queries for 1 row and for 200. No phone number is
serialized anywhere: deputies appear by name, units by id and name, and an assignment's
responsible person by name only.

Input: one serializer per action; it only checks the shape of the body (types, choices, ids that
exist, lengths: a name or signature to its column's max_length, free text to CONGRESS_MAX_TEXT_LENGTH,
a planned date to SUGGESTIONS_DATE_HORIZON_YEARS ahead; see congress/bounds.py). The rules (who may
act, in which state, which deadlines) are the services' (style.md B3).
"""

from django.contrib.auth import get_user_model
from django.utils import timezone
from django.utils.translation import gettext as _
from drf_spectacular.utils import extend_schema_serializer
from rest_framework import serializers

from congress.api.fields import ChoiceLabelField, DateField, IntegerField
from congress.bounds import FIRST_YEAR, LAST_YEAR, max_text_length
from congress.models import Committee, Meeting, Unit
from suggestions.models import (
    Assignment,
    Category,
    Commitment,
    ContactRecord,
    CoSignature,
    Evaluation,
    Extension,
    ReassignmentRequest,
    Reply,
    Statistic,
    Suggestion,
)

# --------------------------------------------------------------------------- small pieces


class ActionErrorSerializer(serializers.Serializer):
    """The body of 401, 403 and 404 answers."""

    detail = serializers.CharField()


# 400 answers: {"field": ["message", …]}, with `non_field_errors` for a message about the whole request.
FIELD_ERRORS_SCHEMA = {
    "type": "object",
    "description": "Field name → list of messages; `non_field_errors` holds messages about the whole request. "
                   "For a list of objects (a reply's `commitments`) the value maps each bad item's index to its "
                   "own field messages.",
    "additionalProperties": {},
    "example": {"lead_unit": ["Choose the lead unit."]},
}


class UnitRefSerializer(serializers.ModelSerializer):
    class Meta:
        model = Unit
        fields = ["id", "name"]


class CategoryRefSerializer(serializers.ModelSerializer):
    class Meta:
        model = Category
        fields = ["id", "name"]


class MeetingRefSerializer(serializers.ModelSerializer):
    title = serializers.CharField(source="__str__", read_only=True)

    class Meta:
        model = Meeting
        fields = ["id", "title"]


# --------------------------------------------------------------------------- suggestions


class CoSignerSerializer(serializers.ModelSerializer):
    name = serializers.CharField(source="deputy.name", read_only=True)
    status_display = ChoiceLabelField("status")

    class Meta:
        model = CoSignature
        fields = ["name", "status", "status_display", "responded_at"]


class SuggestionAssignmentSerializer(serializers.ModelSerializer):
    """One unit's part, as shown inside a suggestion."""

    unit = UnitRefSerializer(read_only=True)
    role_display = ChoiceLabelField("role")
    status_display = ChoiceLabelField("status")

    class Meta:
        model = Assignment
        fields = ["id", "unit", "role", "role_display", "status", "status_display", "due_on", "due_is_provisional",
                  "round", "replied_at"]


class SuggestionSerializer(serializers.ModelSerializer):
    # The case number; empty while an undone acceptance's number is only reserved (issue 8).
    number = serializers.CharField(source="issued_number", read_only=True)
    category = CategoryRefSerializer(read_only=True)
    lead_deputy = serializers.CharField(source="lead_deputy.name", read_only=True)
    # Lists prefetched by the viewset (SuggestionViewSet.optimise) under these names.
    co_signers = CoSignerSerializer(source="live_cosignatures", many=True, read_only=True)
    meeting = MeetingRefSerializer(read_only=True, allow_null=True)
    status_display = ChoiceLabelField("status")
    handling_mode_display = ChoiceLabelField("handling_mode")
    assignments = SuggestionAssignmentSerializer(source="unit_parts", many=True, read_only=True)
    is_key = serializers.BooleanField(read_only=True)

    class Meta:
        model = Suggestion
        fields = ["id", "number", "title", "content", "category", "lead_deputy", "co_signers", "meeting", "status",
                  "status_display", "handling_mode", "handling_mode_display", "assigned_on", "assignments", "is_key",
                  "submitted_at", "closed_at"]


# --------------------------------------------------------------------------- replies and what hangs on them


class CommitmentSerializer(serializers.ModelSerializer):
    assignment = serializers.IntegerField(source="reply.assignment_id", read_only=True)
    status_display = ChoiceLabelField("status")

    class Meta:
        model = Commitment
        fields = ["id", "reply", "assignment", "description", "due_on", "status", "status_display", "resolved_at",
                  "resolution"]


class EvaluationSerializer(serializers.ModelSerializer):
    satisfaction_display = ChoiceLabelField("satisfaction")

    class Meta:
        model = Evaluation
        fields = ["id", "reply", "satisfaction", "satisfaction_display", "attitude", "approach", "effect", "comment",
                  "evaluated_at", "is_late"]


class ReplyBriefSerializer(serializers.ModelSerializer):
    """A reply inside an assignment: enough for a unit's system to follow its commitments."""

    commitments = CommitmentSerializer(many=True, read_only=True)

    class Meta:
        model = Reply
        fields = ["id", "round", "category", "signed_by", "replied_at", "evaluation_due_on", "commitments"]


class AssignmentSuggestionSerializer(serializers.ModelSerializer):
    lead_deputy = serializers.CharField(source="lead_deputy.name", read_only=True)
    is_key = serializers.BooleanField(read_only=True)

    class Meta:
        model = Suggestion
        fields = ["id", "number", "title", "lead_deputy", "status", "is_key"]


class AssignmentSerializer(serializers.ModelSerializer):
    """A unit's part of a suggestion: what an outside unit system polls. The responsible person's
    phone is stored for the office but never leaves through the API."""

    suggestion = AssignmentSuggestionSerializer(read_only=True)
    unit = UnitRefSerializer(read_only=True)
    role_display = ChoiceLabelField("role")
    status_display = ChoiceLabelField("status")
    is_overdue = serializers.SerializerMethodField()
    replies = ReplyBriefSerializer(many=True, read_only=True)

    class Meta:
        model = Assignment
        fields = ["id", "suggestion", "unit", "role", "role_display", "status", "status_display", "assigned_on",
                  "due_on", "due_is_provisional", "original_due_on", "round", "is_overdue",
                  "responsible_person", "opinion", "opinion_at",
                  "replied_at", "reply_category", "satisfaction", "rating_due_on", "replies"]

    def get_is_overdue(self, assignment) -> bool:
        """`Assignment.is_overdue`: the `overdue` filter's and the staff home's test."""
        return assignment.is_overdue(self.context.get("today") or timezone.localdate())


class ReplySerializer(serializers.ModelSerializer):
    suggestion = serializers.IntegerField(source="assignment.suggestion_id", read_only=True)
    unit = UnitRefSerializer(source="assignment.unit", read_only=True)
    category_display = ChoiceLabelField("category")
    commitments = CommitmentSerializer(many=True, read_only=True)
    evaluation = EvaluationSerializer(read_only=True, allow_null=True)  # select_related; null until rated

    class Meta:
        model = Reply
        fields = ["id", "assignment", "suggestion", "unit", "round", "category", "category_display", "body",
                  "co_unit_opinions", "signed_by", "signed_by_head", "replied_at", "evaluation_due_on", "commitments",
                  "evaluation"]


class ContactRecordSerializer(serializers.ModelSerializer):
    method_display = ChoiceLabelField("method")

    class Meta:
        model = ContactRecord
        fields = ["id", "assignment", "contacted_on", "method", "method_display", "summary", "recorded_at"]


class ExtensionRequestSerializer(serializers.ModelSerializer):
    suggestion = serializers.IntegerField(source="assignment.suggestion_id", read_only=True)
    unit = UnitRefSerializer(source="assignment.unit", read_only=True)
    decision_display = ChoiceLabelField("decision")

    class Meta:
        model = Extension
        fields = ["id", "assignment", "suggestion", "unit", "reason", "previous_due_on", "requested_due_on",
                  "requested_at", "decision", "decision_display", "decided_at", "decision_note"]


class ReassignmentRequestSerializer(serializers.ModelSerializer):
    suggestion = serializers.IntegerField(source="assignment.suggestion_id", read_only=True)
    unit = UnitRefSerializer(source="assignment.unit", read_only=True)
    suggested_unit = UnitRefSerializer(read_only=True, allow_null=True)
    decision_display = ChoiceLabelField("decision")

    class Meta:
        model = ReassignmentRequest
        fields = ["id", "assignment", "suggestion", "unit", "reason", "suggested_unit", "requested_at", "decision",
                  "decision_display", "decided_at", "decision_note"]


# --------------------------------------------------------------------------- statistics

RATES = ["on_time_rate", "satisfaction_rate", "strict_satisfaction_rate", "solved_rate", "fulfilment_rate"]
COUNTS = ["assigned", "replied", "replied_on_time", "overdue", "category_a", "category_b", "category_c", "category_d",
          "evaluated", "satisfied", "basically_satisfied", "unsatisfied", "rating_missing", "rehandled", "commitments",
          "commitments_fulfilled"]


class StatisticFiguresSerializer(serializers.ModelSerializer):
    """Counts and rates (0–1, null when there is nothing to divide by) of one summary row or of the total."""

    on_time_rate = serializers.FloatField(read_only=True, allow_null=True)
    satisfaction_rate = serializers.FloatField(read_only=True, allow_null=True,
                                               help_text="满意率 counting 基本满意 (domain.md rule 12).")
    strict_satisfaction_rate = serializers.FloatField(read_only=True, allow_null=True,
                                                      help_text="满意率 counting 满意 only.")
    solved_rate = serializers.FloatField(read_only=True, allow_null=True)
    fulfilment_rate = serializers.FloatField(read_only=True, allow_null=True)

    class Meta:
        model = Statistic
        fields = COUNTS + RATES


class SuggestionStatisticSerializer(StatisticFiguresSerializer):
    unit = UnitRefSerializer(read_only=True, allow_null=True)
    category = CategoryRefSerializer(read_only=True, allow_null=True)

    class Meta(StatisticFiguresSerializer.Meta):
        fields = ["unit", "category", *StatisticFiguresSerializer.Meta.fields, "computed_at"]


@extend_schema_serializer(many=False)  # one document, although it answers the `list` route
class SuggestionStatsSerializer(serializers.Serializer):
    year = serializers.IntegerField()
    meeting = serializers.IntegerField(allow_null=True)
    dimension = serializers.CharField()
    results = SuggestionStatisticSerializer(many=True)
    totals = StatisticFiguresSerializer()


class StatsQuerySerializer(serializers.Serializer):
    year = IntegerField(min_value=FIRST_YEAR, max_value=LAST_YEAR, required=False,
                                    help_text="Defaults to the current year.")
    meeting = serializers.PrimaryKeyRelatedField(queryset=Meeting.objects.all(), required=False, allow_null=True,
                                                 help_text="One congress session; empty for the whole year.")
    dimension = serializers.ChoiceField(choices=Statistic.Dimension.choices, default=Statistic.Dimension.UNIT)


# --------------------------------------------------------------------------- action inputs
# Text fields allow blanks so that the service, which owns the rule, gives its own message.
# Units may post several reply commitments or co-units at once, but not thousands.
MAX_ITEMS = 20


def _text(max_length=None, **kwargs):
    """Free text up to CONGRESS_MAX_TEXT_LENGTH, or a short text up to its column's max_length."""
    return serializers.CharField(allow_blank=True, trim_whitespace=False,
                                 max_length=max_length or max_text_length(), **kwargs)


def _plan_date(**kwargs):
    """A date the unit or office plans for: refused beyond the horizon (9999-12-31 is a typo)."""
    return DateField(**kwargs)


class RejectInputSerializer(serializers.Serializer):
    reason = serializers.ChoiceField(choices=Suggestion.RejectReason.choices)
    note = _text(required=False, default="")


class NoteInputSerializer(serializers.Serializer):
    note = _text(required=False, default="")


class RequiredNoteInputSerializer(serializers.Serializer):
    note = _text()


class ReasonInputSerializer(serializers.Serializer):
    reason = _text()


class AssignInputSerializer(serializers.Serializer):
    """Either a lead unit with any co-units, or units that each answer separately."""

    lead_unit = serializers.PrimaryKeyRelatedField(queryset=Unit.objects.all(), required=False, allow_null=True)
    co_units = serializers.PrimaryKeyRelatedField(queryset=Unit.objects.all(), many=True, required=False)
    separate_units = serializers.PrimaryKeyRelatedField(queryset=Unit.objects.all(), many=True, required=False)

    def to_internal_value(self, data):
        # Checked before each id is looked up: a list of thousands would cost a query apiece.
        for name in ("co_units", "separate_units"):
            value = data.get(name) if hasattr(data, "get") else None
            if isinstance(value, list) and len(value) > MAX_ITEMS:
                raise serializers.ValidationError(
                    {name: [_("Choose at most %(count)d units.") % {"count": MAX_ITEMS}]})
        return super().to_internal_value(data)


class KeySupervisionInputSerializer(serializers.Serializer):
    leader = serializers.PrimaryKeyRelatedField(queryset=get_user_model().objects.all(),
                                                help_text="The supervising leader (a user id).")
    committee = serializers.PrimaryKeyRelatedField(queryset=Committee.objects.all())
    note = _text(required=False, default="")


class ContactInputSerializer(serializers.Serializer):
    contacted_on = _plan_date()
    method = serializers.ChoiceField(choices=ContactRecord.Method.choices)
    summary = _text()


class OpinionInputSerializer(serializers.Serializer):
    opinion = _text()


class CommitmentInputSerializer(serializers.Serializer):
    description = _text()
    due_on = _plan_date()


class ReplyInputSerializer(serializers.Serializer):
    category = serializers.ChoiceField(choices=Reply.Category.choices)
    body = _text()
    signed_by = _text(max_length=Reply._meta.get_field("signed_by").max_length)
    signed_by_head = serializers.BooleanField(default=False)
    commitments = CommitmentInputSerializer(many=True, required=False, default=list, max_length=MAX_ITEMS,
                                            help_text="Required for a B or C reply: what is promised, by when.")

    def validate_commitments(self, value):
        return [(item["description"], item["due_on"]) for item in value]


class ExtensionInputSerializer(serializers.Serializer):
    due_on = _plan_date(help_text="The requested new deadline.")
    reason = _text()


class ReturnInputSerializer(serializers.Serializer):
    reason = _text()
    suggested_unit = serializers.PrimaryKeyRelatedField(queryset=Unit.objects.all(), required=False, allow_null=True)


class ResponsiblePersonInputSerializer(serializers.Serializer):
    name = _text(max_length=Assignment._meta.get_field("responsible_person").max_length)
    phone = serializers.CharField(required=False, allow_blank=True, default="", write_only=True,
                                  max_length=Assignment._meta.get_field("responsible_phone").max_length,
                                  help_text="Kept for the office; never shown by the API.")


class EvaluateInputSerializer(serializers.Serializer):
    satisfaction = serializers.ChoiceField(choices=Evaluation.Satisfaction.choices)
    attitude = serializers.ChoiceField(choices=Evaluation.Aspect.choices)
    approach = serializers.ChoiceField(choices=Evaluation.Aspect.choices)
    effect = serializers.ChoiceField(choices=Evaluation.Aspect.choices)
    comment = _text(required=False, default="")


class ResolveInputSerializer(serializers.Serializer):
    fulfilled = serializers.BooleanField()
    resolution = _text()


class DecideInputSerializer(serializers.Serializer):
    approve = serializers.BooleanField()
    note = _text(required=False, default="")


class DecideReassignmentInputSerializer(DecideInputSerializer):
    new_unit = serializers.PrimaryKeyRelatedField(queryset=Unit.objects.all(), required=False, allow_null=True,
                                                  help_text="When approving: the unit that takes the case over.")
