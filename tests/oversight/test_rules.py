"""Rule 15's result on its edges, the budget tiers on theirs (Decimal), rule 19's deadlines."""

from datetime import date
from decimal import Decimal

import pytest

from oversight import rules, services
from oversight.models import NormativeDocument
from tests.congress.factories import UnitFactory


@pytest.mark.parametrize(("satisfied", "basic", "members", "expected"), [
    (6, 0, 11, "satisfied"),    # 6 > 5.5
    (5, 1, 11, "basic"),        # 5 is not > 5.5; 6 is
    (5, 0, 10, "unsatisfied"),  # exactly half is not enough
    (4, 1, 10, "unsatisfied"),  # 满意 + 基本满意 = 5 = N/2
    (4, 2, 10, "basic"),
    (0, 0, 1, "unsatisfied"),
    (1, 0, 1, "satisfied"),
])
def test_rule_15_counts_against_all_members(satisfied, basic, members, expected):
    assert rules.rating_result(satisfied, basic, members) == expected


@pytest.mark.parametrize(("planned", "actual", "tier"), [
    ("50", "40.01", 0), ("50", "40", 1), ("50", "30.01", 1), ("50", "30", 2), ("50", "20.01", 2),
    ("50", "20", 3), ("100", "0", 3), ("40", "60", 0), ("0.3", "0.2", 0),
])
def test_budget_tiers_on_their_edges(planned, actual, tier):
    gap, got = rules.budget_tier(Decimal(planned), Decimal(actual))
    assert got == tier and gap == Decimal(planned) - Decimal(actual)


def test_budget_tiers_are_settings(settings):
    settings.OVERSIGHT_BUDGET_TIERS = ["5", "15", "25"]
    assert rules.budget_tier(Decimal("30"), Decimal("25"))[1] == 1
    assert rules.budget_tier(Decimal("30"), Decimal("5"))[1] == 3


@pytest.mark.django_db
def test_filing_review_deadlines_rule_19(settings):
    from tests.oversight.factories import user_in

    office = user_in("staff", "office")
    document = services.register_document(actor=office, title="关于规范物业管理的办法", maker=UnitFactory(),
                                          published_on=date(2026, 3, 1))
    assert document.filing_due_on == date(2026, 3, 31)
    document = services.receive_document(document, actor=office, received_on=date(2026, 4, 2))
    assert document.review_due_on == date(2026, 5, 2) and document.filed_late
    document = services.review_document(document, actor=office, outcome=NormativeDocument.Outcome.AMEND,
                                        note="与上位法不一致")
    assert document.outcome == "amend"
    settings.OVERSIGHT_FILING_DAYS = 15
    assert rules.filing_due_on(date(2026, 3, 1)) == date(2026, 3, 16)


def test_handling_due_date_is_a_setting(settings):
    settings.OVERSIGHT_HANDLING_MONTHS = 3
    assert rules.handling_due_on(date(2026, 11, 30)) == date(2027, 2, 28)
