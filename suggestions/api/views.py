"""The suggestions REST API (代表建议办理) under /api/v1/.

Reads start from `visible_to(user)`, so an object outside the caller's scope is a 404. Writes are
`@action`s that parse the JSON body with a small input serializer and call exactly one service in
`suggestions.services`; the service checks the actor and the rule, and the project's exception
handler turns its ValidationError into a 400 with field messages and its PermissionDenied into a 403.

Who may call what (sessions are limited by their roles; tokens also by their scopes):

- Reading needs the token scope "read".
- A unit's actions (contact, opinion, reply, extension, reassignment — also answered at its former
  path `return/` —, responsible-person, and resolving a commitment) need the scope "unit-reply"; a
  token acts only for its own unit, so a token whose `unit` is not the assignment's unit gets a 403,
  before the service's own check that the user handles that unit.
- The office's actions (accept, undo-acceptance, reject, reference, assign, close, key-supervision,
  and deciding extension and reassignment requests) and the deputy's (submit, withdraw, evaluate) are
  taken by a signed-in person. `ApiToken.Scope` has no scope for them (read, unit-reply, stats), and
  "read" must not grant writes: a dashboard's read token issued on an office account would otherwise
  accept and assign suggestions. A token calling one of these gets a 403 that says so.
- Statistics need the scope "stats" and the permission `suggestions.view_statistic`.
"""

import functools

from django.db.models import Prefetch
from django.utils import timezone
from django.utils.translation import gettext as _
from drf_spectacular.utils import OpenApiResponse, extend_schema, extend_schema_view
from rest_framework import exceptions, status, viewsets
from rest_framework.decorators import action
from rest_framework.response import Response

from congress.api import rows as rows_of
from congress.api.views import PERSON_ONLY, ActionViewSet
from congress.db import Statement
from congress.models import ApiToken, Meeting
from suggestions import selectors, services
from suggestions.api.serializers import (
    FIELD_ERRORS_SCHEMA,
    ActionErrorSerializer,
    AssignInputSerializer,
    AssignmentSerializer,
    CommitmentSerializer,
    ContactInputSerializer,
    ContactRecordSerializer,
    DecideInputSerializer,
    DecideReassignmentInputSerializer,
    EvaluateInputSerializer,
    EvaluationSerializer,
    ExtensionInputSerializer,
    ExtensionRequestSerializer,
    KeySupervisionInputSerializer,
    NoteInputSerializer,
    OpinionInputSerializer,
    ReasonInputSerializer,
    ReassignmentRequestSerializer,
    RejectInputSerializer,
    ReplyInputSerializer,
    ReplySerializer,
    RequiredNoteInputSerializer,
    ResolveInputSerializer,
    ResponsiblePersonInputSerializer,
    ReturnInputSerializer,
    StatsQuerySerializer,
    SuggestionSerializer,
    SuggestionStatsSerializer,
)
from suggestions.filtersets import (
    AssignmentFilterSet,
    CommitmentFilterSet,
    ExtensionFilterSet,
    ReassignmentRequestFilterSet,
    ReplyFilterSet,
    SuggestionFilterSet,
)
from suggestions.models import (
    Assignment,
    Commitment,
    CoSignature,
    Extension,
    ReassignmentRequest,
    Reply,
    Suggestion,
)

READ_SCOPE = ApiToken.Scope.READ
UNIT_SCOPE = ApiToken.Scope.UNIT_REPLY
STATS_SCOPE = ApiToken.Scope.STATS


def documented(ok, code: int = 200, *, request=None, **kwargs):
    """extend_schema for an action: its body, its answer and the error answers every action may give."""
    error = ActionErrorSerializer
    return extend_schema(request=request, responses={
        code: ok,
        400: OpenApiResponse(FIELD_ERRORS_SCHEMA, description="Bad input or a refused transition, with messages."),
        401: OpenApiResponse(error, description="No or unknown credentials."),
        403: OpenApiResponse(error, description="Not allowed to do this (role, token scope or token unit)."),
        404: OpenApiResponse(error, description="No such object in the caller's scope."),
    }, **kwargs)


# --------------------------------------------------------------------------- suggestions


# The page's co-signers and units' parts, in the detail's order, for the list's plain rows: the
# same two statements for every page (congress.db.Statement).
LIVE_COSIGNERS = Statement(lambda ids: CoSignature.objects.filter(suggestion_id__any=ids).exclude(
    status=CoSignature.Status.WITHDRAWN).values("suggestion_id", "deputy__name", "status", "responded_at"))
