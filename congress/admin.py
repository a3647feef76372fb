from django import forms
from django.contrib import admin, messages
from django.contrib.auth.admin import UserAdmin as DjangoUserAdmin
from django.core.exceptions import ValidationError
from django.db.models import Case, F, IntegerField, Value, When
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from congress import services
from congress.models import (
    ApiToken,
    AuditEvent,
    CalendarYear,
    Committee,
    Delivery,
    Holiday,
    Meeting,
    Notification,
    Reminder,
    Station,
    Term,
    Unit,
    User,
    WorkerHeartbeat,
)


@admin.register(User)
class UserAdmin(DjangoUserAdmin):
    fieldsets = DjangoUserAdmin.fieldsets + ((_("Congress"), {"fields": ("name", "phone", "unit", "station")}),)
    list_display = ["username", "name", "unit", "station", "is_active", "is_staff"]
    list_filter = ["groups", "is_active", "is_staff", "unit"]
    search_fields = ["username", "name", "email"]
    autocomplete_fields = ["unit", "station"]


@admin.register(Term)
class TermAdmin(admin.ModelAdmin):
    list_display = ["__str__", "starts_on", "ends_on"]


@admin.register(Meeting)
class MeetingAdmin(admin.ModelAdmin):
    list_display = ["__str__", "kind", "starts_on", "ends_on", "location"]
    list_filter = ["kind", "term"]
    date_hierarchy = "starts_on"


@admin.register(Unit)
class UnitAdmin(admin.ModelAdmin):
    list_display = ["name", "short_name", "code", "kind", "contact_person", "is_active"]
    list_filter = ["kind", "is_active"]
    search_fields = ["name", "short_name", "code"]


@admin.register(Committee)
class CommitteeAdmin(admin.ModelAdmin):
    list_display = ["name", "short_name", "code", "is_active"]
    search_fields = ["name"]


@admin.register(Station)
class StationAdmin(admin.ModelAdmin):
    list_display = ["name", "kind", "subdistrict", "address", "is_active"]
    list_filter = ["kind", "is_active", "subdistrict"]
    search_fields = ["name", "address", "code"]


@admin.register(Holiday)
class HolidayAdmin(admin.ModelAdmin):
    """节假日与调休: the chinese-calendar package fills the years it knows (`manage.py sync_holidays`);
    staff enter each new year at once on /staff/calendar/ (a single day can be corrected here)."""

    list_display = ["date", "kind", "local_name"]
    list_filter = ["kind", ("date", admin.DateFieldListFilter)]
    search_fields = ["name"]
    date_hierarchy = "date"

    @admin.display(description=_("name"), ordering="name")
    def local_name(self, obj):
        return obj.display_name

    def get_ordering(self, request):
        # The current year and later first (what staff check and enter), then past years, latest first;
        # a click on a column still sorts by that column.
        year = timezone.localdate().year
        upcoming = Case(When(date__year__gte=year, then=Value(0)), default=Value(1), output_field=IntegerField())
        return [upcoming.asc(), Case(When(date__year__gte=year, then=F("date"))).asc(nulls_last=True),
                F("date").desc()]


@admin.register(CalendarYear)
class CalendarYearAdmin(admin.ModelAdmin):
    """Years whose holidays are known; written by sync_holidays and the staff calendar page."""

    list_display = ["year", "source", "loaded_at", "loaded_by"]
    readonly_fields = ["year", "source", "loaded_at", "loaded_by"]

    def has_add_permission(self, request):
        return False  # a year is loaded with its days, on the calendar page, never as an empty row


class ReadOnlyAdmin(admin.ModelAdmin):
    """Rows that only the system writes: staff may look, never edit."""

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False


@admin.register(AuditEvent)
class AuditEventAdmin(ReadOnlyAdmin):
    list_display = ["created_at", "action", "content_type", "object_id", "actor", "note"]
    list_filter = ["content_type", "action"]
    search_fields = ["action", "note"]
    date_hierarchy = "created_at"


@admin.register(Notification)
class NotificationAdmin(ReadOnlyAdmin):
    list_display = ["created_at", "recipient", "kind", "title", "read_at"]
    list_filter = ["kind"]
    search_fields = ["title", "recipient__username", "recipient__name"]


@admin.register(Delivery)
class DeliveryAdmin(ReadOnlyAdmin):
    list_display = ["created_at", "channel", "address", "state", "attempts", "sent_at", "last_error"]
    list_filter = ["channel", "state"]


@admin.register(Reminder)
class ReminderAdmin(ReadOnlyAdmin):
    list_display = ["due_on", "kind", "recipient", "title", "state", "sent_at"]
    list_filter = ["kind", "state"]


@admin.register(WorkerHeartbeat)
class WorkerHeartbeatAdmin(ReadOnlyAdmin):
    list_display = ["hostname", "seen_at"]


class ApiTokenForm(forms.ModelForm):
    scopes = forms.MultipleChoiceField(
        label=_("scopes"), choices=ApiToken.Scope.choices, widget=forms.CheckboxSelectMultiple
    )

    class Meta:
        model = ApiToken
        fields = ["name", "user", "scopes", "unit", "expires_at"]


@admin.register(ApiToken)
class ApiTokenAdmin(admin.ModelAdmin):
    """Tokens are issued and revoked through the services; the key is shown once, on creation."""

    form = ApiTokenForm
    list_display = ["name", "prefix", "user", "scopes", "unit", "created_at", "last_used_at", "revoked_at"]
    list_filter = ["revoked_at"]
    search_fields = ["name", "prefix"]
    actions = ["revoke"]
    autocomplete_fields = ["user", "unit"]

    def has_change_permission(self, request, obj=None):
        return obj is None and super().has_change_permission(request, obj)

    def has_delete_permission(self, request, obj=None):
        return False

    def save_model(self, request, obj, form, change):
        data = form.cleaned_data
        try:
            token, key = services.issue_api_token(
                actor=request.user, name=data["name"], user=data["user"], scopes=data["scopes"],
                unit=data.get("unit"), expires_at=data.get("expires_at"),
            )
        except ValidationError as exc:
            for message in exc.messages:
                self.message_user(request, message, messages.ERROR)
            raise
        obj.pk = token.pk
        self.message_user(
            request, _("Token created. Copy the key now; it is not shown again: %(key)s") % {"key": key},
            messages.WARNING,
        )

    @admin.action(description=_("Revoke the selected tokens"))
    def revoke(self, request, queryset):
        for token in queryset:
            services.revoke_api_token(token, actor=request.user)
        self.message_user(request, _("%(count)d tokens revoked.") % {"count": queryset.count()})

from congress.ballots import admin as ballot_admin  # noqa: E402,F401  registers the read-only ballot admin
