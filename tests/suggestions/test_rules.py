"""Deadline arithmetic of suggestions (domain.md rules 1–6, 12), with the office's settings."""

from datetime import date

import pytest

from suggestions import rules

pytestmark = pytest.mark.django_db


@pytest.mark.parametrize(("assigned_on", "due"), [
    (date(2026, 2, 2), date(2026, 5, 6)),    # 2 May is in the May Day holiday: the next working day
    (date(2026, 1, 30), date(2026, 4, 30)),  # a Thursday, kept
    (date(2025, 11, 30), date(2026, 2, 28)),  # a Saturday, but a make-up working day for Spring Festival
    (date(2026, 8, 22), date(2026, 11, 23)),  # 22 Nov is a Sunday
])
def test_reply_due_three_months_after_assignment(assigned_on, due):
    assert rules.reply_due_on(assigned_on) == due


def test_due_dates_may_stay_on_the_calendar_day(settings):
    settings.SUGGESTIONS_DUE_ON_WORKING_DAY = False
    assert rules.reply_due_on(date(2026, 2, 2)) == date(2026, 5, 2)


def test_local_rules_change_the_lengths(settings):
    settings.SUGGESTIONS_REPLY_MONTHS = 2
    settings.SUGGESTIONS_REHANDLE_MONTHS = 2  # Chongqing-style re-handling
    assert rules.reply_due_on(date(2026, 3, 2)) == date(2026, 5, 6)  # 2 May → after the holiday
    assert rules.rehandle_due_on(date(2026, 3, 10)) == date(2026, 5, 11)  # 10 May is a Sunday


def test_the_legal_maximum_is_six_months_after_assignment():
    assert rules.latest_due_on(date(2026, 2, 28)) == date(2026, 8, 28)
    assert rules.latest_due_on(date(2026, 8, 31)) == date(2027, 2, 28)


def test_working_day_windows_skip_holidays():
    assert rules.assign_by(date(2026, 9, 28)) == date(2026, 10, 10)          # 5 working days across National Day
    # 7 working days from 29 Sep: 30 Sep, 8, 9, 10 (a make-up Saturday), 12, 13, 14 Oct
    assert rules.return_window_ends(date(2026, 9, 29)) == date(2026, 10, 14)
    assert rules.rating_due_on(date(2026, 12, 1)) == date(2026, 12, 29)       # 20 working days
