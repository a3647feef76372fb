"""The API's exception handler: every refusal answers JSON `{"detail": …}` or field messages."""

import logging

from django.core.exceptions import PermissionDenied as DjangoPermissionDenied
from django.core.exceptions import RequestDataTooBig, SuspiciousOperation, TooManyFieldsSent
from django.core.exceptions import ValidationError as DjangoValidationError
from django.db import DataError
from django.http import Http404
from django.utils.translation import gettext as _
from rest_framework import exceptions
from rest_framework.serializers import as_serializer_error
from rest_framework.views import exception_handler as drf_exception_handler

from congress.api.parsers import too_large

logger = logging.getLogger(__name__)


def exception_handler(exc, context):
    """DRF's handler, plus Django's ValidationError → 400 with field messages (HackSoft style), and
    the input errors Django and the database raise turned into 400/413 instead of a 500 page."""
    if isinstance(exc, DjangoValidationError):
        exc = exceptions.ValidationError(as_serializer_error(exc))
    elif isinstance(exc, DjangoPermissionDenied):
        exc = exceptions.PermissionDenied(str(exc) or None)
    elif isinstance(exc, Http404):
        exc = exceptions.NotFound()
    elif isinstance(exc, RequestDataTooBig):
        exc = too_large()
    elif isinstance(exc, TooManyFieldsSent):
        exc = exceptions.ParseError(_("The request has too many fields."))
    elif isinstance(exc, SuspiciousOperation):
        exc = exceptions.ParseError(_("The request was refused as malformed."))
    elif isinstance(exc, RecursionError):
        exc = exceptions.ParseError(_("The request body is nested too deeply."))
    elif isinstance(exc, DataError):
        # Inputs are bounded by their serializers; reaching here means one was missed. The
        # service's transaction has rolled back, so a 400 is true: nothing was saved.
        logger.warning("DataError reached the API exception handler: %s", exc)
        exc = exceptions.ValidationError({"non_field_errors": [_("A value is too long or out of range.")]})
    response = drf_exception_handler(exc, context)
    if response is None:
        return None
    if isinstance(response.data, list):
        response.data = {"detail": response.data}
    return response
