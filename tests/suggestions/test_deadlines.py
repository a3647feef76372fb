"""Deadlines on years without a holiday calendar (provisional, recomputed on load), the deadline
settings of rules 1, 2, 3 and 11, rule 4's assign-by date, and the statistics gaps of issue 6."""

from datetime import date, timedelta

import pytest
import time_machine
from django.conf import settings
from django.core.exceptions import ValidationError
from django.test import override_settings

from congress.calendar import load_year, parse_year
from congress.models import AuditEvent, Reminder
from suggestions import rules, services
from suggestions.models import Statistic
from suggestions.reminders import create_reminders
from suggestions.selectors import boards
from suggestions.statistics import refresh_statistics
from tests.suggestions.conftest import assigned, part, replied, submitted

pytestmark = pytest.mark.django_db

CALENDAR_2027 = ["2027-01-01 元旦", "2027-02-06..2027-02-13 春节", "2027-02-14 调休上班"]


def load_2027():
    return load_year(parse_year(2027, CALENDAR_2027), source="form")


# --------------------------------------------------------------------------- years without calendar


def test_a_case_assigned_on_6_november_2026_is_provisional_until_2027_is_loaded(district):
    suggestion = assigned(district, lead="jt", day=date(2026, 11, 6))
    lead = part(suggestion, "jt")
    # 3 months is Saturday 6 Feb 2027; on weekdays only that becomes Monday 8 Feb, in Spring Festival.
    assert (lead.due_on, lead.due_is_provisional) == (date(2027, 2, 8), True)

    recomputed = load_2027()

    lead.refresh_from_db()
    assert not date(2027, 2, 6) <= lead.due_on <= date(2027, 2, 13)
    assert (lead.due_on, lead.original_due_on, lead.due_is_provisional) == (date(2027, 2, 14), date(2027, 2, 14),
                                                                            False)
    assert recomputed["suggestions"] >= 1
    event = AuditEvent.objects.get(action="suggestions.suggestion.deadline_recomputed", object_id=suggestion.pk)
    assert (event.data["old"], event.data["new"]) == ("2027-02-08", "2027-02-14")


def test_an_extended_deadline_keeps_its_date_when_the_year_is_loaded(district):
    d = district
    suggestion = assigned(d, lead="jt", day=date(2026, 11, 6))
    lead = part(suggestion, "jt")
    extension = services.request_extension(lead, actor=d["handlers"]["jt"], due_on=date(2027, 3, 1),
                                           reason="需要跨部门协调")
    services.decide_extension(extension, actor=d["staff"], approve=True)
    load_2027()
    lead.refresh_from_db()
    assert (lead.due_on, lead.due_is_provisional) == (date(2027, 3, 1), False)


def test_the_co_unit_deadline_moves_off_new_years_day(district):
    suggestion = assigned(district, lead="jt", co=["jw"], day=date(2026, 12, 1))
    co = part(suggestion, "jw")
    # A month from 1 December is Friday 1 January 2027: a weekday until 2027 is known.
    assert (co.due_on, co.due_is_provisional) == (date(2027, 1, 1), True)
    load_2027()
    co.refresh_from_db()
    assert (co.due_on, co.due_is_provisional) == (date(2027, 1, 4), False)


def test_the_co_unit_deadline_moves_off_a_known_holiday(district):
    suggestion = assigned(district, lead="jt", co=["jw"], day=date(2026, 9, 1))
    assert part(suggestion, "jw").due_on == date(2026, 10, 8)  # 1 October is National Day
    assert not part(suggestion, "jw").due_is_provisional


def test_the_api_shows_whether_a_deadline_is_provisional(district, client):
    from rest_framework.test import APIClient

    suggestion = assigned(district, lead="jt", day=date(2026, 11, 6))
    api = APIClient()
    api.force_authenticate(district["staff"])
    body = api.get(f"/api/v1/assignments/{part(suggestion, 'jt').pk}/").json()
    assert body["due_is_provisional"] is True and body["due_on"] == "2027-02-08"


# --------------------------------------------------------------------------- settings of rules 1, 2, 3, 11


def test_rule_1_the_clock_may_start_at_the_close_of_the_session(district):
    # The session closed on 10 January 2026; the case is assigned on 2 February.
    assert part(assigned(district, lead="jt"), "jt").due_on == date(2026, 5, 6)  # from 交办, May Day moved
    with override_settings(SUGGESTIONS_REPLY_CLOCK_STARTS="session_close"):
        suggestion = assigned(district, lead="jw")
        lead = part(suggestion, "jw")
        assert (lead.due_on, lead.due_start_on) == (date(2026, 4, 10), date(2026, 1, 10))
        # a suggestion between sessions has no session: its clock still starts at 交办
        assert rules.reply_deadline(date(2026, 3, 2)).due_on == date(2026, 6, 2)


