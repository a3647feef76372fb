"""The cycle's transitions as services: collection, screening (rule 20), adoption through the
shared ballot (rule 21), implementation (rule 22), evaluation (rules 15, 16, 23)."""

from datetime import timedelta
from decimal import Decimal

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.utils import timezone

from congress.ballots import services as ballots
from congress.models import AuditEvent, Notification
from livelihood import services, voting
from livelihood.models import Cycle, Milestone, Project, Proposal, Rectification
from tests.congress.factories import UnitFactory
from tests.livelihood.factories import ProjectFactory, ProposalFactory, cycle_with_candidates, deputies

pytestmark = pytest.mark.django_db


def vote_all(ballot, users, choose):
    """Each user casts `choose(i)` → a list of the option keys marked yes (others "no")."""
    keys = [o.key for o in ballot.options.all()]
    for i, user in enumerate(users):
        yes = set(choose(i, keys))
        ballots.cast(ballot.pk, user, {k: "yes" if k in yes else "no" for k in keys})


def finish(ballot, staff):
    ballots.close_ballot(ballot.pk, actor=staff)
    assert ballots.verify_ballot(ballot.pk, actor=staff).ok
    return ballots.publish_ballot(ballot.pk, actor=staff)


def test_resident_proposal_is_received_and_audited_without_contact(staff_user):
    cycle = services.create_cycle(actor=staff_user, year=2031, title="2031年", seats=2)
    proposal = services.submit_proposal(cycle, source=Proposal.Source.RESIDENT, title="  修路 ", description="路坏了",
                                        contact_name="李四", contact_phone="13900000000")
    assert proposal.status == Proposal.Status.RECEIVED and proposal.title == "修路" and len(proposal.code) >= 12
    event = AuditEvent.objects.get(action="livelihood.proposal.received")
    assert "13900000000" not in str(event.data) and event.actor is None


def test_proposals_are_refused_outside_collection(staff_user):
    cycle = cycle_with_candidates(staff_user)
    with pytest.raises(ValidationError) as refused:
        services.submit_proposal(cycle, source=Proposal.Source.RESIDENT, title="晚了", description="x")
    assert refused.value.code == "stage"


def test_merge_and_screen_out_need_the_office_and_a_reason(staff_user, deputy_user):
    first, second = ProposalFactory(), None
    second = ProposalFactory(cycle=first.cycle)
    with pytest.raises(PermissionDenied):
        services.merge_proposal(second, into=first, actor=deputy_user)
    merged = services.merge_proposal(second, into=first, actor=staff_user)
    assert merged.status == Proposal.Status.MERGED and merged.merged_into == first
    with pytest.raises(ValidationError):
        services.screen_out_proposal(first, actor=staff_user, reason=" ")
    out = services.screen_out_proposal(first, actor=staff_user, reason="不属于政府职能")
    assert out.status == Proposal.Status.SCREENED_OUT and out.screen_out_reason == "不属于政府职能"


def test_unit_assesses_only_its_own_proposals(unit_user, staff_user):
    mine = ProposalFactory(responsible_unit=unit_user.unit)
    other = ProposalFactory(cycle=mine.cycle, responsible_unit=UnitFactory())
    services.assess_proposal(mine, actor=unit_user, feasibility="feasible", estimated_cost=Decimal("88.5"))
    mine.refresh_from_db()
    assert mine.feasibility == "feasible" and mine.estimated_cost == Decimal("88.5")
    with pytest.raises(PermissionDenied):
        services.assess_proposal(other, actor=unit_user, feasibility="feasible")


@pytest.mark.parametrize("candidates, seats, ok", [(3, 3, False), (2, 3, False), (4, 3, True)])
def test_rule_20_more_candidates_than_seats(staff_user, candidates, seats, ok):
    cycle = services.create_cycle(actor=staff_user, year=2032, title="x", seats=seats)
    unit = UnitFactory()
    for i in range(candidates):
        services.add_candidate(cycle, actor=staff_user, name=f"c{i}", budget=Decimal(1), lead_unit=unit,
                               completion_on=timezone.localdate() + timedelta(days=9))
    if ok:
        assert services.approve_candidates(cycle, actor=staff_user, document="文件").candidates_approved_at
    else:
        with pytest.raises(ValidationError) as refused:
            services.approve_candidates(cycle, actor=staff_user, document="文件")
        assert refused.value.code == "too_few_candidates"


