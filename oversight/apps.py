from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _

from congress import roles
from congress.menus import Entry, Section

MODELS = ["oversightplan", "planamendment", "topic", "topicstep", "topicproposal", "activity", "participation",
          "inquiryquestion", "deliberationopinion", "finding", "handlingreport", "evidence", "findingextension",
          "satisfactionvote", "normativedocument", "budgetexecution", "specialreview"]
VIEW = {f"oversight.view_{m}" for m in MODELS}


class OversightConfig(AppConfig):
    name = "oversight"
    verbose_name = _("Oversight")
    staff_menu = (
        Section(_("Oversight"), order=40, entries=(
            Entry(_("Plan board"), "oversight:board", ("oversight.view_topic",)),
            Entry(_("Findings tracker"), "oversight:finding_list", ("oversight.view_finding",)),
            Entry(_("Budget execution watch"), "oversight:budget_watch", ("oversight.view_topic",)),
            Entry(_("Filing review"), "oversight:document_list", ("oversight.view_topic",)),
        )),
    )

    # Members read the oversight record they rate; staff run it (oversight.manage_oversight).
    role_permissions = {
        roles.STAFF: VIEW | {"oversight.manage_oversight", "congress.access_staff_ui"},
        roles.LEADER: VIEW,
        roles.COMMITTEE_MEMBER: VIEW | {"congress.access_staff_ui", "congress.access_portal"},
    }

    def ready(self):
        from congress.ballots import register_owner
        from oversight import services
        from oversight.models import Topic

        # A topic owns its satisfaction ballots: members vote, the result comes back on publication.
        register_owner(Topic, electorate=services.committee_members, on_published=services.on_ballot_published,
                       label=_("Oversight topic"))

    def staff_tiles(self, user):
        from oversight.staff.views import staff_tiles

        return staff_tiles(user)

    def portal_cards(self, user):
        from oversight.portal.views import portal_cards

        return portal_cards(user)
