from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _

from congress import roles
from congress.menus import Entry, Section

MODELS = ["suggestion", "assignment", "reply", "evaluation", "cosignature", "commitment", "keysupervision",
          "supervisionaction", "extension", "reassignmentrequest", "contactrecord", "statistic", "category"]


class SuggestionsConfig(AppConfig):
    name = "suggestions"
    verbose_name = _("Suggestions")
    staff_menu = (
        Section(_("Suggestions"), order=30, entries=(
            Entry(_("Suggestions"), "suggestions:suggestion_list", ("suggestions.view_suggestion",)),
            Entry(_("Key supervision board"), "suggestions:key_board", ("suggestions.view_suggestion",)),
            Entry(_("Suggestion statistics"), "suggestions:statistics", ("suggestions.view_suggestion",)),
        )),
    )

    role_permissions = {
        roles.STAFF: {f"suggestions.view_{m}" for m in MODELS}
        | {"suggestions.review_suggestion", "suggestions.supervise_suggestion",
           "suggestions.add_category", "suggestions.change_category"},
        roles.LEADER: {f"suggestions.view_{m}" for m in MODELS} | {"suggestions.supervise_suggestion"},
    }

    def staff_tiles(self, user):
        from suggestions.tiles import staff_tiles

        return staff_tiles(user)

    def staff_panels(self, user):
        from suggestions.tiles import staff_panels

        return staff_panels(user)

    def portal_cards(self, user):
        from suggestions.tiles import portal_cards

        return portal_cards(user)

    def recompute_deadlines(self, years):
        from suggestions.deadlines import recompute_provisional

        return recompute_provisional(years)