def test_rule_20_a_candidate_needs_budget_unit_and_date(staff_user):
    cycle = services.create_cycle(actor=staff_user, year=2033, title="x", seats=1)
    with pytest.raises(ValidationError) as refused:
        services.add_candidate(cycle, actor=staff_user, name="c", budget=None, lead_unit=None, completion_on=None)
    assert set(refused.value.message_dict) == {"budget", "lead_unit", "completion_on"}


def test_rule_20_ballot_needs_published_list(staff_user):
    cycle = cycle_with_candidates(staff_user, publish=False)
    with pytest.raises(ValidationError):
        voting.start_candidate_ballot(cycle, actor=staff_user)
    with pytest.raises(ValidationError):
        services.advance_stage(cycle, actor=staff_user, to=Cycle.Stage.BALLOT)


def test_seeds_ballot_213_deputies_20_candidates_13_seats_runs_and_verifies(staff_user):
    """Jiangbei 2020: 213 deputies chose 13 of 20. Candidate i gets yes from deputies by a fixed
    pattern; the 13 most supported pass with more than half of all deputies (rule 21)."""
    users = deputies(213)
    cycle = cycle_with_candidates(staff_user, candidates=20, seats=13)
    ballot = voting.start_candidate_ballot(cycle, actor=staff_user)
    assert ballot.electorate_size == 213 and ballot.max_yes == 13
    # Deputy i says yes to the 13 candidates starting at (i % 3): candidates 2..12 get every vote, 0,1 and 13,14 some.
    vote_all(ballot, users, lambda i, keys: keys[i % 3: i % 3 + 13])
    ballot = finish(ballot, staff_user)
    result = ballot.public_result()
    assert result["attendance"] == 213 and result["valid"] == 213 and len(result["adopted"]) == 13
    cycle.refresh_from_db()
    assert cycle.stage == Cycle.Stage.IMPLEMENTATION
    adopted = Project.objects.filter(cycle=cycle, status=Project.Status.ADOPTED)
    assert adopted.count() == 13
    assert Project.objects.filter(cycle=cycle, status=Project.Status.NOT_ADOPTED).count() == 7
    assert all(p.yes_votes * 2 > 213 for p in adopted)
    assert Proposal.objects.filter(cycle=cycle, status=Proposal.Status.ADOPTED).count() == 13
    assert ballots.recount(ballot).ok


def test_tie_at_cut_off_goes_to_a_runoff_then_adopts(staff_user):
    users = deputies(9)
    cycle = cycle_with_candidates(staff_user, candidates=4, seats=2)
    ballot = voting.start_candidate_ballot(cycle, actor=staff_user)
    # 0 gets 8; 1 and 2 get 5 each (both pass, tied at the cut-off for the 2nd seat); 3 gets 0.
    vote_all(ballot, users, lambda i, keys: [keys[1], keys[2]] if i == 4 else [keys[0], keys[1] if i < 4 else keys[2]])
    ballot = finish(ballot, staff_user)
    cycle.refresh_from_db()
    assert ballot.result["runoff"] and voting.current_ballot(cycle).pk == ballot.pk
    cycle.refresh_from_db()
    assert cycle.stage == Cycle.Stage.BALLOT  # nothing adopted while the run-off is pending
    runoff = ballots.start_runoff(ballot.pk, actor=staff_user)
    runoff = ballots.open_ballot(runoff.pk, actor=staff_user)
    assert voting.current_ballot(cycle).pk == runoff.pk
    vote_all(runoff, users, lambda i, keys: [keys[0]] if i < 7 else [keys[1]])
    finish(runoff, staff_user)
    cycle.refresh_from_db()
    assert cycle.stage == Cycle.Stage.IMPLEMENTATION
    assert Project.objects.filter(cycle=cycle, status=Project.Status.ADOPTED).count() == 2


def test_too_few_adopted_is_reported_not_filled(staff_user):
    users = deputies(5)
    cycle = cycle_with_candidates(staff_user, candidates=4, seats=3)
    ballot = voting.start_candidate_ballot(cycle, actor=staff_user)
    vote_all(ballot, users, lambda i, keys: [keys[0]] if i < 3 else [])
    ballot = finish(ballot, staff_user)
    assert ballot.result["shortfall"] == 2
    event = AuditEvent.objects.get(action="livelihood.cycle.projects_adopted")
    assert event.data["adopted"] == 1 and event.data["too_few"] is True
    assert Project.objects.filter(cycle=cycle, status=Project.Status.ADOPTED).count() == 1