UNIT_PARTS = Statement(lambda ids: Assignment.objects.filter(suggestion_id__any=ids).values(
    "suggestion_id", "id", "unit_id", "unit__name", "role", "status", "due_on", "due_is_provisional", "round",
    "replied_at"))


class SuggestionViewSet(ActionViewSet):
    """代表建议: the suggestions the caller may see, filtered like the staff list."""

    queryset = Suggestion.objects.all()
    serializer_class = SuggestionSerializer
    filterset_class = SuggestionFilterSet
    ordering_fields = ["submitted_at", "number", "assigned_on", "status", "id"]
    ordering = ["-submitted_at", "-id"]

    def optimise(self, queryset):
        # Page rows with category, deputy, session (and its term, for its title) and key supervision
        # joined; one query for the co-signers and one for the units' parts, whatever the page size.
        return queryset.for_list().select_related("meeting__term").prefetch_related(
            # to_attr: with a custom queryset and no to_attr, Django builds a queryset per row to hold
            # the prefetched list, which cost more than the whole page's SQL.
            Prefetch("cosignatures", queryset=CoSignature.objects.exclude(status=CoSignature.Status.WITHDRAWN)
                     .select_related("deputy"), to_attr="live_cosignatures"),
            Prefetch("assignments", queryset=Assignment.objects.select_related("unit"), to_attr="unit_parts"),
        )

    # The list's plain rows (congress/api/rows.py): the same JSON as SuggestionSerializer.
    list_fields = ("id", "number", "reviewed_at", "title", "content", "category_id", "category__name",
                   "lead_deputy__name", "meeting_id", "meeting__kind", "meeting__number", "meeting__term__number",
                   "status", "handling_mode", "assigned_on", "key_supervision__id", "submitted_at", "closed_at")

    def list_rows(self, rows):
        ids = [row["id"] for row in rows]
        cosigners = rows_of.grouped(LIVE_COSIGNERS.rows(ids), "suggestion_id")
        parts = rows_of.grouped(UNIT_PARTS.rows(ids), "suggestion_id")
        status, mode = rows_of.labels(Suggestion, "status"), rows_of.labels(Suggestion, "handling_mode")
        signing, role, part_status = (rows_of.labels(CoSignature, "status"), rows_of.labels(Assignment, "role"),
                                      rows_of.labels(Assignment, "status"))
        moment, day = rows_of.moments(), rows_of.day
        meeting_title = functools.cache(Meeting.title_of)  # a page names a few sessions, each once
        return [{
            "id": row["id"], "number": Suggestion.issued(row["number"], row["status"], row["reviewed_at"]),
            "title": row["title"], "content": row["content"],
            "category": {"id": row["category_id"], "name": row["category__name"]},
            "lead_deputy": row["lead_deputy__name"],
            "co_signers": [{"name": c["deputy__name"], "status": c["status"], "status_display": signing[c["status"]],
                            "responded_at": moment(c["responded_at"])} for c in cosigners[row["id"]]],
            "meeting": None if row["meeting_id"] is None else {
                "id": row["meeting_id"],
                "title": meeting_title(row["meeting__kind"], row["meeting__number"], row["meeting__term__number"])},
            "status": row["status"], "status_display": status[row["status"]],
            "handling_mode": row["handling_mode"], "handling_mode_display": mode[row["handling_mode"]],
            "assigned_on": day(row["assigned_on"]),
            "assignments": [{
                "id": p["id"], "unit": {"id": p["unit_id"], "name": p["unit__name"]}, "role": p["role"],
                "role_display": role[p["role"]], "status": p["status"], "status_display": part_status[p["status"]],
                "due_on": day(p["due_on"]), "due_is_provisional": p["due_is_provisional"], "round": p["round"],
                "replied_at": moment(p["replied_at"])} for p in parts[row["id"]]],
            "is_key": row["key_supervision__id"] is not None,
            "submitted_at": moment(row["submitted_at"]), "closed_at": moment(row["closed_at"]),
        } for row in rows]

    def done(self, suggestion):
        return Response(self.get_serializer(self.reread(suggestion)).data)

    @documented(SuggestionSerializer)
    @action(detail=True, methods=["post"], permission_classes=PERSON_ONLY)
    def submit(self, request, pk=None):
        """The lead deputy submits a draft once every invited co-signer has answered (rule 7)."""
        return self.done(services.submit_suggestion(self.get_object(), actor=request.user))

    @documented(SuggestionSerializer)
    @action(detail=True, methods=["post"], permission_classes=PERSON_ONLY)
    def accept(self, request, pk=None):
        """立案: the office accepts a submitted suggestion and gives it its number."""
        return self.done(services.accept_suggestion(self.get_object(), actor=request.user))

    @documented(SuggestionSerializer, request=ReasonInputSerializer)
    @action(detail=True, methods=["post"], url_path="undo-acceptance", url_name="undo-acceptance",
            permission_classes=PERSON_ONLY)
    def undo_acceptance(self, request, pk=None):
        """撤销立案: the office sends an accepted suggestion not yet assigned back to review, with the
        reason; its duty points are reversed and its number stays reserved for it (issue 8)."""
        suggestion = self.get_object()
        data = self.parse(ReasonInputSerializer)
        return self.done(services.undo_acceptance(suggestion, actor=request.user, **data))

    @documented(SuggestionSerializer, request=RejectInputSerializer)
    @action(detail=True, methods=["post"], permission_classes=PERSON_ONLY)
    def reject(self, request, pk=None):
        """不予立案: the office refuses it on one of the fixed grounds (rule 9)."""
        suggestion = self.get_object()
        data = self.parse(RejectInputSerializer)
        return self.done(services.reject_suggestion(suggestion, actor=request.user, **data))

    @documented(SuggestionSerializer, request=NoteInputSerializer)
    @action(detail=True, methods=["post"], permission_classes=PERSON_ONLY)
    def reference(self, request, pk=None):
        """参阅件: the office keeps it for reference instead of assigning it."""
        suggestion = self.get_object()
        data = self.parse(NoteInputSerializer)
        return self.done(services.mark_reference_only(suggestion, actor=request.user, **data))

    @documented(SuggestionSerializer, request=AssignInputSerializer)
    @action(detail=True, methods=["post"], permission_classes=PERSON_ONLY)
    def assign(self, request, pk=None):
        """交办: to a lead unit with any co-units, or to units that answer separately (rules 1, 6)."""
        suggestion = self.get_object()
        data = self.parse(AssignInputSerializer)
        return self.done(services.assign_suggestion(
            suggestion, actor=request.user, lead_unit=data.get("lead_unit"), co_units=data.get("co_units", []),
            separate_units=data.get("separate_units", [])))

    @documented(SuggestionSerializer, request=ReasonInputSerializer)
    @action(detail=True, methods=["post"], permission_classes=PERSON_ONLY)
    def withdraw(self, request, pk=None):
        """The lead deputy's written withdrawal ends the handling (rule 10)."""
        suggestion = self.get_object()
        data = self.parse(ReasonInputSerializer)
        return self.done(services.withdraw_suggestion(suggestion, actor=request.user, **data))

    @documented(SuggestionSerializer, request=RequiredNoteInputSerializer)
    @action(detail=True, methods=["post"], permission_classes=PERSON_ONLY)
    def close(self, request, pk=None):
        """办结 by the office, with the reason recorded; open parts are cancelled."""
        suggestion = self.get_object()
        data = self.parse(RequiredNoteInputSerializer)
        return self.done(services.close_suggestion(suggestion, actor=request.user, **data))

    @documented(SuggestionSerializer, request=KeySupervisionInputSerializer)
    @action(detail=True, methods=["post"], url_path="key-supervision", url_name="key-supervision",
            permission_classes=PERSON_ONLY)
    def key_supervision(self, request, pk=None):
        """重点督办 under a supervising leader and a committee (rule 14)."""
        suggestion = self.get_object()
        data = self.parse(KeySupervisionInputSerializer)
        services.put_under_key_supervision(suggestion, actor=request.user, **data)
        return self.done(suggestion)


