"""The livelihood pages' actions on the shared ActionView: a refusal shows the page again with what
was typed and the message once, nothing saved; what cannot be undone asks first (the review page
without JS), and saves nothing until confirmed."""

from datetime import timedelta
from decimal import Decimal

import pytest
from django.db import connection
from django.utils import timezone
from django.utils.html import escape

from congress.ballots import services as ballots
from congress.ballots.models import Ballot
from congress.views import form_messages
from livelihood import services, voting
from livelihood.models import Check, Cycle, Project, Proposal, Rectification, SubProject
from tests.congress.factories import UnitFactory
from tests.livelihood.factories import ProjectFactory, ProposalFactory, cycle_with_candidates, deputies

pytestmark = pytest.mark.django_db
NOTHING_SAVED = "Nothing was saved: see the message on the form."


@pytest.fixture
def english(client, settings):
    """Messages are asserted in English: the person chose it with the language switch."""
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = "en"
    return client


def refused(response) -> list[str]:
    """The lines of the refused form, each shown once on the page that came back (no redirect)."""
    assert response.status_code == 200
    form = response.context["failed_form"]
    page = response.content.decode()
    for message in (escape(error) for errors in form.errors.values() for error in errors):
        assert page.count(message) == 1, f"{message!r} appears {page.count(message)} times"
    return form_messages(form)


def notices(response) -> list[str]:
    return [str(m) for m in response.context["messages"]]


def short_list(staff):
    """A cycle collecting proposals with two candidates for two seats: too few to approve (rule 20)."""
    cycle = services.create_cycle(actor=staff, year=2050, title="2050年民生实事", seats=2)
    unit = UnitFactory()
    for i in range(2):
        services.add_candidate(cycle, actor=staff, name=f"候选{i}", budget=Decimal(100), lead_unit=unit,
                               completion_on=timezone.localdate() + timedelta(days=200))
    return cycle


# --------------------------------------------------------------------------- refusals


def test_approving_too_short_a_list_is_refused_with_the_document_kept(staff_client, staff_user, english):
    cycle = short_list(staff_user)
    response = staff_client.post(f"/staff/livelihood/cycles/{cycle.pk}/approve/",
                                 {"document": "区政府〔2050〕7号", "confirmed": "1"})
    assert refused(response) == ["Rule 20: the list needs more candidates than the 2 projects to adopt; it has 2."]
    assert response.context["approve_form"] is response.context["failed_form"]
    assert 'value="区政府〔2050〕7号"' in response.content.decode()  # what was typed is still there
    assert notices(response) == [NOTHING_SAVED]
    cycle.refresh_from_db()
    assert cycle.candidates_approved_at is None and cycle.candidate_document == ""


def test_a_candidate_with_a_taken_name_is_refused_and_the_other_fields_kept(staff_client, staff_user, english):
    cycle = short_list(staff_user)
    unit = UnitFactory()
    due = (timezone.localdate() + timedelta(days=100)).isoformat()
    response = staff_client.post(f"/staff/livelihood/cycles/{cycle.pk}/candidate/", {
        "name": "候选0", "budget": "88.50", "lead_unit": unit.pk, "completion_on": due, "description": "夜间照明"})
    assert refused(response) == ["Name: A candidate of this cycle already has this name."]
    page = response.content.decode()
    assert 'value="88.50"' in page and "夜间照明" in page and f'value="{due}"' in page
    assert Project.objects.filter(cycle=cycle).count() == 2


def test_merging_into_an_unknown_proposal_is_refused_on_the_form(staff_client, staff_user, english):
    proposal = ProposalFactory()
    response = staff_client.post(f"/staff/livelihood/proposals/{proposal.pk}/merge/",
                                 {"into": "999999", "confirmed": "1"})
    assert refused(response) == ["Merge into proposal no.: No such proposal."]
    assert 'value="999999"' in response.content.decode()
    proposal.refresh_from_db()
    assert proposal.status == Proposal.Status.RECEIVED and proposal.merged_into is None


def test_merging_into_another_cycles_proposal_shows_the_services_message(staff_client, staff_user, english):
    proposal, elsewhere = ProposalFactory(), ProposalFactory()
    response = staff_client.post(f"/staff/livelihood/proposals/{proposal.pk}/merge/",
                                 {"into": str(elsewhere.pk), "confirmed": "1"})
    assert refused(response) == ["Merge into another proposal of the same cycle."]
    proposal.refresh_from_db()
    assert proposal.status == Proposal.Status.RECEIVED