@pytest.mark.parametrize(("cap", "latest"), [
    ("after_assignment", date(2026, 8, 2)),       # 6 months after 交办 on 2 February
    ("after_first_deadline", date(2026, 8, 6)),   # 3 months after the first deadline, 6 May
])
def test_rule_2_the_extension_cap_is_a_setting(district, cap, latest):
    d = district
    with override_settings(SUGGESTIONS_EXTENSION_CAP=cap):
        lead = part(assigned(d, lead="jt"), "jt")
        with pytest.raises(ValidationError) as refused:
            services.request_extension(lead, actor=d["handlers"]["jt"], due_on=latest + timedelta(days=1),
                                       reason="需要跨部门协调")
        assert "past_maximum" in str(refused.value.error_dict["due_on"][0].code)
        assert not lead.extensions.exists()
        services.request_extension(lead, actor=d["handlers"]["jt"], due_on=latest, reason="需要跨部门协调")
        assert lead.extensions.get().requested_due_on == latest


@pytest.mark.parametrize(("overrides", "due"), [
    ({}, date(2026, 4, 20)),                                   # 1 month after 20 March
    ({"SUGGESTIONS_REHANDLE_MONTHS": 2}, date(2026, 5, 20)),
    ({"SUGGESTIONS_REHANDLE_DAYS": 15}, date(2026, 4, 7)),     # 4 April is Qingming: moved to Tuesday 7 April
])
def test_rule_3_re_handling_is_due_in_months_or_days(district, overrides, due):
    d = district
    with override_settings(**overrides):
        suggestion = assigned(d, lead="jt")
        reply = replied(d, suggestion, "jt")
        services.evaluate_reply(reply, actor=d["lead"].user, satisfaction="unsatisfied", attitude="poor",
                                approach="poor", effect="poor", comment="问题没有解决", today=date(2026, 3, 20))
        lead = part(suggestion, "jt")
        assert (lead.status, lead.round, lead.due_on, lead.due_start_on) == ("rehandling", 2, due, date(2026, 3, 20))


THREE_CATEGORIES = {
    "SUGGESTIONS_REPLY_CATEGORIES": [("A", "已解决"), ("B", "部分解决或列入计划"), ("C", "留作参考")],
    "SUGGESTIONS_TRACKED_CATEGORIES": ["B"], "SUGGESTIONS_SOLVED_CATEGORIES": ["A"],
}


def test_rule_11_the_categories_count_and_tracking_are_settings(district):
    d = district
    with override_settings(**THREE_CATEGORIES):
        suggestion = assigned(d, lead="jt")
        with pytest.raises(ValidationError) as refused:
            replied(d, suggestion, "jt", category="D")
        assert "A, B, C" in str(refused.value)
        assert not part(suggestion, "jt").replies.exists()
        with pytest.raises(ValidationError):  # B is tracked: it needs commitments
            replied(d, suggestion, "jt", category="B")
        replied(d, suggestion, "jt", category="C")  # C is reference only here: no commitment asked
        other = assigned(d, lead="jt")
        replied(d, other, "jt", category="A")
        refresh_statistics(2026, today=date(2026, 6, 30))
        row = Statistic.objects.get(year=2026, meeting=None, dimension="unit", unit=d["units"]["jt"])
        assert row.category_counts == {"A": 1, "B": 0, "C": 1}
        assert row.solved_rate == 0.5


# --------------------------------------------------------------------------- rule 4


BETWEEN = date(2026, 3, 2)  # a Monday, long after the session: a suggestion between sessions


def received(d, day=BETWEEN):
    """Submitted on `day`, its clock (submitted_at) included."""
    with time_machine.travel(f"{day.isoformat()} 10:00 +0800", tick=False):
        return submitted(d, day=day)


def test_rule_4_the_assign_by_date_is_stored_shown_and_reminded(district, client):
    d = district
    suggestion = received(d)
    assert suggestion.meeting_id is None
    assert (suggestion.assign_by, suggestion.assign_by_is_provisional) == (date(2026, 3, 9), False)
    at_session = submitted(d)
    assert at_session.assign_by is None  # rule 4 is about suggestions between sessions only

    client.force_login(d["staff"])
    page = client.get("/staff/suggestions/").content.decode()
    assert "2026年3月9日" in page or "2026-03-09" in page

    assert create_reminders(today=date(2026, 3, 7)) >= 1
    reminder = Reminder.objects.get(recipient=d["staff"], kind="suggestions.assign_due_2")
    assert reminder.due_on == date(2026, 3, 7) and suggestion.title in reminder.body
    assert create_reminders(today=date(2026, 3, 7)) == 0  # once only
    create_reminders(today=date(2026, 3, 10))
    assert Reminder.objects.filter(recipient=d["staff"], kind="suggestions.assign_overdue").exists()
    # assigned: no more reminders
    accepted_now = services.accept_suggestion(suggestion, actor=d["staff"])
    services.assign_suggestion(accepted_now, actor=d["staff"], lead_unit=d["units"]["jt"], today=date(2026, 3, 12))
    count = Reminder.objects.filter(kind__startswith="suggestions.assign").count()
    create_reminders(today=date(2026, 3, 17))
    assert Reminder.objects.filter(kind__startswith="suggestions.assign").count() == count


