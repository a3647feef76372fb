"""The livelihood part of tests/test_scope_matrix.py's world: a published cycle ("public" to every
signed-in actor), a proposal of deputy A for unit X (side "A", with its marker), projects of units X
and Y, a sub-project, a rectification of unit X's project (side "A"), a published ballot, a summary."""

from datetime import timedelta
from decimal import Decimal

from django.utils import timezone

from congress.ballots import services as ballots
from livelihood import services, voting
from livelihood.models import Cycle, Project, Proposal, Rectification, SurveySummary


def livelihood_world(actors) -> dict:
    staff = actors["staff"]
    cycle = services.create_cycle(actor=staff, year=2030, title="民生实事 2030", seats=1)
    proposal = services.submit_proposal(cycle, actor=actors["deputy_a"], source=Proposal.Source.DEPUTY,
                                        title="提议 MKSIDEA", description="内容 MKSIDEA",
                                        responsible_unit=actors["unit_x"].unit)
    due = timezone.localdate() + timedelta(days=200)
    projects = [services.add_candidate(cycle, actor=staff, name=f"项目{i}", budget=Decimal(10),
                                       lead_unit=actors[unit].unit, completion_on=due, subprojects=["子项"])
                for i, unit in enumerate(("unit_x", "unit_y"))]
    services.approve_candidates(cycle, actor=staff, document="文件")
    services.publish_candidates(cycle, actor=staff, notify_deputies=False)
    ballot = voting.start_candidate_ballot(Cycle.objects.get(pk=cycle.pk), actor=staff)
    keys = [o.key for o in ballot.options.all()]
    for name in ("deputy_a", "deputy_b"):
        ballots.cast(ballot.pk, actors[name], {keys[0]: "yes", keys[1]: "no"})
    ballots.close_ballot(ballot.pk, actor=staff)
    ballots.verify_ballot(ballot.pk, actor=staff)
    ballots.publish_ballot(ballot.pk, actor=staff)
    adopted = Project.objects.get(pk=projects[0].pk)
    rectification = Rectification.objects.create(project=adopted, unit=adopted.lead_unit, due_on=due, reason="整改")
    summary = SurveySummary.objects.create(cycle=cycle, level=SurveySummary.Level.CYCLE, total=0)
    return {"lh_cycle": {"public": cycle}, "lh_proposal": {"A": proposal},
            "lh_project": {"public": adopted}, "lh_subproject": {"public": adopted.subprojects.first()},
            "lh_rectification": {"A": rectification}, "lh_ballot": {"public": ballot},
            "lh_report": {"public": services.post_progress(adopted, actor=actors["unit_x"], percent=5, text="开工")},
            "lh_summary": {"public": summary}}
