"""The API's base viewsets: scoped reads (`visible_to`) and transition actions that parse a small
input serializer and call one service. The project's exception handler (congress/api/errors.py)
turns the service's ValidationError into a 400 with its field messages and codes unchanged, and
its PermissionDenied into a 403."""

from django.db import connection
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from rest_framework import exceptions, permissions, viewsets
from rest_framework.response import Response

from congress.api import rows as rows_of
from congress.api.auth import HasTokenScope
from congress.api.parsers import JSONParser
from congress.api.serializers import MeetingSerializer, UnitSerializer
from congress.db import prepared_reads
from congress.filtersets import MeetingFilterSet, UnitFilterSet
from congress.models import ApiToken, Meeting, Unit


class SignedInPerson(permissions.BasePermission):
    """Actions taken by a person signed in to the web interface, never with an API token:
    `ApiToken.Scope` grants reads, a unit's replies and statistics, and "read" must not grant
    writes (a dashboard's read token on an office account would otherwise accept suggestions)."""

    message = gettext_lazy("This action is taken by a signed-in person, not with an API token.")

    def has_permission(self, request, view):
        return not isinstance(request.auth, ApiToken)


PERSON_ONLY = [SignedInPerson, HasTokenScope]


class ScopedReadOnlyViewSet(viewsets.ReadOnlyModelViewSet):
    """Every list and detail starts from `Model.objects.visible_to(user)` (style.md B1, rule 3).

    A list that names `list_fields` is served from `.values(*list_fields)` with each page's rows
    built by `list_rows(rows)` (congress/api/rows.py says why); filters, ordering and pagination
    are the same as for any list."""

    list_fields: tuple[str, ...] = ()

    def get_queryset(self):
        return self.optimise(self.scoped())

    def scoped(self):
        return self.queryset.model.objects.visible_to(self.request.user)

    def optimise(self, queryset):
        """What a resource joins or prefetches for its serializer; nothing by default."""
        return queryset

    def list(self, request, *args, **kwargs):
        if not self.list_fields:
            return super().list(request, *args, **kwargs)
        # values() makes its own joins and needs none of the serializer's joins and prefetches, so
        # the list starts from the scope alone. The same statements run on every request for the
        # page: PostgreSQL may keep their plans.
        with prepared_reads(connection):
            found = self.filter_queryset(self.scoped())
            rows = found.values(*self.list_fields)
            page = self.paginate_queryset(rows_of.CountedApart(found, rows))
            if page is None:
                return Response(self.list_rows(list(rows)))
            return self.get_paginated_response(self.list_rows(page))

    def list_rows(self, rows: "list[dict]") -> "list[dict]":
        raise NotImplementedError


class ActionViewSet(ScopedReadOnlyViewSet):
    """Scoped read-only resources with transition actions; `token_scope` is "read" unless an
    action says otherwise (`@action(..., token_scope="unit-reply")`)."""

    token_scope = ApiToken.Scope.READ
    # Actions take JSON bodies (a reply's commitments are a list of objects), through the project's
    # parser, which bounds the body's size and nesting depth before decoding it.
    parser_classes = [JSONParser]

    def get_serializer_context(self):
        return {**super().get_serializer_context(), "today": timezone.localdate()}

    def parse(self, serializer_class) -> dict:
        """The action's body, shape-checked by its input serializer (400 with field messages)."""
        serializer = serializer_class(data=self.request.data)
        serializer.is_valid(raise_exception=True)
        return serializer.validated_data

    def check_token_unit(self, unit_id: int) -> None:
        """A token with a unit acts for that unit only, whatever its user may see: 403 otherwise."""
        token = self.request.auth if isinstance(self.request.auth, ApiToken) else None
        if token is not None and token.unit_id != unit_id:
            raise exceptions.PermissionDenied(
                _("This API token acts for %(unit)s only; this assignment belongs to another unit.")
                % {"unit": token.unit.name if token.unit_id else _("no unit")})

    def reread(self, obj):
        """The object after a service changed it, loaded with the list's relations."""
        # The actor has just acted on it, so it is theirs to see even if it has now left their scope.
        return (self.get_queryset().filter(pk=obj.pk).first()
                or self.optimise(type(obj).objects.filter(pk=obj.pk)).get())


class UnitViewSet(ScopedReadOnlyViewSet):
    queryset = Unit.objects.all()
    serializer_class = UnitSerializer
    filterset_class = UnitFilterSet
    ordering_fields = ["name", "kind"]


class MeetingViewSet(ScopedReadOnlyViewSet):
    queryset = Meeting.objects.all()
    serializer_class = MeetingSerializer
    filterset_class = MeetingFilterSet
    ordering_fields = ["starts_on", "number"]

    def optimise(self, queryset):
        return queryset.select_related("term")
