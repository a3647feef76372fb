"""Counting: paper validation, the one-query tally, the digest and the result (rules 15 and 21).

Pure functions over the ballot's settings, so every rule is a table of cases in the tests.
"""

from __future__ import annotations

import hashlib
import json
from dataclasses import dataclass

from django.db import connection
from django.utils.translation import gettext as _

YES, NO, ABSTAIN = "yes", "no", "abstain"
SATISFIED, BASICALLY, UNSATISFIED = "satisfied", "basically_satisfied", "unsatisfied"
MARKS = {"competitive": (YES, NO, ABSTAIN), "satisfaction": (SATISFIED, BASICALLY, UNSATISFIED)}


def marks_for(kind: str) -> list[str]:
    return list(MARKS[kind])


class PaperRefused(ValueError):
    """A paper that cannot be stored at all (a mark that does not exist, an unknown option)."""


def check_paper(ballot, option_keys, marks) -> bool:
    """Whether `marks` is a valid paper of `ballot`; raise PaperRefused when it is not a paper at all.

    A paper marks every option exactly once with one of its kind's marks. A competitive paper with
    more than `max_yes` "yes" is an invalid paper (rule 21): False, counted as invalid when entered
    by hand, refused when cast in the portal.
    """
    if not isinstance(marks, dict):
        raise PaperRefused(_("A paper is a mark for each option."))
    allowed = MARKS[ballot.kind]
    keys = set(option_keys)
    if set(marks) - keys:
        raise PaperRefused(_("The paper marks an option that is not on this ballot."))
    if set(marks) != keys:
        raise PaperRefused(_("Mark every option."))
    if any(not isinstance(value, str) or value not in allowed for value in marks.values()):
        raise PaperRefused(_("The paper holds a mark that does not exist."))
    if ballot.kind == "competitive":
        return sum(1 for value in marks.values() if value == YES) <= ballot.max_yes
    return True


def canonical(marks: dict) -> str:
    return json.dumps(marks, sort_keys=True, separators=(",", ":"), ensure_ascii=True)


def digest_of(rows) -> str:
    """SHA-256 over the (receipt, valid, marks) list sorted by receipt, one line per paper."""
    h = hashlib.sha256()
    for receipt, valid, marks in sorted(rows, key=lambda row: row[0]):
        h.update(f"{receipt}\t{'1' if valid else '0'}\t{canonical(marks)}\n".encode())
    return h.hexdigest()


def stored_digest(ballot_id: int) -> str:
    with connection.cursor() as cursor:
        cursor.execute("SELECT receipt, valid, marks FROM congress_ballotpaper WHERE ballot_id = %s", [ballot_id])
        rows = [(r, v, m if isinstance(m, dict) else json.loads(m)) for r, v, m in cursor.fetchall()]
    return digest_of(rows)


TALLY_SQL = """
WITH p AS (SELECT valid, marks FROM congress_ballotpaper WHERE ballot_id = %s)
SELECT NULL, NULL, valid, count(*) FROM p GROUP BY valid
UNION ALL
SELECT e.key, e.value, true, count(*) FROM p CROSS JOIN LATERAL jsonb_each_text(p.marks) AS e
WHERE p.valid GROUP BY e.key, e.value
"""


def count(ballot_id: int) -> dict:
    """The tally as one SQL aggregation over the stored papers:
    {"papers": n, "valid": v, "invalid": i, "marks": {option_key: {mark: n}}}."""
    tally = {"papers": 0, "valid": 0, "invalid": 0, "marks": {}}
    with connection.cursor() as cursor:
        cursor.execute(TALLY_SQL, [ballot_id])
        for key, value, valid, n in cursor.fetchall():
            if key is None:
                tally["valid" if valid else "invalid"] += n
                tally["papers"] += n
            else:
                tally["marks"].setdefault(key, {})[value] = n
    return tally


@dataclass(frozen=True)
class Rules:
    """The settings of one ballot that decide its result."""

    kind: str
    seats: int
    electorate: int
    quorum: int
    majority_base: str = "all"

    @classmethod
    def of(cls, ballot) -> Rules:
        electorate = ballot.electorate_size or 0
        return cls(kind=ballot.kind, seats=ballot.seats, electorate=electorate,
                   quorum=ballot.quorum if ballot.quorum is not None else default_quorum(electorate),
                   majority_base=ballot.majority_base)


def default_quorum(electorate: int) -> int:
    """More than half of the electorate."""
    return electorate // 2 + 1


def decide(rules: Rules, tally: dict, option_keys: list[str]) -> dict:
    """The result of a counted ballot. Without quorum there is no result (rule 15).

    Competitive (rule 21): an option passes when its "yes" exceed half of the base (all electors,
    or the valid papers); passing options are ranked by "yes" and the first `seats` adopted; a tie
    across the cut-off sends the tied options to a run-off (never a random pick); fewer adopted than
    seats is reported as a shortfall. Satisfaction (rule 15): N is the whole electorate; 满意 when
    满意 > N/2, else 基本满意 when 满意 + 基本满意 > N/2, else 不满意 (exactly half is not enough).
    """
    attendance = tally["papers"]
    result = {"electorate": rules.electorate, "quorum": rules.quorum, "attendance": attendance,
              "valid": tally["valid"], "invalid": tally["invalid"], "quorate": attendance >= rules.quorum,
              "options": {}}
    marks = tally["marks"]
    if rules.kind == "satisfaction":
        n = rules.electorate
        for key in option_keys:
            counts = {m: marks.get(key, {}).get(m, 0) for m in MARKS["satisfaction"]}
            entry = {"counts": counts, "outcome": None}
            if result["quorate"]:
                if 2 * counts[SATISFIED] > n:
                    entry["outcome"] = SATISFIED
                elif 2 * (counts[SATISFIED] + counts[BASICALLY]) > n:
                    entry["outcome"] = BASICALLY
                else:
                    entry["outcome"] = UNSATISFIED
            result["options"][key] = entry
        return result

    base = rules.electorate if rules.majority_base == "all" else tally["valid"]
    result["base"] = base
    entries = {}
    for key in option_keys:
        counts = {m: marks.get(key, {}).get(m, 0) for m in MARKS["competitive"]}
        entries[key] = {"counts": counts, "passes": result["quorate"] and 2 * counts[YES] > base,
                        "outcome": "not_adopted", "rank": None}
    passing = sorted((k for k in option_keys if entries[k]["passes"]),
                     key=lambda k: -entries[k]["counts"][YES])
    for key in passing:  # competition ranking: equal "yes" share a rank
        yes = entries[key]["counts"][YES]
        entries[key]["rank"] = 1 + sum(1 for k in passing if entries[k]["counts"][YES] > yes)
    adopted, runoff = [], []
    if len(passing) <= rules.seats:
        adopted = passing
    else:
        cut = entries[passing[rules.seats - 1]]["counts"][YES]
        if entries[passing[rules.seats]]["counts"][YES] == cut:
            adopted = [k for k in passing if entries[k]["counts"][YES] > cut]
            runoff = [k for k in passing if entries[k]["counts"][YES] == cut]
        else:
            adopted = passing[: rules.seats]
    for key in adopted:
        entries[key]["outcome"] = "adopted"
    for key in runoff:
        entries[key]["outcome"] = "runoff"
    result["options"] = entries
    result["adopted"] = adopted
    result["runoff"] = runoff
    result["runoff_seats"] = rules.seats - len(adopted) if runoff else 0
    result["shortfall"] = rules.seats - len(adopted) - (result["runoff_seats"])
    return result
