"""Error pages: JSON under /api/, the template pages everywhere else (issue 6, item 14), in the
layout of the audience with a way back (issue 7, item 3).

Django calls these for what never reached a DRF view: an unknown /api/ address, a request body
over DATA_UPLOAD_MAX_MEMORY_SIZE read as a form, a crash. An API client must get JSON it can parse,
in the same `{"detail": …}` shape as DRF's own answers.
"""

import logging

from django.core.exceptions import RequestDataTooBig
from django.http import HttpResponseServerError, JsonResponse
from django.shortcuts import render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views import defaults

API_PREFIX = "/api/"
log = logging.getLogger(__name__)


def audience_layout(request) -> tuple[str, str]:
    """The layout and home of whoever reads the error page (issue 7, item 3): staff and leaders get
    the staff layout, deputies, units and stations the portal's, anyone else the public one."""
    user = getattr(request, "user", None)
    if user is not None and user.is_authenticated:
        if user.has_perm("congress.access_staff_ui"):
            return "layouts/staff.html", reverse("staff_home")
        if user.has_perm("congress.access_portal"):
            return "layouts/portal.html", reverse("portal_home")
    return "layouts/public.html", reverse("public_home")


def error_page(request, status: int, exception=None):
    layout, home = audience_layout(request)
    detail = ""
    if status == 403 and exception is not None:
        detail = str(exception)
    return render(request, f"errors/{status}.html", {"layout": layout, "home_url": home, "detail": detail},
                  status=status)


def is_api(request) -> bool:
    return request.path.startswith(API_PREFIX)


def bad_request(request, exception=None):
    if is_api(request):
        if isinstance(exception, RequestDataTooBig):
            return JsonResponse({"detail": _("The request body is too large.")}, status=413)
        return JsonResponse({"detail": _("The request was refused as malformed.")}, status=400)
    return error_page(request, 400)


def permission_denied(request, exception=None):
    if is_api(request):
        return JsonResponse({"detail": str(exception or "") or _("You do not have permission to do this.")},
                            status=403)
    return error_page(request, 403, exception)


def page_not_found(request, exception=None):
    if is_api(request):
        return JsonResponse({"detail": _("Not found.")}, status=404)
    return error_page(request, 404)


def server_error(request):
    if is_api(request):
        return JsonResponse({"detail": _("A server error occurred. The office has been told.")}, status=500)
    try:
        return error_page(request, 500)
    except Exception:  # the layout itself may be what failed: fall back to Django's bare page
        log.exception("the 500 page could not be rendered in its layout")
        try:
            return defaults.server_error(request)
        except Exception:
            return HttpResponseServerError("<h1>500</h1>", content_type="text/html")