def test_voting_awards_the_duty_point_once_and_not_the_choice(staff_user):
    from deputies.models import DutyRecord
    from deputies.points_table import install_default_table

    install_default_table(timezone.localdate().year)
    users = deputies(3)
    cycle = cycle_with_candidates(staff_user, candidates=4, seats=3)
    ballot = voting.start_candidate_ballot(cycle, actor=staff_user)
    vote_all(ballot, users[:2], lambda i, keys: keys[:1])
    records = DutyRecord.objects.filter(item="ballot.voted", source_id=ballot.pk)
    assert records.count() == 2
    assert set(records.values_list("deputy__user", flat=True)) == {users[0].pk, users[1].pk}
    # Participation only: nothing of the marks is in the record or its audit row.
    assert all(r.note == "" for r in records)
    assert not AuditEvent.objects.filter(action="deputies.dutyrecord.recorded", data__has_key="marks").exists()


def test_milestones_progress_checks_and_completion(staff_user, unit_user):
    project = ProjectFactory(status=Project.Status.ADOPTED, lead_unit=unit_user.unit)
    milestone = services.add_milestone(project, actor=staff_user, title="开工", due_on=timezone.localdate())
    sub = services.add_subproject(project, actor=staff_user, name="一号楼")
    report = services.post_progress(project, actor=unit_user, percent=40, text="已开工", milestone=milestone)
    assert report.percent == 40 and Milestone.objects.get(pk=milestone.pk).status == Milestone.Status.REPORTED
    check = services.record_check(project, actor=unit_user, kind="self", checked_on=timezone.localdate(),
                                  findings="进度正常")
    assert check.kind == "self"
    with pytest.raises(PermissionDenied):
        services.record_check(project, actor=unit_user, kind="spot", checked_on=timezone.localdate(), findings="x")
    services.complete_subproject(sub, actor=unit_user)
    project.refresh_from_db()
    assert project.status == Project.Status.COMPLETED and project.completed_at


def test_other_unit_cannot_report_progress(unit_user):
    project = ProjectFactory(status=Project.Status.ADOPTED)
    with pytest.raises(PermissionDenied):
        services.post_progress(project, actor=unit_user, percent=10, text="x")


def test_unsatisfied_rating_opens_one_rectification_and_notifies_the_unit(staff_user, unit_user):
    project = ProjectFactory(status=Project.Status.ADOPTED, lead_unit=unit_user.unit)
    services.record_deputy_rating(project, actor=staff_user, result="unsatisfied")
    services.record_deputy_rating(project, actor=staff_user, result="unsatisfied")
    rect = Rectification.objects.get(project=project)
    assert rect.status == Rectification.Status.OPEN and rect.due_on > timezone.localdate()
    assert Notification.objects.filter(recipient=unit_user, kind="livelihood.rectification").count() == 1
    services.close_rectification(rect, actor=unit_user, report="已整改")
    assert Rectification.objects.get(pk=rect.pk).status == Rectification.Status.DONE


def test_rating_ballot_applies_rule_15_results(staff_user, unit_user):
    """Rule 15 against all deputies: 3 of 6 satisfied is exactly half → not 满意; with 基本满意 4 of 6 → 基本满意."""
    users = deputies(6)
    cycle = cycle_with_candidates(staff_user, candidates=4, seats=3, unit=unit_user.unit)
    ballot = voting.start_candidate_ballot(cycle, actor=staff_user)
    vote_all(ballot, users, lambda i, keys: keys[:3])
    finish(ballot, staff_user)
    rating = voting.start_rating_ballot(cycle, actor=staff_user)
    keys = [o.key for o in rating.options.all()]
    plan = [["satisfied"] * 3 + ["basically_satisfied"] + ["unsatisfied"] * 2,  # 3/6 sat, 4/6 with basic
            ["satisfied"] * 4 + ["unsatisfied"] * 2,                               # 4/6 satisfied
            ["satisfied"] * 1 + ["basically_satisfied"] * 2 + ["unsatisfied"] * 3]  # 3/6 with basic → 不满意
    for i, user in enumerate(users):
        ballots.cast(rating.pk, user, {k: plan[j][i] for j, k in enumerate(keys)})
    finish(rating, staff_user)
    ratings = dict(Project.objects.filter(cycle=cycle, status="adopted").values_list("name", "deputy_rating"))
    assert sorted(ratings.values()) == ["basically", "satisfied", "unsatisfied"]
    assert Rectification.objects.filter(project__cycle=cycle).count() == 1