def test_rule_4_late_assignments_are_counted_per_unit(district):
    d = district
    on_time = services.accept_suggestion(received(d), actor=d["staff"])
    services.assign_suggestion(on_time, actor=d["staff"], lead_unit=d["units"]["jt"], today=date(2026, 3, 9))
    late = services.accept_suggestion(received(d), actor=d["staff"])
    services.assign_suggestion(late, actor=d["staff"], lead_unit=d["units"]["jt"], today=date(2026, 3, 12))
    assigned(d, lead="jt")  # at a session: never late under rule 4
    refresh_statistics(2026, today=date(2026, 6, 30))
    row = Statistic.objects.get(year=2026, meeting=None, dimension="unit", unit=d["units"]["jt"])
    assert (row.assigned, row.assigned_late) == (3, 1)


def test_rule_4_a_provisional_assign_by_date_is_recomputed(district):
    d = district
    suggestion = received(d, day=date(2026, 12, 28))  # 5 working days reach into 2027
    assert (suggestion.assign_by, suggestion.assign_by_is_provisional) == (date(2027, 1, 4), True)
    load_2027()
    suggestion.refresh_from_db()
    assert (suggestion.assign_by, suggestion.assign_by_is_provisional) == (date(2027, 1, 5), False)


# --------------------------------------------------------------------------- closing, boards


def test_closing_an_unrated_case_counts_the_answer_and_the_missing_rating(district):
    d = district
    suggestion = assigned(d, lead="jt")
    replied(d, suggestion, "jt", category="A", day=date(2026, 3, 2))
    services.close_suggestion(suggestion, actor=d["staff"], note="代表逾期未反馈意见")
    assert part(suggestion, "jt").status == "cancelled"
    refresh_statistics(2026, today=date(2026, 6, 30))
    row = Statistic.objects.get(year=2026, meeting=None, dimension="unit", unit=d["units"]["jt"])
    assert (row.assigned, row.replied, row.replied_on_time, row.category_a) == (1, 1, 1, 1)
    assert (row.evaluated, row.satisfied, row.rating_missing) == (0, 0, 1)


def test_closing_a_case_never_answered_does_not_count_as_an_answer(district):
    d = district
    suggestion = assigned(d, lead="jt")
    services.close_suggestion(suggestion, actor=d["staff"], note="情况已变化")
    refresh_statistics(2026, today=date(2026, 6, 30))
    assert not Statistic.objects.filter(year=2026, meeting=None, dimension="unit", unit=d["units"]["jt"]).exists()


def rate(d, suggestion, code):
    reply = part(suggestion, code).replies.get()
    services.evaluate_reply(reply, actor=d["lead"].user, satisfaction="satisfied", attitude="good",
                            approach="good", effect="good", today=date(2026, 3, 20))


@override_settings(SUGGESTIONS_BOARD_MIN_ASSIGNED=3)
def test_the_honour_board_never_ranks_a_unit_with_overdue_cases(district):
    d = district
    # 区交通局: three answered on time and rated satisfied, five never answered and overdue.
    for _ in range(3):
        done = assigned(d, lead="jt")
        replied(d, done, "jt", day=date(2026, 3, 2))
        rate(d, done, "jt")
    for _ in range(5):
        assigned(d, lead="jt")
    # 区教育委员会: three answered on time and rated satisfied, nothing overdue.
    for _ in range(3):
        done = assigned(d, lead="jw")
        replied(d, done, "jw", day=date(2026, 3, 3))
        rate(d, done, "jw")
    today = date(2026, 6, 30)
    refresh_statistics(2026, today=today)
    transport = Statistic.objects.get(year=2026, meeting=None, dimension="unit", unit=d["units"]["jt"])
    assert transport.on_time_rate == 1.0 and transport.overdue == 5  # "按期答复率 100%"
    honour, _warning = boards(2026, today=today)
    assert [row.unit.code for row in honour] == ["jw"]
    with override_settings(SUGGESTIONS_HONOUR_MAX_OVERDUE=5):
        honour, _warning = boards(2026, today=today)
        assert [row.unit.code for row in honour] == ["jw", "jt"]  # allowed, but ranked after no overdue


