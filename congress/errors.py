"""Error pages: JSON under /api/, the template pages everywhere else (issue 6, item 14).

Django calls these for what never reached a DRF view: an unknown /api/ address, a request body
over DATA_UPLOAD_MAX_MEMORY_SIZE read as a form, a crash. An API client must get JSON it can parse,
in the same `{"detail": …}` shape as DRF's own answers.
"""

from django.core.exceptions import RequestDataTooBig
from django.http import JsonResponse
from django.utils.translation import gettext as _
from django.views import defaults

API_PREFIX = "/api/"


def is_api(request) -> bool:
    return request.path.startswith(API_PREFIX)


def bad_request(request, exception=None):
    if is_api(request):
        if isinstance(exception, RequestDataTooBig):
            return JsonResponse({"detail": _("The request body is too large.")}, status=413)
        return JsonResponse({"detail": _("The request was refused as malformed.")}, status=400)
    return defaults.bad_request(request, exception)


def permission_denied(request, exception=None):
    if is_api(request):
        return JsonResponse({"detail": str(exception or "") or _("You do not have permission to do this.")},
                            status=403)
    return defaults.permission_denied(request, exception)


def page_not_found(request, exception=None):
    if is_api(request):
        return JsonResponse({"detail": _("Not found.")}, status=404)
    return defaults.page_not_found(request, exception)


def server_error(request):
    if is_api(request):
        return JsonResponse({"detail": _("A server error occurred. The office has been told.")}, status=500)
    return defaults.server_error(request)
