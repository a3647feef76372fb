"""Oversight's rows in the scope matrix's world (tests/test_scope_matrix.py): side A belongs to
unit X, side B to unit Y, each marked in its text; the plan is not published, so deputies, station
keepers and tokens of the other unit see none of it."""

from datetime import date
from decimal import Decimal
from types import SimpleNamespace

from congress.models import Unit
from oversight.models import (
    Activity,
    BudgetExecution,
    DeliberationOpinion,
    Evidence,
    Finding,
    FindingExtension,
    HandlingReport,
    NormativeDocument,
    OversightPlan,
    SatisfactionVote,
    SpecialReview,
    Topic,
    TopicProposal,
)
from tests.congress.factories import CommitteeFactory

KINDS = ("ov_evidence", "ov_proposal", "ov_plan", "ov_year",
         "ov_topic", "ov_finding", "ov_report", "ov_vote", "ov_extension", "ov_review",
         "ov_document", "ov_activity", "ov_budget")


def build(actors, markers) -> dict:
    staff = actors["staff"]
    objects = {kind: {} for kind in KINDS}
    plan = OversightPlan.objects.create(year=2026, title="2026年度监督工作计划")
    objects["ov_plan"]["public"] = plan
    objects["ov_year"]["public"] = SimpleNamespace(pk=plan.year)
    committee = CommitteeFactory()
    for side, code in (("A", "x"), ("B", "y")):
        mark = markers[side]
        unit = Unit.objects.get(code=f"u{code}")
        handler = actors[f"unit_{code}"]
        topic = Topic.objects.create(plan=plan, kind=Topic.Kind.WORK_REPORT, title=f"议题 {mark}",
                                     lead_committee=committee, stage=Topic.Stage.OPINION)
        topic.target_units.set([unit])
        opinion = DeliberationOpinion.objects.create(topic=topic, text=f"意见 {mark}", issued_on=date(2026, 6, 1),
                                                     due_on=date(2026, 8, 1), issued_by=staff)
        finding = Finding.objects.create(opinion=opinion, unit=unit, problem=f"问题 {mark}", required_action="整改",
                                         due_on=date(2026, 8, 1))
        report = HandlingReport.objects.create(finding=finding, outcome="done", content=f"回告 {mark}",
                                               submitted_by=handler)
        objects["ov_evidence"][side] = Evidence.objects.create(finding=finding, file="oversight/evidence/x.pdf",
                                                               note=f"佐证 {mark}", uploaded_by=handler)
        objects["ov_proposal"][side] = TopicProposal.objects.create(plan=plan, source="unit", title=f"建议 {mark}",
                                                                    content="x", proposer_name="p",
                                                                    submitted_by=handler)
        objects["ov_topic"][side] = topic
        objects["ov_finding"][side] = finding
        objects["ov_report"][side] = report
        objects["ov_vote"][side] = SatisfactionVote.objects.create(topic=topic, subject=f"测评 {mark}")
        objects["ov_extension"][side] = FindingExtension.objects.create(
            finding=finding, requested_due_on=date(2026, 9, 1), previous_due_on=finding.due_on,
            reason=f"延期 {mark}", requested_by=handler)
        objects["ov_review"][side] = SpecialReview.objects.create(unit=unit, year=2026, quarter=2,
                                                                  outcome=f"审查 {mark}")
        objects["ov_document"][side] = NormativeDocument.objects.create(
            title=f"文件 {mark}", maker=unit, published_on=date(2026, 3, 1), filing_due_on=date(2026, 3, 31),
            received_on=date(2026, 3, 20), review_due_on=date(2026, 4, 19))
        objects["ov_activity"][side] = Activity.objects.create(topic=topic, kind="research", title=f"调研 {mark}",
                                                               held_on=date(2030, 1, 1))
        objects["ov_budget"][side] = BudgetExecution.objects.create(
            year=2026, quarter=2, unit=unit, project_code=f"P-{code}", project_name=f"项目 {mark}",
            planned_percent=Decimal("50"), actual_percent=Decimal("10"), gap=Decimal("40"), tier=3)
    return objects


KWARG_TABLE = [
    ("staff/oversight/plans/", "pk", "ov_plan"),
    ("staff/oversight/proposals/", "pk", "ov_proposal"),
    ("staff/oversight/activities/", "pk", "ov_activity"),
    ("staff/oversight/evidence/", "pk", "ov_evidence"),
    ("staff/oversight/reports/", "pk", "ov_report"),
    ("portal/oversight/evidence/", "pk", "ov_evidence"),
    ("staff/oversight/topics/", "pk", "ov_topic"),
    ("staff/oversight/votes/", "pk", "ov_vote"),
    ("staff/oversight/findings/", "pk", "ov_finding"),
    ("staff/oversight/extensions/", "pk", "ov_extension"),
    ("staff/oversight/budget/reviews/", "pk", "ov_review"),
    ("staff/oversight/documents/", "pk", "ov_document"),
    ("portal/oversight/findings/", "pk", "ov_finding"),
    ("portal/oversight/activities/", "pk", "ov_activity"),
    ("p/oversight/", "year", "ov_year"),
    ("api/v1/oversight/plans/", "pk", "ov_plan"),
    ("api/v1/oversight/topics/", "pk", "ov_topic"),
    ("api/v1/oversight/findings/", "pk", "ov_finding"),
    ("api/v1/oversight/handling-reports/", "pk", "ov_report"),
    ("api/v1/oversight/ratings/", "pk", "ov_vote"),
    ("api/v1/oversight/budget-watch/", "pk", "ov_budget"),
]
