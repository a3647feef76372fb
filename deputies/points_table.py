"""The default point table, modelled on domain.md §4 and rule 24 (Jiangbei's published values,
Jinan's deductions and caps). Offices edit their own table per year in the rules editor; this is
what a new year starts from when it has no table yet."""

from decimal import Decimal

from django.db import transaction
from django.utils.translation import gettext_noop

from deputies.models import PointRule

C = PointRule.Category
M = PointRule.Mode

# (item, name, category, points, yearly cap, mode)
DEFAULT_TABLE = [
    ("meeting.present", gettext_noop("Attended a meeting"), C.MEETINGS, "2", None, M.AUTOMATIC),
    ("meeting.half_day_leave", gettext_noop("Half a day of leave from the session"), C.DEDUCTIONS, "-1", None,
     M.AUTOMATIC),
    ("meeting.absent_with_leave", gettext_noop("Absent from the session with leave"), C.DEDUCTIONS, "-10", None,
     M.AUTOMATIC),
    ("meeting.absent_without_leave", gettext_noop("Absent from the session without leave"), C.DEDUCTIONS, "-30",
     None, M.AUTOMATIC),
    ("suggestion.lead", gettext_noop("Suggestion accepted (lead deputy)"), C.SUGGESTIONS, "3", None, M.AUTOMATIC),
    ("suggestion.cosign", gettext_noop("Suggestion accepted (co-signer)"), C.SUGGESTIONS, "1", None, M.AUTOMATIC),
    ("suggestion.rated", gettext_noop("Rated the reply to a suggestion"), C.SUGGESTIONS, "1", None, M.AUTOMATIC),
    ("reception.held", gettext_noop("Received residents at a station"), C.CONTACT, "2", None, M.AUTOMATIC),
    ("oversight.activity", gettext_noop("Inspection or research (视察/调研)"), C.ACTIVITIES, "3", None, M.AUTOMATIC),
    ("ballot.voted", gettext_noop("Voted in a livelihood ballot"), C.MEETINGS, "1", None, M.AUTOMATIC),
    ("training", gettext_noop("Training"), C.TRAINING, "2", None, M.SELF_REPORTED),
    ("public_welfare", gettext_noop("Public-welfare activity"), C.ACTIVITIES, "2", "10", M.SELF_REPORTED),
    ("report_back", gettext_noop("Reported back to voters (述职)"), C.REPORT_BACK, "5", None, M.AUTOMATIC),
    ("adjustment", gettext_noop("Manual adjustment"), C.ADJUSTMENTS, "0", None, M.MANUAL),
]


def install_default_table(year: int) -> int:
    """Give `year` the default table where it has no rule of an item yet; returns rows created."""
    created = 0
    with transaction.atomic():
        for item, name, category, points, cap, mode in DEFAULT_TABLE:
            _rule, made = PointRule.objects.get_or_create(
                year=year, item=item,
                defaults={"name": name, "category": category, "points": Decimal(points),
                          "yearly_cap": Decimal(cap) if cap else None, "mode": mode})
            created += made
    return created


def copy_table(from_year: int, to_year: int) -> int:
    """Prepare next year's table from this year's: new rows, this year's results untouched."""
    created = 0
    with transaction.atomic():
        for rule in PointRule.objects.filter(year=from_year):
            _rule, made = PointRule.objects.get_or_create(
                year=to_year, item=rule.item,
                defaults={"name": rule.name, "category": rule.category, "points": rule.points,
                          "yearly_cap": rule.yearly_cap, "mode": rule.mode})
            created += made
    return created