def test_a_failed_verification_is_shown_on_the_verify_form_and_the_ballot_stays_counted(
        staff_client, staff_user, english):
    voters = deputies(3)
    cycle = cycle_with_candidates(staff_user, candidates=3, seats=2)
    ballot = voting.start_candidate_ballot(cycle, actor=staff_user)
    for user in voters:
        ballots.cast(ballot.pk, user, {o.key: "yes" if o.position < 2 else "no" for o in ballot.options.all()})
    ballots.close_ballot(ballot.pk, actor=staff_user)
    with connection.cursor() as cursor:  # someone with database access removes a paper
        cursor.execute("DELETE FROM congress_ballotpaper WHERE receipt = "
                       "(SELECT min(receipt) FROM congress_ballotpaper WHERE ballot_id = %s)", [ballot.pk])
    response = staff_client.post(f"/staff/livelihood/cycles/{cycle.pk}/ballots/{ballot.pk}/verify/",
                                 {"confirmed": "1"})
    assert refused(response) == ["Verification FAILED: the papers changed."]
    assert response.context["ballot"].verify_form is response.context["failed_form"]
    assert Ballot.objects.get(pk=ballot.pk).status == Ballot.Status.COUNTED
    publish = staff_client.post(f"/staff/livelihood/cycles/{cycle.pk}/ballots/{ballot.pk}/publish/",
                                {"confirmed": "1"})
    assert refused(publish) == ["Only a verified ballot can be published."]
    assert Ballot.objects.get(pk=ballot.pk).status == Ballot.Status.COUNTED


def test_closing_a_closed_ballot_says_why_at_the_top(staff_client, staff_user, english):
    deputies(2)
    cycle = cycle_with_candidates(staff_user, candidates=3, seats=2)
    ballot = voting.start_candidate_ballot(cycle, actor=staff_user)
    ballots.close_ballot(ballot.pk, actor=staff_user)
    response = staff_client.post(f"/staff/livelihood/cycles/{cycle.pk}/ballots/{ballot.pk}/close/",
                                 {"confirmed": "1"})
    # The page no longer offers "close": the reason itself is the message, once.
    assert response.status_code == 200 and notices(response) == ["Only an open ballot can be closed."]
    assert response.content.decode().count("Only an open ballot can be closed.") == 1


def test_another_cycles_ballot_is_not_found(staff_client, staff_user):
    deputies(2)
    mine = cycle_with_candidates(staff_user, candidates=3, seats=2)
    other = cycle_with_candidates(staff_user, candidates=3, seats=2)
    ballot = voting.start_candidate_ballot(other, actor=staff_user)
    response = staff_client.post(f"/staff/livelihood/cycles/{mine.pk}/ballots/{ballot.pk}/close/",
                                 {"confirmed": "1"})
    assert response.status_code == 404
    assert Ballot.objects.get(pk=ballot.pk).status == Ballot.Status.OPEN


def test_deputies_and_units_cannot_use_the_office_actions(deputy_client, staff_user):
    cycle = short_list(staff_user)
    response = deputy_client.post(f"/staff/livelihood/cycles/{cycle.pk}/candidate/", {"name": "我的项目"})
    assert response.status_code == 403
    assert Project.objects.filter(cycle=cycle).count() == 2


def test_a_unit_posting_too_high_a_percentage_keeps_its_text(unit_client, unit_user, english):
    project = ProjectFactory(status=Project.Status.ADOPTED, lead_unit=unit_user.unit)
    response = unit_client.post(f"/portal/livelihood/projects/{project.pk}/progress/",
                                {"percent": "150", "text": "路灯已安装一半"})
    assert refused(response) == ["Percent complete: Ensure this value is less than or equal to 100."]
    assert "路灯已安装一半" in response.content.decode()
    assert not project.progress_reports.exists()


def test_another_units_project_is_refused_to_a_unit(unit_client, unit_user):
    other = ProjectFactory(status=Project.Status.ADOPTED)
    sub = SubProject.objects.create(project=other, name="一号点")
    assert unit_client.post(f"/portal/livelihood/projects/{other.pk}/subprojects/{sub.pk}/done/",
                            {"confirmed": "1"}).status_code == 404
    assert not SubProject.objects.get(pk=sub.pk).is_done


def test_a_rectification_report_needs_words(unit_client, unit_user, english):
    project = ProjectFactory(status=Project.Status.ADOPTED, lead_unit=unit_user.unit)
    rectification = Rectification.objects.create(project=project, unit=project.lead_unit, reason="整改",
                                                 due_on=timezone.localdate() + timedelta(days=30))
    response = unit_client.post(f"/portal/livelihood/projects/{project.pk}/rectifications/{rectification.pk}/",
                                {"report": "", "confirmed": "1"})
    assert refused(response) == ["What was fixed: This field is required."]
    assert Rectification.objects.get(pk=rectification.pk).status == Rectification.Status.OPEN


def test_a_residents_spam_is_refused_with_the_title_kept(client, staff_user, english):
    cycle = services.create_cycle(actor=staff_user, year=2051, title="2051年民生实事", seats=2)
    response = client.post(f"/p/livelihood/cycles/{cycle.pk}/propose/", {
        "title": "社区食堂", "description": "详见 http://spam.example", "category": "elderly", "website": ""})
    assert refused(response) == ["Your proposal looks like spam: leave out links."]
    assert 'value="社区食堂"' in response.content.decode()
    assert not Proposal.objects.exists()