# --------------------------------------------------------------------------- assignments


class AssignmentViewSet(ActionViewSet):
    """承办: units' parts of suggestions. A unit's system polls this list for its work and answers
    through the actions, with a token scoped "read" + "unit-reply" for that unit."""

    queryset = Assignment.objects.all()
    serializer_class = AssignmentSerializer
    filterset_class = AssignmentFilterSet
    ordering_fields = ["due_on", "assigned_on", "status", "id"]
    ordering = ["due_on", "id"]

    def optimise(self, queryset):
        # Page rows with suggestion, its deputy and key supervision, and the unit joined; one query
        # for the replies and one for their commitments, whatever the page size.
        return queryset.select_related("suggestion__lead_deputy", "suggestion__key_supervision", "unit") \
            .prefetch_related(Prefetch("replies", queryset=Reply.objects.order_by("round")), "replies__commitments")

    def get_unit_object(self) -> Assignment:
        assignment = self.get_object()
        self.check_token_unit(assignment.unit_id)
        return assignment

    def done(self, assignment):
        return Response(self.get_serializer(self.reread(assignment)).data)

    @documented(ContactRecordSerializer, 201, request=ContactInputSerializer)
    @action(detail=True, methods=["post"], token_scope=UNIT_SCOPE)
    def contact(self, request, pk=None):
        """面商: the unit records its contact with the deputy."""
        assignment = self.get_unit_object()
        data = self.parse(ContactInputSerializer)
        contact = services.record_contact(assignment, actor=request.user, **data)
        return Response(ContactRecordSerializer(contact).data, status=status.HTTP_201_CREATED)

    @documented(AssignmentSerializer, request=OpinionInputSerializer)
    @action(detail=True, methods=["post"], token_scope=UNIT_SCOPE)
    def opinion(self, request, pk=None):
        """A co-unit sends its written views to the lead unit (rule 6)."""
        assignment = self.get_unit_object()
        data = self.parse(OpinionInputSerializer)
        return self.done(services.send_co_unit_opinion(assignment, actor=request.user, **data))

    @documented(ReplySerializer, 201, request=ReplyInputSerializer)
    @action(detail=True, methods=["post"], token_scope=UNIT_SCOPE)
    def reply(self, request, pk=None):
        """答复: category A–D, signer, and for B or C the commitments (rules 11, 14)."""
        assignment = self.get_unit_object()
        data = self.parse(ReplyInputSerializer)
        reply = services.reply_to_assignment(assignment, actor=request.user, **data)
        return Response(ReplySerializer(reply).data, status=status.HTTP_201_CREATED)

    @documented(ExtensionRequestSerializer, 201, request=ExtensionInputSerializer)
    @action(detail=True, methods=["post"], token_scope=UNIT_SCOPE)
    def extension(self, request, pk=None):
        """延期: ask the office for a later deadline, with a reason, within the legal maximum (rule 2)."""
        assignment = self.get_unit_object()
        data = self.parse(ExtensionInputSerializer)
        extension = services.request_extension(assignment, actor=request.user, **data)
        return Response(ExtensionRequestSerializer(extension).data, status=status.HTTP_201_CREATED)

    @documented(ReassignmentRequestSerializer, 201, request=ReturnInputSerializer)
    @action(detail=True, methods=["post"], token_scope=UNIT_SCOPE)
    def reassignment(self, request, pk=None):
        """退回申请: ask the office to take the case back and reassign it, within the return window (rule 5)."""
        assignment = self.get_unit_object()
        data = self.parse(ReturnInputSerializer)
        reassignment = services.request_reassignment(assignment, actor=request.user, **data)
        return Response(ReassignmentRequestSerializer(reassignment).data, status=status.HTTP_201_CREATED)

    @documented(ReassignmentRequestSerializer, 201, request=ReturnInputSerializer, deprecated=True)
    @action(detail=True, methods=["post"], url_path="return", url_name="return", token_scope=UNIT_SCOPE)
    def return_(self, request, pk=None):
        """The former path of `reassignment/`, kept for systems written against it."""
        return self.reassignment(request, pk)

    @documented(AssignmentSerializer, request=ResponsiblePersonInputSerializer)
    @action(detail=True, methods=["post"], url_path="responsible-person", url_name="responsible-person",
            token_scope=UNIT_SCOPE)
    def responsible_person(self, request, pk=None):
        """一件一人: name the one person at the unit who answers for the case."""
        assignment = self.get_unit_object()
        data = self.parse(ResponsiblePersonInputSerializer)
        return self.done(services.set_responsible_person(assignment, actor=request.user, **data))