def test_the_statistics_page_writes_the_boards_rule(district, client):
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = "en"
    client.force_login(district["staff"])
    page = client.get("/staff/suggestions/statistics/").content.decode()
    assert "no more than 0 overdue cases" in page


def test_the_list_and_the_export_say_a_deadline_is_provisional_and_why(district, client):
    from io import BytesIO

    from openpyxl import load_workbook

    assigned(district, lead="jt", day=date(2026, 11, 6))
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = "en"
    client.force_login(district["staff"])
    page = client.get("/staff/suggestions/").content.decode()
    assert 'class="provisional"' in page and "holiday calendar of 2027 is not loaded" in page
    sheet = load_workbook(BytesIO(client.get("/staff/suggestions/", {"export": "xlsx"}).content)).active
    header, row = [list(r) for r in sheet.iter_rows(values_only=True)][:2]
    assert "2027" in row[header.index("Reply due date provisional")]
    load_2027()
    assert 'class="provisional"' not in client.get("/staff/suggestions/").content.decode()


def test_the_unit_and_the_office_read_why_a_deadline_is_provisional(district, client):
    from suggestions import links

    suggestion = assigned(district, lead="jt", day=date(2026, 11, 6))
    lead = part(suggestion, "jt")
    client.force_login(district["handlers"]["jt"])
    page = client.get(links.unit_url(lead.pk)).content.decode()
    assert "暂定" in page and "2027年的节假日安排尚未录入" in page  # zh-hans, the office language
    client.force_login(district["staff"])
    page = client.get(f"/staff/suggestions/{suggestion.pk}/").content.decode()
    assert "2027年的节假日安排尚未录入" in page


def test_a_stored_deadline_is_explained_from_what_is_stored(district):
    from django.utils import translation

    d = district
    lead = part(assigned(d, lead="jt"), "jt")
    deadline = rules.assignment_deadline(lead)
    assert (deadline.due_on, deadline.rule, deadline.setting, deadline.start) == (
        date(2026, 5, 6), 1, "SUGGESTIONS_REPLY_MONTHS", date(2026, 2, 2))
    assert deadline.moved_off_day_off and deadline.nominal == date(2026, 5, 2)  # May Day holiday
    with translation.override("en"):
        assert "moved from" in deadline.explain() and "SUGGESTIONS_REPLY_MONTHS=3" in deadline.explain()
    extension = services.request_extension(lead, actor=d["handlers"]["jt"], due_on=date(2026, 6, 30),
                                           reason="需要跨部门协调")
    services.decide_extension(extension, actor=d["staff"], approve=True)
    lead.refresh_from_db()
    assert (rules.assignment_deadline(lead).due_on, rules.assignment_deadline(lead).rule) == (date(2026, 6, 30), 2)


def test_the_categories_come_from_the_environment_and_a_mistyped_variant_is_refused():
    from tests.congress.test_settings import run_django

    three = run_django({"SUGGESTIONS_REPLY_CATEGORIES": "A=已解决;B=部分解决或列入计划;C=留作参考",
                        "SUGGESTIONS_TRACKED_CATEGORIES": "B"}, "shell", "-c",
                       "from suggestions.models import Reply; print(Reply.Category.choices)")
    assert three.returncode == 0, three.stderr
    assert "('C', '留作参考')" in three.stdout and "'D'" not in three.stdout
    wrong = run_django({"SUGGESTIONS_REPLY_CLOCK_STARTS": "session"}, "check")
    assert wrong.returncode != 0 and "SUGGESTIONS_REPLY_CLOCK_STARTS must be one of" in wrong.stderr
    unknown = run_django({"SUGGESTIONS_SOLVED_CATEGORIES": "甲"}, "check")
    assert unknown.returncode != 0 and "must be codes of" in unknown.stderr


def test_a_reminder_says_the_date_is_provisional(district):
    suggestion = assigned(district, lead="jt", day=date(2026, 11, 6))
    create_reminders(today=date(2027, 1, 10))  # 29 days before 8 February: the 30-day window
    reminder = Reminder.objects.get(recipient=district["handlers"]["jt"], kind="suggestions.reply_due_30")
    assert suggestion.title in reminder.body and "暂定：2027年的节假日安排尚未录入" in reminder.body
    load_2027()
    create_reminders(today=date(2027, 2, 8))  # the 7-day window of the recomputed 14 February
    later = Reminder.objects.get(recipient=district["handlers"]["jt"], kind="suggestions.reply_due_7")
    assert "暂定" not in later.body
