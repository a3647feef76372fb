from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _

from congress import roles
from congress.menus import Entry, Section

MODELS = ["cycle", "proposal", "project", "subproject", "milestone", "progressreport", "check", "rectification",
          "surveysummary"]


class LivelihoodConfig(AppConfig):
    name = "livelihood"
    verbose_name = _("Livelihood projects")
    staff_menu = (
        Section(_("Livelihood projects"), order=50, entries=(
            Entry(_("Yearly cycles"), "livelihood:cycle_list", ("livelihood.view_cycle",)),
            Entry(_("Proposals"), "livelihood:proposal_list", ("livelihood.view_proposal",)),
            Entry(_("Projects"), "livelihood:project_list", ("livelihood.view_project",)),
        )),
    )

    role_permissions = {
        roles.STAFF: {f"livelihood.view_{m}" for m in MODELS},
        roles.LEADER: {f"livelihood.view_{m}" for m in MODELS},
    }

    def ready(self):
        from livelihood import voting

        voting.register()

    def staff_tiles(self, user):
        from livelihood.staff.views import staff_tiles

        return staff_tiles(user)

    def portal_cards(self, user):
        from livelihood.portal import portal_cards

        return portal_cards(user)