def test_a_second_survey_answer_from_the_same_device_is_refused(client, staff_user, english, settings):
    settings.LIVELIHOOD_SURVEY_ONE_PER = "device"
    cycle = cycle_with_candidates(staff_user, candidates=3, seats=2)
    Project.objects.filter(cycle=cycle, position=1).update(status=Project.Status.ADOPTED)
    Cycle.objects.filter(pk=cycle.pk).update(stage=Cycle.Stage.IMPLEMENTATION)
    today = timezone.localdate()
    services.open_survey(cycle, actor=staff_user, opens_on=today, closes_on=today + timedelta(days=9))
    project = cycle.projects.get(position=1)
    url = f"/p/livelihood/cycles/{cycle.pk}/survey/"
    client.get(url)
    assert client.post(url, {f"project_{project.pk}": "satisfied", "website": ""}).status_code == 302
    again = client.post(url, {f"project_{project.pk}": "unsatisfied", "website": ""})
    assert refused(again) == [f"Already answered from this phone or device: {project.name}"]
    assert project.survey_responses.get().rating == "satisfied"


# --------------------------------------------------------------------------- the review step


def adopted_project(staff, unit=None):
    project = ProjectFactory(status=Project.Status.ADOPTED, **({"lead_unit": unit} if unit else {}))
    return project, SubProject.objects.create(project=project, name="一号点")


def _approve(staff):
    cycle = cycle_with_candidates(staff, candidates=3, seats=2, publish=False)
    Cycle.objects.filter(pk=cycle.pk).update(candidates_approved_at=None, candidate_document="")
    return (f"/staff/livelihood/cycles/{cycle.pk}/approve/", {"document": "区政府〔2052〕2号"},
            lambda: Cycle.objects.get(pk=cycle.pk).candidates_approved_at is None)


def _publish(staff):
    cycle = cycle_with_candidates(staff, candidates=3, seats=2, publish=False)
    return f"/staff/livelihood/cycles/{cycle.pk}/publish/", {}, \
        lambda: Cycle.objects.get(pk=cycle.pk).candidates_published_at is None


def _open_ballot(staff):
    deputies(2)
    cycle = cycle_with_candidates(staff, candidates=3, seats=2)
    return (f"/staff/livelihood/cycles/{cycle.pk}/open_ballot/", {"majority_base": "all", "mode": "electronic"},
            lambda: not Ballot.objects.exists())


def _close_ballot(staff):
    deputies(2)
    cycle = cycle_with_candidates(staff, candidates=3, seats=2)
    ballot = voting.start_candidate_ballot(cycle, actor=staff)
    return (f"/staff/livelihood/cycles/{cycle.pk}/ballots/{ballot.pk}/close/", {},
            lambda: Ballot.objects.get(pk=ballot.pk).status == Ballot.Status.OPEN)


def _screen_out(staff):
    proposal = ProposalFactory()
    return (f"/staff/livelihood/proposals/{proposal.pk}/screen-out/", {"reason": "不属于政府投资范围"},
            lambda: Proposal.objects.get(pk=proposal.pk).status == Proposal.Status.RECEIVED)


def _check(staff):
    project, _sub = adopted_project(staff)
    return (f"/staff/livelihood/projects/{project.pk}/checks/", {
        "kind": "spot", "checked_on": timezone.localdate().isoformat(), "findings": "进度滞后"},
        lambda: not Check.objects.exists())


@pytest.mark.parametrize("build", [_approve, _publish, _open_ballot, _close_ballot, _screen_out, _check])
def test_an_irreversible_office_action_asks_first_and_saves_nothing(staff_client, staff_user, english, build):
    url, data, unchanged = build(staff_user)
    review = staff_client.post(url, data)
    assert review.status_code == 200
    assert [t.name for t in review.templates][0] == "congress/confirm.html"
    page = review.content.decode()
    assert 'name="confirmed" value="1"' in page
    for key, value in data.items():  # re-posted as entered
        assert f'name="{key}" value="{value}"' in page
    assert unchanged()
    done = staff_client.post(url, {**data, "confirmed": "1"})
    assert done.status_code == 302 and not unchanged()


def test_a_unit_marks_a_sub_project_done_only_after_confirming(unit_client, unit_user, english):
    project, sub = adopted_project(None, unit=unit_user.unit)
    url = f"/portal/livelihood/projects/{project.pk}/subprojects/{sub.pk}/done/"
    review = unit_client.post(url)
    assert review.status_code == 200 and "Mark this sub-project done?" in review.content.decode()
    assert not SubProject.objects.get(pk=sub.pk).is_done
    assert unit_client.post(url, {"confirmed": "1"}).status_code == 302
    assert SubProject.objects.get(pk=sub.pk).is_done
    assert Project.objects.get(pk=project.pk).status == Project.Status.COMPLETED  # its only sub-project


def test_the_dashboard_asks_the_same_question_as_the_review_page(staff_client, staff_user):
    cycle = cycle_with_candidates(staff_user, candidates=3, seats=2, publish=False)
    page = staff_client.get(f"/staff/livelihood/cycles/{cycle.pk}/").content.decode()
    review = staff_client.post(f"/staff/livelihood/cycles/{cycle.pk}/publish/").context["message"]
    assert f'action="/staff/livelihood/cycles/{cycle.pk}/publish/" data-confirm="{review}"' in page
    assert Cycle.objects.get(pk=cycle.pk).candidates_published_at is None