# --------------------------------------------------------------------------- replies, commitments, requests
# Each is visible exactly when its assignment is (their `visible_to` delegates to it). Their filters
# take plain ids (not model choices), so an id outside the caller's scope and an id that does not
# exist both give an empty list: no 400 tells one from the other.


class ReplyViewSet(ActionViewSet):
    """答复: the units' answers the caller may see, with commitments and the deputy's rating."""

    queryset = Reply.objects.all()
    serializer_class = ReplySerializer
    filterset_class = ReplyFilterSet
    ordering_fields = ["replied_at", "id"]
    ordering = ["-replied_at", "-id"]

    def optimise(self, queryset):
        return queryset.select_related("assignment__unit", "evaluation").prefetch_related("commitments")

    @documented(EvaluationSerializer, 201, request=EvaluateInputSerializer)
    @action(detail=True, methods=["post"], permission_classes=PERSON_ONLY)
    def evaluate(self, request, pk=None):
        """回执: the lead deputy rates the answer; unsatisfied with written views reopens it (rules 3, 12)."""
        reply = self.get_object()
        data = self.parse(EvaluateInputSerializer)
        evaluation = services.evaluate_reply(reply, actor=request.user, **data)
        return Response(EvaluationSerializer(evaluation).data, status=status.HTTP_201_CREATED)


