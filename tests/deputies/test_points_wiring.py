"""A suggestion accepted and rated in the suggestions app shows in its deputies' points with no
one typing it in; rated twice (two rounds), it counts once."""

from datetime import date

from deputies.models import DutyRecord
from deputies.selectors import yearly_ranking
from suggestions import services
from tests.deputies.factories import point_table
from tests.suggestions.conftest import assigned, district, replied  # noqa: F401  the suggestions' district


def test_accepting_and_rating_a_suggestion_earn_points_once(district):  # noqa: F811
    d = district
    point_table(2026)
    suggestion = assigned(d, lead="jt")
    first = replied(d, suggestion, "jt", category="D")
    services.evaluate_reply(first, actor=d["lead"].user, satisfaction="unsatisfied", attitude="fair",
                            approach="poor", effect="poor", comment="未实地调查。", today=date(2026, 3, 10))
    second = services.reply_to_assignment(suggestion.assignments.get(), actor=d["handlers"]["jt"], category="A",
                                          body="已实地调查并解决。", signed_by="局长 刘洋", today=date(2026, 4, 1))
    services.evaluate_reply(second, actor=d["lead"].user, satisfaction="satisfied", attitude="good",
                            approach="good", effect="good", today=date(2026, 4, 5))
    items = sorted(DutyRecord.objects.filter(deputy=d["lead"]).values_list("item", flat=True))
    assert items == ["suggestion.lead", "suggestion.rated"]
    standing = next(s for s in yearly_ranking(2026) if s.deputy_id == d["lead"].pk)
    assert standing.total == 4  # +3 accepted, +1 rated
