from django.conf import settings

from congress.menus import staff_menu
from congress.models import Notification


def navigation(request):
    """What every layout needs: the office's name and the unread count for the bell."""
    user = getattr(request, "user", None)
    unread = 0
    if user is not None and user.is_authenticated:
        unread = Notification.objects.filter(recipient=user, read_at__isnull=True).count()
    staff = user is not None and user.is_authenticated and user.has_perm("congress.access_staff_ui")
    return {
        "congress_name": settings.CONGRESS_NAME,
        "unread_notifications": unread,
        # Pages shared by every role (the inbox) extend the layout of the user's home.
        "home_layout": "layouts/staff.html" if staff else "layouts/portal.html",
        # A callable, so only the staff layout pays for it (templates call it on first use).
        "staff_menu": lambda: staff_menu(request),
    }