class CommitmentViewSet(ActionViewSet):
    """承诺事项: what B and C replies promised, tracked until fulfilled or explained (rule 11)."""

    queryset = Commitment.objects.all()
    serializer_class = CommitmentSerializer
    filterset_class = CommitmentFilterSet
    ordering_fields = ["due_on", "id"]
    ordering = ["due_on", "id"]

    def optimise(self, queryset):
        return queryset.select_related("reply__assignment")

    @documented(CommitmentSerializer, request=ResolveInputSerializer)
    @action(detail=True, methods=["post"], token_scope=UNIT_SCOPE)
    def resolve(self, request, pk=None):
        """落实: the unit (or the office) closes a commitment as fulfilled or explains why not."""
        commitment = self.get_object()
        self.check_token_unit(commitment.reply.assignment.unit_id)
        data = self.parse(ResolveInputSerializer)
        commitment = services.resolve_commitment(commitment, actor=request.user, **data)
        return Response(self.get_serializer(self.reread(commitment)).data)


class ExtensionRequestViewSet(ActionViewSet):
    """延期申请: units' requests for a later deadline and the office's decisions (rule 2)."""

    queryset = Extension.objects.all()
    serializer_class = ExtensionRequestSerializer
    filterset_class = ExtensionFilterSet
    ordering_fields = ["requested_at", "id"]
    ordering = ["-requested_at", "-id"]

    def optimise(self, queryset):
        return queryset.select_related("assignment__unit")

    @documented(ExtensionRequestSerializer, request=DecideInputSerializer)
    @action(detail=True, methods=["post"], permission_classes=PERSON_ONLY)
    def decide(self, request, pk=None):
        """The office approves (the deputy is told) or refuses with a note."""
        extension = self.get_object()
        data = self.parse(DecideInputSerializer)
        extension = services.decide_extension(extension, actor=request.user, **data)
        return Response(self.get_serializer(self.reread(extension)).data)


class ReassignmentRequestViewSet(ActionViewSet):
    """退回申请: units' requests to return a case, and the office's decisions (rule 5)."""

    queryset = ReassignmentRequest.objects.all()
    serializer_class = ReassignmentRequestSerializer
    filterset_class = ReassignmentRequestFilterSet
    ordering_fields = ["requested_at", "id"]
    ordering = ["-requested_at", "-id"]

    def optimise(self, queryset):
        return queryset.select_related("assignment__unit", "suggested_unit")

    @documented(ReassignmentRequestSerializer, request=DecideReassignmentInputSerializer)
    @action(detail=True, methods=["post"], permission_classes=PERSON_ONLY)
    def decide(self, request, pk=None):
        """The office refuses (with a note) or approves, optionally sending the case to a new unit."""
        reassignment = self.get_object()
        data = self.parse(DecideReassignmentInputSerializer)
        services.decide_reassignment(reassignment, actor=request.user, **data)
        return Response(self.get_serializer(self.reread(reassignment)).data)


# --------------------------------------------------------------------------- statistics


@extend_schema_view(list=extend_schema(
    parameters=[StatsQuerySerializer],
    responses={200: SuggestionStatsSerializer,
               400: OpenApiResponse(FIELD_ERRORS_SCHEMA, description="A bad year, session or dimension."),
               403: OpenApiResponse(ActionErrorSerializer, description="No statistics for this caller.")},
))
class SuggestionStatsViewSet(viewsets.ViewSet):
    """Per-unit or per-category figures of one year or one session, from the statistics roll-up:
    counts, and the on-time, satisfaction (with and without 基本满意), solved and fulfilment rates.
    Office staff and leaders only; a token needs the "stats" scope."""

    token_scope = STATS_SCOPE

    def list(self, request):
        if not request.user.has_perm("suggestions.view_statistic"):
            raise exceptions.PermissionDenied(_("Only office staff and leaders can see suggestion statistics."))
        query = StatsQuerySerializer(data=request.query_params)
        query.is_valid(raise_exception=True)
        year = query.validated_data.get("year") or timezone.localdate().year
        meeting = query.validated_data.get("meeting")
        dimension = query.validated_data["dimension"]
        rows = list(selectors.statistics(year, meeting=meeting, dimension=dimension))
        return Response(SuggestionStatsSerializer({
            "year": year, "meeting": meeting.pk if meeting else None, "dimension": dimension,
            "results": rows, "totals": selectors.totals(rows),
        }).data)
