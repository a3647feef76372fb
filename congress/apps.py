from django.apps import AppConfig
from django.db.models.signals import post_migrate
from django.utils.translation import gettext_lazy as _

from congress import roles
from congress.menus import Entry, Section

REGISTERS = ["term", "meeting", "unit", "committee", "station", "holiday", "calendaryear"]


class CongressConfig(AppConfig):
    name = "congress"
    verbose_name = _("District congress")
    bench_modules = ("congress.ballots.bench",)  # the core's scenarios (congress/bench.py is the harness)
    staff_menu = (
        Section(_("Office"), order=90, entries=(
            Entry(_("Holiday calendar"), "staff_calendar", ("congress.add_holiday",)),
        )),
    )

    role_permissions = {
        roles.STAFF: {"congress.access_staff_ui", "congress.view_user", "congress.view_apitoken",
                      "congress.manage_ballots", "congress.view_ballot"}
        | {f"congress.{verb}_{model}" for model in REGISTERS for verb in ("view", "add", "change")},
        roles.LEADER: {"congress.access_staff_ui", "congress.view_ballot"}
        | {f"congress.view_{model}" for model in REGISTERS},
        roles.DEPUTY: {"congress.access_portal"},
        roles.UNIT_HANDLER: {"congress.access_portal"},
        roles.STATION_KEEPER: {"congress.access_portal"},
    }

    def ready(self):
        post_migrate.connect(roles.sync_roles, dispatch_uid="congress.sync_roles")
        from congress import db

        db.register_lookups()  # `field__any=[...]` (congress.db.Statement)
        from congress import form_messages

        form_messages.install()  # the office's words for Django's length messages (issue 7, item 5)
        from congress.api import schema  # noqa: F401  registers the token scheme with drf-spectacular

    def staff_tiles(self, user):
        from django.db.models import Count, Q
        from django.urls import reverse
        from django.utils import timezone

        from congress.calendar import missing_next_year
        from congress.models import Ballot, Delivery, Meeting, Station, Unit

        year = timezone.localdate().year
        units = Unit.objects.aggregate(active=Count("id", filter=Q(is_active=True)))
        stations = Station.objects.aggregate(active=Count("id", filter=Q(is_active=True)))
        meetings = Meeting.objects.filter(starts_on__year=year).count()
        ballots = Ballot.objects.filter(status__in=["open", "closed", "counted", "verified"]).count()
        outbox = Delivery.objects.aggregate(
            pending=Count("id", filter=Q(state="pending")), failed=Count("id", filter=Q(state="failed"))
        )
        tiles = []
        missing = missing_next_year(timezone.localdate())
        if missing is not None and user.has_perm("congress.view_holiday"):
            may_enter = user.has_perm("congress.add_holiday")
            tiles.append({"key": "congress.calendar_missing", "value": missing, "warning": True,
                          "url": reverse("staff_calendar") if may_enter else "",
                          "label": _("Holiday calendar missing"),
                          "note": _("Deadlines in %(year)s are provisional until its holidays are entered.")
                          % {"year": missing}})
        tiles += [
            {"key": "congress.units", "label": _("Units"), "value": units["active"]},
            {"key": "congress.stations", "label": _("Stations"), "value": stations["active"]},
            {"key": "congress.meetings", "label": _("Meetings this year"), "value": meetings},
            {"key": "congress.ballots", "label": _("Ballots open or being counted"), "value": ballots,
             "url": reverse("ballots_staff:list")},
        ]
        # The outbox is the office's plumbing: a leader (read-only) has nothing to do about it.
        if user.is_superuser or user.groups.filter(name=roles.STAFF).exists():
            tiles.append({"key": "congress.outbox", "label": _("Messages waiting to be sent"),
                          "value": outbox["pending"], "note": _("%(failed)s failed") % {"failed": outbox["failed"]}})
        return tiles

    def portal_cards(self, user):
        if user.unit_id:
            return [{"template": "congress/unit_card.html", "unit": user.unit}]
        return []
