"""Core pages and the plumbing every app's pages share: sign-in, the role-aware home, the staff
and portal homes, the inbox; `FilteredListView` (every staff list), `ActionView` (every POST that
calls one service, staff and portal alike) and `apply_each` (bulk actions, pages and admin)."""

from collections.abc import Callable, Iterable

from django import forms
from django.apps import apps
from django.contrib import messages
from django.contrib.auth import views as auth_views
from django.contrib.auth.decorators import login_required
from django.contrib.auth.mixins import LoginRequiredMixin, PermissionRequiredMixin
from django.core.exceptions import PermissionDenied, ValidationError
from django.db.models import Model
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views import View
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
        # Panels are lists on the home page (a leader's supervised cases), contributed like tiles.
        context["panels"] = collect_tiles("staff_panels", self.request.user)
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


class LastPageMixin:
    """Paging that never fails a user (issue 7, item 3): an out-of-range `?page` shows the last page,
    a page that is not a number the first, instead of a 404."""

    def paginate_queryset(self, queryset, page_size):
        paginator = self.get_paginator(queryset, page_size, orphans=self.get_paginate_orphans(),
                                       allow_empty_first_page=self.get_allow_empty())
        raw = str(self.kwargs.get(self.page_kwarg) or self.request.GET.get(self.page_kwarg) or 1)[:12]
        page = paginator.get_page(paginator.num_pages if raw == "last" else raw)
        return paginator, page, page.object_list, page.has_other_pages()


class NotificationListView(LastPageMixin, LoginRequiredMixin, ListView):
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


class SortMixin:
    """`?sort=col` / `?sort=-col` over a whitelist (issue 7, item 1). `sort_fields` maps each column
    key the page offers to the ORM ordering it stands for (a string or a tuple of them); anything
    else is ignored, so a crafted value never reaches `order_by`. `default_sort` (a key, "-" for
    descending) applies when none is asked; the primary key breaks ties, so paging is stable.
    Headers use `{% sort_header "key" _("Label") %}` from `congress_pages`."""

    sort_fields: dict[str, str | tuple[str, ...]] = {}
    default_sort: str | None = None

    def current_sort(self) -> str | None:
        asked = (self.request.GET.get("sort") or "")[:40]
        if asked.lstrip("-") in self.sort_fields:
            return asked
        return self.default_sort

    def apply_sort(self, queryset):
        sort = self.current_sort()
        if not sort:
            return queryset
        descending = sort.startswith("-")
        fields = self.sort_fields[sort.lstrip("-")]
        fields = (fields,) if isinstance(fields, str) else tuple(fields)
        ordering = []
        for name in fields:
            if descending:
                name = name[1:] if name.startswith("-") else f"-{name}"
            ordering.append(name)
        ordering.append("-pk" if descending else "pk")
        return queryset.order_by(*ordering)


class FilteredListView(LastPageMixin, SortMixin, StaffRequiredMixin, ListView):
    """A staff list: scope first (`visible_to`), then the shared FilterSet, then sort, then paging
    or export.

    Subclasses name `model`, `filterset_class`, `export_columns(user)` and `export_name`, and
    `sort_fields` / `default_sort` for sortable columns (SortMixin).
    `?export=xlsx` or `?export=csv` downloads exactly the filtered rows, unpaginated and sorted.
    An out-of-range `?page` shows the last page (LastPageMixin).
    """

    filterset_class = None
    paginate_by = 50
    export_name = "export"

    def get_queryset(self):
        scoped = self.model.objects.visible_to(self.request.user)
        scoped = scoped.for_list() if hasattr(scoped, "for_list") else scoped
        self.filterset = self.filterset_class(self.request.GET or None, scoped, request=self.request)
        return self.apply_sort(self.annotate(self.filterset.qs))

    def annotate(self, queryset):
        """Hook for annotations a sortable column needs (they must exist before the sort)."""
        return queryset

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
        context["sort"] = self.current_sort()
        context["sort_fields"] = self.sort_fields
        return context


# --------------------------------------------------------------------------- service refusals


def refusal_messages(error) -> list[str]:
    """What a service's refusal says, as the user should read it."""
    if isinstance(error, PermissionDenied):
        return [str(error) or _("You are not allowed to do this.")]
    return list(error.messages)


def put_refusal_on_form(form, error) -> None:
    """THE mapping of a service's refusal to a page (issue 6, item 20): a ValidationError's field
    errors go on the form's field of that name, everything else above the form; its codes pass
    through unchanged, so `form.has_error(field, code)` sees the service's code. A PermissionDenied
    becomes an error above the form with the code "permission_denied"."""
    if isinstance(error, PermissionDenied):
        form.add_error(None, ValidationError(refusal_messages(error)[0], code="permission_denied"))
    elif hasattr(error, "error_dict"):
        for field, errors in error.error_dict.items():
            form.add_error(field if field in form.fields else None, errors)
    else:
        form.add_error(None, error)


