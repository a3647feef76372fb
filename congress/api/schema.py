"""Teaches drf-spectacular about our token scheme (imported by CongressConfig.ready()), and the
schema class that documents every operation's error answers (DEFAULT_SCHEMA_CLASS)."""

from drf_spectacular.extensions import OpenApiAuthenticationExtension
from drf_spectacular.openapi import AutoSchema as SpectacularAutoSchema
from drf_spectacular.utils import OpenApiResponse
from rest_framework import serializers


class TokenAuthenticationScheme(OpenApiAuthenticationExtension):
    target_class = "congress.api.auth.TokenAuthentication"
    name = "tokenAuth"

    def get_security_definition(self, auto_schema):
        return {"type": "http", "scheme": "bearer"}


class ApiErrorSerializer(serializers.Serializer):
    """The body of every refusal that is not about fields: `{"detail": "…"}`."""

    detail = serializers.CharField()


FIELD_ERRORS = {
    "type": "object",
    "description": "Field name → list of messages; `non_field_errors` or `detail` for the request as a whole.",
    "additionalProperties": {},
}


class AutoSchema(SpectacularAutoSchema):
    """drf-spectacular's schema, plus the error answers any call may get, where the view has not
    documented them itself (issue 6, item 18): 401 and 403 (credentials, scope), 429 (too many bad
    tokens), 400 for a list's filters, 404 for a list's page number or an object outside the
    caller's scope, 413 for an oversized body."""

    def _get_response_bodies(self, direction="response"):
        responses = super()._get_response_bodies(direction)
        if direction != "response":
            return responses
        errors = {
            "401": (ApiErrorSerializer, "No or unknown credentials."),
            "403": (ApiErrorSerializer, "Not allowed: role or token scope."),
            "429": (ApiErrorSerializer, "Too many unknown API tokens from this address; see Retry-After."),
        }
        if self.method == "GET" and self._is_list_view():
            errors["400"] = (FIELD_ERRORS, "A filter or ordering value that is not valid.")
            errors["404"] = (ApiErrorSerializer, "No such page.")
        if "{" in self.path:
            errors["404"] = (ApiErrorSerializer, "No such object in the caller's scope.")
        if self.method in ("POST", "PUT", "PATCH"):
            errors["400"] = (FIELD_ERRORS, "Bad input, with messages.")
            errors["413"] = (ApiErrorSerializer, "The request body is too large.")
            # A body may name an object (a project to report on) that is outside the caller's scope:
            # that is a 404, as for a URL's id, so that its existence does not leak.
            errors.setdefault("404", (ApiErrorSerializer, "The object the request names is not in the caller's scope."))
        for code, (body, description) in errors.items():
            if code not in responses:
                responses[code] = self._get_response_for_code(OpenApiResponse(body, description=description), code)
        return responses
