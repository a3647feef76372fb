"""The API's JSON parser: bounded in size and in nesting depth (issue 6, item 14).

`json.loads` of a few thousand nested brackets raises RecursionError, a 500: this parser counts
the nesting first and answers 400. Size: DRF 3.16 hands JSON parsers `request.body`, so Django's
DATA_UPLOAD_MAX_MEMORY_SIZE already applies (RequestDataTooBig, which congress.api.errors turns
into a JSON 413); the parser checks the length again because older DRF passed the raw stream.
Views that list `parser_classes` themselves bypass this class; the exception handler still turns
their RecursionError into a 400.
"""

import re

from django.conf import settings
from django.utils.translation import gettext_lazy as _
from rest_framework import exceptions, parsers, status
from rest_framework.utils import json

# Strings may hold brackets; they are cut out before the brackets are counted.
_STRING = re.compile(rb'"(?:[^"\\]|\\.)*"', re.DOTALL)
_BRACKET = re.compile(rb"[\[\]{}]")


class RequestTooLarge(exceptions.APIException):
    status_code = status.HTTP_413_REQUEST_ENTITY_TOO_LARGE
    default_detail = _("The request body is too large.")
    default_code = "request_too_large"


def too_large() -> RequestTooLarge:
    return RequestTooLarge(_("The request body is larger than %(limit)d bytes.")
                           % {"limit": settings.DATA_UPLOAD_MAX_MEMORY_SIZE})


def nesting_depth(raw: bytes) -> int:
    depth = deepest = 0
    for bracket in _BRACKET.findall(_STRING.sub(b'""', raw)):
        if bracket in (b"[", b"{"):
            depth += 1
            deepest = max(deepest, depth)
        else:
            depth -= 1
    return deepest


class JSONParser(parsers.JSONParser):
    def parse(self, stream, media_type=None, parser_context=None):
        if stream is None:
            return {}
        limit = settings.DATA_UPLOAD_MAX_MEMORY_SIZE
        raw = stream.read(limit + 1) if limit is not None else stream.read()
        if limit is not None and len(raw) > limit:
            raise too_large()
        max_depth = settings.CONGRESS_API_MAX_JSON_DEPTH
        if nesting_depth(raw) > max_depth:
            raise exceptions.ParseError(_("The JSON body is nested more than %(depth)d levels deep.")
                                        % {"depth": max_depth})
        encoding = (parser_context or {}).get("encoding", settings.DEFAULT_CHARSET)
        try:
            text = raw.decode(encoding)
            parse_constant = json.strict_constant if self.strict else None
            return json.loads(text, parse_constant=parse_constant)
        except (ValueError, RecursionError) as exc:
            raise exceptions.ParseError(_("The body is not valid JSON: %(error)s") % {"error": exc}) from None
