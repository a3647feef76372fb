"""The stations' REST API: `stations`, `receptions`, `resident-issues` (domain.md §5, rules 27–28).

Reads start from `visible_to(user)` (outside scope: 404). A resident's contact details are in the
rows only for office staff (`can_see_resident_contact`): deputy, unit, keeper rows use a serializer
that has no such field. Units answer their issues with `POST resident-issues/{id}/answer/` and a
token scoped "unit-reply" for their own unit; routing is the office's, taken by a signed-in person.
"""

from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from drf_spectacular.utils import extend_schema
from rest_framework import exceptions, permissions, serializers
from rest_framework.decorators import action
from rest_framework.parsers import JSONParser
from rest_framework.response import Response

from congress.api.auth import HasTokenScope
from congress.api.fields import DateField
from congress.api.views import ScopedReadOnlyViewSet
from congress.bounds import max_text_length
from congress.models import ApiToken, Station, Unit
from deputies import stations_rules as rules
from deputies import stations_services as services
from deputies.models import Reception, ResidentIssue
from deputies.stations_filtersets import ReceptionFilterSet, ResidentIssueFilterSet

UNIT_SCOPE = ApiToken.Scope.UNIT_REPLY


class StationSerializer(serializers.ModelSerializer):
    subdistrict = serializers.CharField(source="subdistrict.name", read_only=True, default=None, allow_null=True)

    class Meta:
        model = Station
        fields = ["id", "name", "code", "kind", "subdistrict", "address", "opening_hours", "is_active"]


class ReceptionSerializer(serializers.ModelSerializer):
    station = serializers.CharField(source="station.name", read_only=True)
    deputies = serializers.SerializerMethodField()

    class Meta:
        model = Reception
        fields = ["id", "station", "station_id", "starts_at", "ends_at", "topic", "status", "announced_at",
                  "residents_received", "deputies"]

    def get_deputies(self, reception) -> list[dict]:
        return [{"id": s.deputy_id, "name": s.deputy.name, "attended": s.attended} for s in reception.shifts.all()]


ISSUE_FIELDS = ["id", "channel", "station_id", "deputy_id", "reception_id", "subject", "content", "status", "route",
                "unit_id", "due_on", "route_note", "answer", "answered_at", "rating", "rated_at", "created_at"]


class ResidentIssueSerializer(serializers.ModelSerializer):
    """What deputies, units and keepers see: no contact details, not even the field."""

    station = serializers.CharField(source="station.name", read_only=True, default=None, allow_null=True)
    unit = serializers.CharField(source="unit.name", read_only=True, default=None, allow_null=True)

    class Meta:
        model = ResidentIssue
        fields = [*ISSUE_FIELDS, "station", "unit"]


class OfficeResidentIssueSerializer(ResidentIssueSerializer):
    class Meta(ResidentIssueSerializer.Meta):
        fields = [*ResidentIssueSerializer.Meta.fields, "resident_name", "resident_contact"]


class AnswerInputSerializer(serializers.Serializer):
    answer = serializers.CharField(max_length=None, trim_whitespace=True)

    def validate_answer(self, value):
        if len(value) > max_text_length():
            raise serializers.ValidationError(_("The answer is too long."))
        return value


class RouteInputSerializer(serializers.Serializer):
    route = serializers.ChoiceField(choices=[ResidentIssue.Route.ON_SPOT, ResidentIssue.Route.SUBDISTRICT,
                                             ResidentIssue.Route.UNIT, ResidentIssue.Route.REFUSED])
    unit_id = serializers.PrimaryKeyRelatedField(source="unit", queryset=Unit.objects.all(), required=False,
                                                 allow_null=True)
    due_on = DateField(required=False, allow_null=True)
    note = serializers.CharField(required=False, allow_blank=True, max_length=2000, default="")
    answer = serializers.CharField(required=False, allow_blank=True, max_length=5000, default="")


class SignedInPerson(permissions.BasePermission):
    message = gettext_lazy("This action is taken by a signed-in person, not with an API token.")

    def has_permission(self, request, view):
        return not isinstance(request.auth, ApiToken)


def check_token_unit(request, unit_id) -> None:
    """A unit-reply token answers for its own unit only."""
    token = request.auth if isinstance(request.auth, ApiToken) else None
    if token is not None and token.unit_id != unit_id:
        raise exceptions.PermissionDenied(_("This API token acts for another unit."))


def parse(serializer_class, request) -> dict:
    serializer = serializer_class(data=request.data)
    serializer.is_valid(raise_exception=True)
    return serializer.validated_data


class StationViewSet(ScopedReadOnlyViewSet):
    """家站点: the register of stations."""

    queryset = Station.objects.all()
    serializer_class = StationSerializer
    ordering_fields = ["name", "kind"]
    ordering = ["kind", "name"]

    def optimise(self, queryset):
        return queryset.select_related("subdistrict")


class ReceptionViewSet(ScopedReadOnlyViewSet):
    """接待选民: reception shifts in the caller's scope, with who was assigned and who came."""

    queryset = Reception.objects.all()
    serializer_class = ReceptionSerializer
    filterset_class = ReceptionFilterSet
    ordering_fields = ["starts_at", "id"]
    ordering = ["-starts_at", "id"]

    def optimise(self, queryset):
        return queryset.select_related("station").prefetch_related("shifts__deputy")


class ResidentIssueViewSet(ScopedReadOnlyViewSet):
    """群众意见: residents' issues in the caller's scope, with the route, the answer and the rating."""

    queryset = ResidentIssue.objects.all()
    filterset_class = ResidentIssueFilterSet
    ordering_fields = ["created_at", "due_on", "id"]
    ordering = ["-created_at", "-id"]
    parser_classes = [JSONParser]
    token_scope = ApiToken.Scope.READ

    def get_serializer_class(self):
        if rules.can_see_resident_contact(self.request.user):
            return OfficeResidentIssueSerializer
        return ResidentIssueSerializer

    def optimise(self, queryset):
        queryset = queryset.select_related("station", "unit")
        if not rules.can_see_resident_contact(self.request.user):
            queryset = queryset.defer("resident_contact", "resident_name")
        return queryset

    def _done(self, issue):
        fresh = self.get_queryset().filter(pk=issue.pk).first() or self.optimise(
            ResidentIssue.objects.filter(pk=issue.pk)).get()
        return Response(self.get_serializer(fresh).data)

    @extend_schema(request=AnswerInputSerializer)
    @action(detail=True, methods=["post"], token_scope=UNIT_SCOPE)
    def answer(self, request, pk=None):
        """The handling unit answers the resident (rule 28)."""
        issue = self.get_object()
        check_token_unit(request, issue.unit_id)
        data = parse(AnswerInputSerializer, request)
        return self._done(services.answer_issue(issue, actor=request.user, answer=data["answer"]))

    @extend_schema(request=RouteInputSerializer)
    @action(detail=True, methods=["post"], permission_classes=[SignedInPerson, HasTokenScope])
    def route(self, request, pk=None):
        """The office routes the issue: on the spot, sub-district, district unit (due date), refused."""
        issue = self.get_object()
        data = parse(RouteInputSerializer, request)
        return self._done(services.route_issue(issue, actor=request.user, **data))
