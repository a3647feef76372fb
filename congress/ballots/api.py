"""The ballots REST API: /api/v1/ballots/ (read-only; results only after publication) and
POST /api/v1/ballots/{id}/cast/ (the voter's own signed-in session only, never a token: 403)."""

from django.utils.translation import gettext as _
from drf_spectacular.utils import extend_schema
from rest_framework import exceptions, serializers, status
from rest_framework.decorators import action
from rest_framework.response import Response

from congress import bounds
from congress.api.views import ScopedReadOnlyViewSet
from congress.ballots import services
from congress.ballots.models import Ballot, BallotOption
from congress.ballots.views import ballot_pk
from congress.models import ApiToken

MAX_OPTIONS = 200


class OptionSerializer(serializers.ModelSerializer):
    class Meta:
        model = BallotOption
        fields = ["id", "position", "label", "description"]


class BallotSerializer(serializers.ModelSerializer):
    options = OptionSerializer(many=True, read_only=True)
    result = serializers.SerializerMethodField()
    digest = serializers.SerializerMethodField()

    class Meta:
        model = Ballot
        fields = ["id", "title", "kind", "mode", "status", "seats", "max_yes", "majority_base", "quorum",
                  "electorate_size", "receipts_with_marks", "runoff_of", "opened_at", "closed_at",
                  "published_at", "options", "result", "digest"]

    def get_result(self, ballot) -> dict | None:
        return ballot.public_result()  # None until published, whoever asks

    def get_digest(self, ballot) -> str | None:
        return ballot.digest if ballot.is_published else None




class CastInputSerializer(serializers.Serializer):
    marks = serializers.DictField(child=serializers.CharField(max_length=32), allow_empty=False)

    def validate_marks(self, marks):
        if len(marks) > MAX_OPTIONS:
            raise serializers.ValidationError(_("Too many options."))
        if any(bounds.parse_id(k) is None for k in marks):  # an option's id, in ASCII digits
            raise serializers.ValidationError(_("Unknown option."))
        return marks


class CastResultSerializer(serializers.Serializer):
    receipt = serializers.CharField()


class BallotViewSet(ScopedReadOnlyViewSet):
    queryset = Ballot.objects.all()
    serializer_class = BallotSerializer
    ordering_fields = ["created_at", "published_at"]
    filterset_fields = ["status", "kind"]

    def optimise(self, queryset):
        return queryset.prefetch_related("options")

    @extend_schema(request=CastInputSerializer, responses={201: CastResultSerializer})
    @action(detail=True, methods=["post"])
    def cast(self, request, pk=None):
        """Cast the signed-in voter's paper. A token is refused (403): a paper is cast only by the
        voter in person. A second paper (also from a race) is 409."""
        if isinstance(request.auth, ApiToken):
            raise exceptions.PermissionDenied(
                _("A paper is cast only by the voter's own signed-in session, never a token."))
        ballot_id = ballot_pk(pk)  # not get_object(): the service reads the ballot and the electorate in one query
        # The marks go to the service as sent: it refuses an outsider (403) before it looks at them,
        # and refuses anything that is not a paper of this ballot with a 400 (tally.check_paper).
        marks = request.data.get("marks") if isinstance(request.data, dict) else None
        try:
            receipt = services.cast(ballot_id, request.user, marks)
        except Ballot.DoesNotExist:
            raise exceptions.NotFound() from None
        except services.AlreadyVoted as refused:
            return Response({"detail": refused.messages[0], "code": "already_voted"}, status=status.HTTP_409_CONFLICT)
        response = Response({"receipt": receipt}, status=status.HTTP_201_CREATED)
        response["Cache-Control"] = "no-store"
        return response
