"""Every counting rule as a table of cases (domain.md rules 15 and 21)."""

from types import SimpleNamespace

import pytest

from congress.ballots import tally
from congress.ballots.tally import Rules, decide

OPTS = ["1", "2", "3", "4"]


def competitive(yes: dict, *, papers, invalid=0, electorate=10, seats=2, base="all", quorum=None):
    marks = {k: {"yes": n} for k, n in yes.items()}
    counted = {"papers": papers, "valid": papers - invalid, "invalid": invalid, "marks": marks}
    quorum = tally.default_quorum(electorate) if quorum is None else quorum
    rules = Rules("competitive", seats, electorate, quorum, base)
    return decide(rules, counted, OPTS)


@pytest.mark.parametrize(("case", "yes", "papers", "invalid", "base", "adopted", "runoff", "shortfall"), [
    ("top two pass", {"1": 9, "2": 8, "3": 3, "4": 1}, 10, 0, "all", ["1", "2"], [], 0),
    ("exactly half of all is not enough", {"1": 9, "2": 5, "3": 3}, 10, 0, "all", ["1"], [], 1),
    ("half of all + 1 passes", {"1": 9, "2": 6, "3": 3}, 10, 0, "all", ["1", "2"], [], 0),
    ("majority of valid papers passes where all would not", {"1": 5, "2": 4, "3": 1}, 8, 1, "valid",
     ["1", "2"], [], 0),
    ("majority of all refuses the same", {"1": 5, "2": 4, "3": 1}, 8, 1, "all", [], [], 2),
    ("three pass, ranked within K", {"1": 9, "2": 8, "3": 7, "4": 1}, 10, 0, "all", ["1", "2"], [], 0),
    ("tie at the cut-off: a run-off", {"1": 9, "2": 7, "3": 7, "4": 1}, 10, 0, "all", ["1"], ["2", "3"], 0),
    ("tie for every seat", {"1": 8, "2": 8, "3": 8}, 10, 0, "all", [], ["1", "2", "3"], 0),
    ("tie below the cut-off changes nothing", {"1": 9, "2": 8, "3": 6, "4": 6}, 10, 0, "all", ["1", "2"], [], 0),
    ("too few adopted is reported", {"1": 4, "2": 3}, 10, 0, "all", [], [], 2),
    ("no quorum: nothing adopted", {"1": 5, "2": 5}, 5, 0, "valid", [], [], 2),
])
def test_competitive_result(case, yes, papers, invalid, base, adopted, runoff, shortfall):
    result = competitive(yes, papers=papers, invalid=invalid, base=base)
    assert (result["adopted"], result["runoff"], result["shortfall"]) == (adopted, runoff, shortfall), case
    if runoff:
        assert result["runoff_seats"] == 2 - len(adopted)
        assert all(result["options"][k]["outcome"] == "runoff" for k in runoff)


def test_ranks_share_on_equal_yes():
    result = competitive({"1": 9, "2": 7, "3": 7}, papers=10)
    assert [result["options"][k]["rank"] for k in "123"] == [1, 2, 2]


def satisfaction(s, b, u, *, electorate=10, papers=None, quorum=None):
    papers = s + b + u if papers is None else papers
    counted = {"papers": papers, "valid": papers, "invalid": 0,
               "marks": {"1": {"satisfied": s, "basically_satisfied": b, "unsatisfied": u}}}
    q = tally.default_quorum(electorate) if quorum is None else quorum
    return decide(Rules("satisfaction", 1, electorate, q), counted, ["1"])["options"]["1"]["outcome"]


@pytest.mark.parametrize(("case", "s", "b", "u", "outcome"), [
    ("satisfied > N/2", 6, 2, 2, "satisfied"),
    ("satisfied exactly N/2 falls to basically", 5, 3, 2, "basically_satisfied"),
    ("satisfied + basically > N/2", 3, 3, 4, "basically_satisfied"),
    ("satisfied + basically exactly N/2 is unsatisfied", 3, 2, 5, "unsatisfied"),
    ("counted against all electors, not those present", 4, 0, 2, "unsatisfied"),
    ("unanimous unsatisfied", 0, 0, 10, "unsatisfied"),
])
def test_satisfaction_rule_15(case, s, b, u, outcome):
    assert satisfaction(s, b, u) == outcome, case


def test_satisfaction_without_quorum_has_no_result():
    assert satisfaction(5, 0, 0, electorate=12) is None  # 5 papers of 12: quorum 7
    assert satisfaction(5, 0, 0, electorate=12, quorum=5) == "unsatisfied"  # quorum is a setting


BALLOT = SimpleNamespace(kind="competitive", max_yes=2)


@pytest.mark.parametrize(("case", "marks", "valid"), [
    ("two yes of K=2", {"1": "yes", "2": "yes", "3": "no", "4": "abstain"}, True),
    ("no yes at all", {"1": "no", "2": "no", "3": "abstain", "4": "abstain"}, True),
    ("three yes: an invalid paper", {"1": "yes", "2": "yes", "3": "yes", "4": "no"}, False),
])
def test_paper_validity(case, marks, valid):
    assert tally.check_paper(BALLOT, OPTS, marks) is valid, case


@pytest.mark.parametrize(("case", "marks"), [
    ("not a mapping", ["yes", "no"]),
    ("an option missing", {"1": "yes", "2": "no", "3": "no"}),
    ("an option not on the ballot", {"1": "yes", "2": "no", "3": "no", "4": "no", "99": "no"}),
    ("a mark that does not exist", {"1": "maybe", "2": "no", "3": "no", "4": "no"}),
    ("a satisfaction mark on a competitive ballot", {"1": "satisfied", "2": "no", "3": "no", "4": "no"}),
    ("a non-string mark", {"1": 1, "2": "no", "3": "no", "4": "no"}),
])
def test_not_a_paper(case, marks):
    with pytest.raises(tally.PaperRefused):
        tally.check_paper(BALLOT, OPTS, marks)


def test_digest_is_order_independent_and_mark_sensitive():
    rows = [("B", True, {"1": "yes", "2": "no"}), ("A", True, {"2": "no", "1": "no"})]
    assert tally.digest_of(rows) == tally.digest_of(list(reversed(rows)))
    assert tally.digest_of(rows) != tally.digest_of([rows[0], ("A", True, {"2": "no", "1": "yes"})])
    assert tally.digest_of(rows) != tally.digest_of([rows[0], ("A", False, {"2": "no", "1": "no"})])
