"""Core pages: sign-in, the role-aware home, the staff and portal homes, the inbox, and the
`FilteredListView` base that every staff list uses."""

from django.apps import apps
from django.contrib import messages
from django.contrib.auth import views as auth_views
from django.contrib.auth.decorators import login_required
from django.contrib.auth.mixins import LoginRequiredMixin, PermissionRequiredMixin
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST
from django.views.generic import ListView, TemplateView

from congress import exports, notifications
from congress.http import parse_ids, safe_next
from congress.models import Notification


class LoginView(auth_views.LoginView):
    template_name = "congress/login.html"
    redirect_authenticated_user = True


class LogoutView(auth_views.LogoutView):
    pass


def public_home(request):
    return render(request, "congress/public_home.html")


@login_required
def home(request):
    """Send each role to its own home: staff and leaders to the staff pages, others to the portal."""
    if request.user.has_perm("congress.access_staff_ui"):
        return redirect("staff_home")
    return redirect("portal_home")


class StaffRequiredMixin(LoginRequiredMixin, PermissionRequiredMixin):
    """Staff pages: office staff and leaders. Anyone else signed in gets 403."""

    permission_required = "congress.access_staff_ui"


class PortalRequiredMixin(LoginRequiredMixin, PermissionRequiredMixin):
    permission_required = "congress.access_portal"


def collect_tiles(hook: str, user) -> list[dict]:
    """Each app may contribute home-page tiles through an AppConfig method named `hook`."""
    tiles = []
    for config in apps.get_app_configs():
        contribute = getattr(config, hook, None)
        if contribute is not None:
            tiles.extend(contribute(user))
    return tiles


class StaffHomeView(StaffRequiredMixin, TemplateView):
    template_name = "congress/staff_home.html"

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        context["tiles"] = collect_tiles("staff_tiles", self.request.user)
        context["today"] = timezone.localdate()
        return context


class PortalHomeView(PortalRequiredMixin, TemplateView):
    template_name = "congress/portal_home.html"

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        user = self.request.user
        context["cards"] = collect_tiles("portal_cards", user)
        context["recent_notifications"] = Notification.objects.filter(recipient=user)[:5]
        return context


class NotificationListView(LoginRequiredMixin, ListView):
    template_name = "congress/notification_list.html"
    paginate_by = 20

    def get_queryset(self):
        return Notification.objects.filter(recipient=self.request.user)


@login_required
@require_POST
def mark_notifications_read(request):
    """Mark the ticked notifications read (none ticked: all of mine). A value that is not an id
    refuses the whole request, so a half-understood form changes nothing."""
    back = safe_next(request, reverse("notification_list"))
    values = request.POST.getlist("id")
    ids, bad = parse_ids(values)
    if bad:
        messages.error(request, _("Nothing was marked: %(value)s is not a notification number.")
                       % {"value": bad[0][:20]})
        return redirect(back)
    count = notifications.mark_read(request.user, ids or None)
    messages.success(request, _("%(count)d notifications marked as read.") % {"count": count})
    return redirect(back)


class FilteredListView(StaffRequiredMixin, ListView):
    """A staff list: scope first (`visible_to`), then the shared FilterSet, then paging or export.

    Subclasses name `model`, `filterset_class`, `export_columns(user)` and `export_name`.
    `?export=xlsx` or `?export=csv` downloads exactly the filtered rows, unpaginated.
    """

    filterset_class = None
    paginate_by = 50
    export_name = "export"

    def get_queryset(self):
        scoped = self.model.objects.visible_to(self.request.user)
        scoped = scoped.for_list() if hasattr(scoped, "for_list") else scoped
        self.filterset = self.filterset_class(self.request.GET or None, scoped, request=self.request)
        return self.filterset.qs

    def export_columns(self, user) -> list[exports.Column]:
        raise NotImplementedError

    def get(self, request, *args, **kwargs):
        kind = request.GET.get("export")
        if kind in {"xlsx", "csv"}:
            rows = self.get_queryset()
            if not self.filterset.is_valid():
                return super().get(request, *args, **kwargs)
            columns = self.export_columns(request.user)
            name = f"{self.export_name}-{timezone.localdate():%Y%m%d}"
            if kind == "xlsx":
                return exports.xlsx_response(name, columns, rows.iterator(chunk_size=2000))
            return exports.csv_response(name, columns, rows.iterator(chunk_size=2000))
        return super().get(request, *args, **kwargs)

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        context["filterset"] = self.filterset
        query = self.request.GET.copy()
        query.pop("page", None)
        query.pop("export", None)
        context["query_string"] = query.urlencode()
        return context
