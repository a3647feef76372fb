from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _

from congress import roles
from congress.menus import Entry, Section

# Duty points: staff keep them, leaders read them (rules 24–26).
POINTS_MODELS = ("pointrule", "dutyrecord", "meetingattendance", "pointssummary", "pointsnotice",
                 "pointsobjection", "pointsfollowup", "signinsheet")
POINTS_VIEW = {f"deputies.view_{model}" for model in POINTS_MODELS}
POINTS_CHANGE = {f"deputies.{verb}_{model}" for model in POINTS_MODELS if model != "pointssummary"
                 for verb in ("add", "change")}


class DeputiesConfig(AppConfig):
    name = "deputies"
    verbose_name = _("Deputies")
    staff_menu = (
        Section(_("Deputies"), order=10, entries=(
            Entry(_("Register of deputies"), "deputies:deputy_list", ("deputies.view_deputy",)),
            Entry(_("Duty points"), "deputies:points_ranking", ("deputies.view_pointssummary",)),
            Entry(_("Duty records"), "deputies:points_records", ("deputies.view_dutyrecord",)),
            Entry(_("Attendance at meetings"), "deputies:points_meetings", ("deputies.view_meetingattendance",)),
            Entry(_("Points notices"), "deputies:points_notices", ("deputies.view_pointsnotice",)),
            Entry(_("Follow-ups of the bands"), "deputies:points_follow_ups", ("deputies.view_pointsfollowup",)),
            Entry(_("Point rules"), "deputies:points_rules", ("deputies.view_pointrule",)),
        )),
        Section(_("Stations and residents"), order=20, entries=(
            Entry(_("Stations"), "stations_staff:stations", ("congress.view_station",)),
            Entry(_("Residents' issues"), "stations_staff:issues", ("deputies.view_residentissue",)),
            Entry(_("Report-back plan"), "stations_staff:report_backs", ("deputies.view_reportback",)),
        )),
    )

    role_permissions = {
        roles.STAFF: {"deputies.view_deputy", "deputies.add_deputy", "deputies.change_deputy",
                      "deputies.view_deputy_phone", "deputies.view_delegation", "deputies.add_delegation",
                      "deputies.change_delegation"},
        roles.LEADER: {"deputies.view_deputy", "deputies.view_delegation", *POINTS_VIEW},
    }
    role_permissions[roles.STAFF] |= POINTS_VIEW | POINTS_CHANGE

    def staff_tiles(self, user):
        from django.urls import reverse

        from congress.models import Term
        from deputies.selectors import register_summary

        if not user.has_perm("deputies.view_deputy"):
            return []
        from deputies.stations_portal import staff_tiles as station_tiles

        summary = register_summary(Term.current())
        url = reverse("deputies:deputy_list")
        return station_tiles(user) + [
            {"key": "deputies.serving", "label": _("Serving deputies"), "value": summary["serving"],
             "url": url + "?status=serving",
             "note": _("%(district)s district, %(higher)s higher-level") % {
                 "district": summary["serving_district"], "higher": summary["serving_higher"]}},
            {"key": "deputies.with_account", "label": _("Deputies with an account"),
             "value": summary["with_account"], "url": url},
            *self._points_tiles(user),
        ]

    def _points_tiles(self, user):
        from django.urls import reverse
        from django.utils import timezone

        from deputies.models import DutyRecord, PointsObjection, PointsSummary

        if not user.has_perm("deputies.view_dutyrecord"):
            return []
        return [
            {"key": "deputies.points_queue", "label": _("Duty records awaiting verification"),
             "value": DutyRecord.objects.filter(status=DutyRecord.Status.PENDING).count(),
             "url": reverse("deputies:points_records") + "?status=pending"},
            {"key": "deputies.points_objections", "label": _("Open objections to points notices"),
             "value": PointsObjection.objects.filter(status=PointsObjection.Status.OPEN).count(),
             "url": reverse("deputies:points_notices")},
            {"key": "deputies.points_poor", "label": _("Deputies below the lowest band this year"),
             "value": PointsSummary.objects.filter(year=timezone.localdate().year, band="poor").count(),
             "url": reverse("deputies:points_ranking") + "?band=poor"},
        ]

    def portal_cards(self, user):
        from deputies.models import Deputy
        from deputies.stations_portal import portal_cards as station_cards

        deputy = Deputy.objects.filter(user=user).select_related("station", "term", "delegation").first()
        if deputy is None:
            return station_cards(user, None)
        return [{"template": "deputies/portal_card.html", "deputy": deputy}, *station_cards(user, deputy)]