def form_on_page(failed, key: str, build: Callable[[], forms.BaseForm]):
    """The form refused a moment ago, with the user's input and its errors, if it is the one a page
    shows under `key`; otherwise a fresh one from `build()`."""
    if failed is not None and getattr(failed, "page_key", None) == key:
        return failed
    return build()


def _forms_in(value, depth=0):
    if isinstance(value, forms.BaseForm):
        yield value
    elif depth < 2 and isinstance(value, list | tuple):
        for item in value:
            yield from _forms_in(item, depth + 1)
    elif depth < 2 and isinstance(value, Model):
        # pages hang per-row forms on the rows they belong to (a commitment's form, a reply's rating)
        for attr in vars(value).values():
            if isinstance(attr, forms.BaseForm):
                yield attr


def form_is_shown(context: dict, form) -> bool:
    return any(candidate is form for value in context.values() for candidate in _forms_in(value))


class ObjectPage(View):
    """What an object's page declares, shared by its GET (`PageView`) and its POSTed actions
    (`ActionView`):

    - `load`: the loop's loader `(user, pk) -> obj` (get_suggestion, get_topic, …); `get_object()`
      calls it with the URL's `pk`;
    - `render_page`: `(request, obj, failed) -> (template, context)` of the page; `page(obj,
      failed)` calls it.

    A subclass that needs more overrides `get_object()` or `page(obj, failed)` instead.
    """

    load: Callable | None = None
    render_page: Callable | None = None

    def __init_subclass__(cls, **kwargs):
        super().__init_subclass__(**kwargs)
        # A function set on a class is bound as a method (called with `self` first): the declared
        # loader and page builder are plain functions of the loop, so keep them unbound.
        for name in ("load", "render_page"):
            value = cls.__dict__.get(name)
            if callable(value) and not isinstance(value, staticmethod):
                setattr(cls, name, staticmethod(value))

    def _undeclared(self, declaration: str, method: str):
        return NotImplementedError(f"{type(self).__name__} declares no `{declaration}` and does not "
                                   f"override {method}")

    def get_object(self):
        if self.load is None:
            raise self._undeclared("load", "get_object()")
        return self.load(self.request.user, self.kwargs["pk"])

    def page(self, obj, failed) -> tuple[str, dict]:
        if self.render_page is None:
            raise self._undeclared("render_page", "page(obj, failed)")
        return self.render_page(self.request, obj, failed)


class PageView(ObjectPage):
    """An object's page: the declared `load` and `render_page`, rendered for a GET."""

    def get(self, request, *args, **kwargs):
        template, context = self.page(self.get_object(), None)
        return render(request, template, context)


class ActionView(ObjectPage):
    """One POST, one form, one service; the same on staff pages and in the portal.

    Subclasses name `form_class` (and `prefix` or `page_key` when a page holds several forms) and
    implement `perform(obj, form)` returning the success message. The object and the page the form
    sits on are declared as on every object page (`ObjectPage`: `load`, `render_page`), and where
    to go after success by `detail_url`, a URL name that `success_url(obj)` reverses with
    `args=[obj.pk]`.

    A subclass that needs more overrides `get_object()`, `success_url(obj)` or `page(obj, failed)`
    instead (`succeeded` and `refusal_status` may be overridden too, see there). A refusal — the
    form's shape checks or the service's ValidationError or PermissionDenied — shows that page
    again with the user's input kept and the message on the form, once; a short notice at the top
    says nothing was saved (the service's transaction saw to that). When the page no longer offers
    that form (the state moved on), the message itself goes to the top instead.
    """

    http_method_names = ["post"]
    form_class = forms.Form
    prefix = None
    page_key = None
    refused_notice = gettext_lazy("Nothing was saved: see the message on the form.")
    detail_url: str | None = None

    def get_prefix(self):
        return self.prefix

    def get_page_key(self) -> str:
        return self.page_key or self.get_prefix() or "form"

    def form_kwargs(self, obj) -> dict:
        return {}

    def get_form(self, obj):
        key = self.get_page_key()
        form = self.form_class(self.request.POST, self.request.FILES, prefix=self.get_prefix(),
                               auto_id=f"{key}_%s", **self.form_kwargs(obj))
        form.page_key = key
        return form

    def perform(self, obj, form) -> str:
        raise NotImplementedError

    def success_url(self, obj) -> str:
        if self.detail_url is None:
            raise self._undeclared("detail_url", "success_url(obj)")
        return reverse(self.detail_url, args=[obj.pk])

    #: Irreversible actions name what they do here (issue 7, item 4): the POST must then carry
    #: `confirmed=1`, which the page's <dialog> adds (JS) or the review page asks for (no JS).
    confirm = None
    confirm_template = "congress/confirm.html"

    def needs_review(self, form) -> bool:
        return bool(self.confirm) and self.request.POST.get("confirmed") != "1"

    def review(self, obj, form):
        """The review step without JS: what is about to happen, the values as entered, and the same
        POST again with `confirmed=1`; or back to the page. A form with files cannot be re-posted:
        it asks for the tick on the form instead (partials/confirm_box.html)."""
        if form.is_multipart():
            form.add_error(None, ValidationError(
                _("Please tick the box to confirm: this cannot be undone."), code="confirm_required"))
            return self.refused(obj, form)
        from congress.errors import audience_layout  # noqa: PLC0415 (errors imports views' neighbours)

        layout, home = audience_layout(self.request)
        shown = []
        for name, field in form.fields.items():
            if field.widget.is_hidden:
                continue
            value = form.cleaned_data.get(name)
            if value in (None, "", [], ()) or (hasattr(value, "exists") and not value.exists()):
                continue
            if hasattr(value, "model"):
                value = "、".join(str(v) for v in value)
            elif hasattr(field, "choices") and not hasattr(value, "pk"):
                value = dict(field.choices).get(value, value)
            shown.append((field.label or name, value))
        hidden = [(key, value) for key in self.request.POST for value in self.request.POST.getlist(key)
                  if key not in {"csrfmiddlewaretoken", "confirmed"}]
        return render(self.request, self.confirm_template, {
            "layout": layout, "message": self.confirm, "object": obj, "shown": shown, "hidden": hidden,
            "action": self.request.path, "back": safe_next(self.request, self.success_url(obj)),
        })

    def post(self, request, *args, **kwargs):
        obj = self.get_object()
        form = self.get_form(obj)
        if form.is_valid() and self.needs_review(form):
            return self.review(obj, form)
        if form.is_valid():
            try:
                message = self.perform(obj, form)
            except (ValidationError, PermissionDenied) as error:
                put_refusal_on_form(form, error)
            else:
                return self.succeeded(obj, form, message)
        return self.refused(obj, form)

    def succeeded(self, obj, form, message):
        """After the service: its message, then the page again by a redirect. A page that shows
        something once and never in a URL (a resident's lookup code, a rating link) renders it here."""
        messages.success(self.request, message)
        return redirect(self.success_url(obj))

    def refusal_status(self, form) -> int:
        """The HTTP status of the page shown again after a refusal: 200 for people; a public form
        answers 400 (429 when rate-limited), so a script learns it was refused."""
        return 200

    def refused(self, obj, form):
        template, context = self.page(obj, form)
        if form_is_shown(context, form):
            messages.error(self.request, self.refused_notice)
        else:
            for text in form_messages(form):
                messages.error(self.request, text)
        context.setdefault("failed_form", form)
        return render(self.request, template, context, status=self.refusal_status(form))


def form_messages(form) -> list[str]:
    """A form's errors as lines, each field's prefixed with its label."""
    lines = []
    for field, errors in form.errors.items():
        label = f"{form.fields[field].label}: " if field in form.fields and form.fields[field].label else ""
        lines.extend(f"{label}{error}" for error in errors)
    return lines


# --------------------------------------------------------------------------- bulk actions


def apply_each(items: Iterable, apply: Callable, *, request, refused_message: str,
               done_message: str, describe: Callable = str, report: Callable | None = None) -> list:
    """Run `apply(item)` — one service call, its own transaction — for each item, so one refusal
    does not undo the others. Each refusal is reported as `refused_message` with %(item)s and
    %(reason)s; the successes once as `done_message` with %(count)d and %(items)s. `report(request,
    text, level)` defaults to the messages framework (the admin passes its `message_user`).
    Returns the items done."""
    report = report or (lambda req, text, level: messages.add_message(req, level, text))
    done = []
    for item in items:
        try:
            apply(item)
        except (ValidationError, PermissionDenied) as error:
            report(request, refused_message % {"item": describe(item), "reason": " ".join(refusal_messages(error))},
                   messages.ERROR)
        else:
            done.append(item)
    if done:
        report(request, done_message % {"count": len(done), "items": "、".join(describe(i) for i in done)},
               messages.SUCCESS)
    return done
