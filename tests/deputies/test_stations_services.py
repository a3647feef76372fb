"""Stations' services (domain.md §5, rules 27–29): scheduling with notice, held shifts earning
duty points once (and reversed on correction), routing with due dates, refusals, answers,
ratings, the draft suggestion, and report-backs from plan to published rating."""

from datetime import timedelta

import pytest
from django.core.exceptions import PermissionDenied, ValidationError

from congress.calendar import add_months
from congress.models import Notification
from deputies import stations_services as services
from deputies.duties import record_duty  # noqa: F401  the published API the shifts call
from deputies.models import DutyRecord, ReportBack, ResidentIssue
from deputies.stations_selectors import deputies_without_visits, report_backs_of, station_shortfalls
from tests.deputies.factories import DeputyFactory, point_table
from tests.deputies.stations_helpers import TODAY, at, held_shift, raised_issue, routed_issue, world_fixture  # noqa: F401


def codes(error):
    return {e.code for e in error.value.error_list} if hasattr(error.value, "error_list") else {
        e.code for errors in error.value.error_dict.values() for e in errors}


def test_a_reception_is_announced_at_least_the_notice_days_before(world, settings):
    w = world
    settings.DEPUTIES_STATION_NOTICE_DAYS = 3
    with pytest.raises(ValidationError) as error:
        services.schedule_reception(actor=w.keeper, station=w.station, starts_at=at(TODAY + timedelta(days=2)),
                                    ends_at=at(TODAY + timedelta(days=2), 12), deputies=[w.deputy])
    assert "notice_too_short" in codes(error)
    reception = services.schedule_reception(actor=w.keeper, station=w.station, deputies=[w.deputy],
                                            starts_at=at(TODAY + timedelta(days=3)),
                                            ends_at=at(TODAY + timedelta(days=3), 12))
    assert reception.announced_at is not None and list(reception.deputies.all()) == [w.deputy]
    assert Notification.objects.filter(recipient=w.deputy.user, kind="deputies.reception.scheduled").exists()


def test_a_keeper_schedules_only_their_own_station(world):
    w = world
    with pytest.raises(PermissionDenied):
        services.schedule_reception(actor=w.keeper, station=w.other_station, deputies=[w.deputy],
                                    starts_at=at(TODAY + timedelta(days=5)), ends_at=at(TODAY + timedelta(days=5), 12))


def test_a_held_shift_earns_each_deputy_who_came_once_and_a_correction_reverses(world):
    w = world
    point_table(TODAY.year)
    point_table((TODAY - timedelta(days=1)).year)
    absent = DeputyFactory(name="赵强", station=w.station)
    reception = held_shift(w, deputies=[w.deputy, absent])
    services.record_reception(reception, actor=w.keeper, attended_ids=[w.deputy.pk], residents_received=4)
    records = DutyRecord.objects.filter(item="reception.held")
    assert list(records.values_list("deputy_id", flat=True)) == [w.deputy.pk]
    with pytest.raises(ValidationError):  # recorded once: a second record is refused, nothing doubles
        services.record_reception(reception, actor=w.keeper, attended_ids=[w.deputy.pk])
    assert records.count() == 1

    services.correct_attendance(reception, actor=w.staff, attended_ids=[absent.pk], note="签到表更正")
    counted = DutyRecord.objects.filter(item="reception.held", status=DutyRecord.Status.COUNTED)
    assert list(counted.values_list("deputy_id", flat=True)) == [absent.pk]
    assert DutyRecord.objects.get(item="reception.held", deputy=w.deputy).status == DutyRecord.Status.REVERSED


def test_rule_27_shortfalls(world):
    w = world
    reception = held_shift(w)
    services.record_reception(reception, actor=w.keeper, attended_ids=[w.deputy.pk])
    short = set(station_shortfalls().values_list("code", flat=True))
    assert "nanan" in short and "jiangbei" not in short
    without = set(deputies_without_visits(reception.starts_at.year).values_list("pk", flat=True))
    assert w.other_deputy.pk in without and w.deputy.pk not in without


def test_routing_to_a_unit_is_due_in_one_month_by_default_and_never_past_three(world):
    w = world
    issue, _code = raised_issue(w)
    with pytest.raises(ValidationError) as error:
        services.route_issue(issue, actor=w.staff, route="unit", unit=w.unit, due_on=add_months(TODAY, 3) +
                             timedelta(days=1))
    assert "due_too_late" in codes(error)
    with pytest.raises(ValidationError) as error:
        services.route_issue(issue, actor=w.staff, route="subdistrict", unit=w.unit)
    assert "not_subdistrict" in codes(error)
    issue = services.route_issue(issue, actor=w.staff, route="unit", unit=w.unit)
    assert issue.status == ResidentIssue.Status.ROUTED and issue.due_on == add_months(TODAY, 1)
    assert Notification.objects.filter(recipient=w.handler, kind="deputies.resident_issue.routed").exists()


def test_litigation_is_refused_only_with_a_redirect_note(world):
    w = world
    issue, _code = raised_issue(w, subject="劳动争议仲裁")
    with pytest.raises(ValidationError) as error:
        services.route_issue(issue, actor=w.staff, route="refused")
    assert "redirect_note_required" in codes(error)
    issue = services.route_issue(issue, actor=w.staff, route="refused", note="请向区劳动人事争议仲裁院申请。")
    assert issue.status == ResidentIssue.Status.REFUSED and "仲裁院" in issue.route_note


def test_a_deputy_does_not_route_and_an_answer_on_the_spot_needs_the_answer(world):
    w = world
    issue, _code = raised_issue(w)
    with pytest.raises(PermissionDenied):
        services.route_issue(issue, actor=w.deputy.user, route="on_spot", answer="已解释")
    with pytest.raises(ValidationError):
        services.route_issue(issue, actor=w.keeper, route="on_spot")
    issue = services.route_issue(issue, actor=w.keeper, route="on_spot", answer="已联系物业当场修复。")
    assert issue.status == ResidentIssue.Status.ANSWERED


def test_only_the_handling_unit_answers_and_the_resident_rates(world, rf):
    w = world
    issue, code = routed_issue(w)
    with pytest.raises(PermissionDenied):
        services.answer_issue(issue, actor=w.other_handler, answer="不是我们的")
    services.answer_issue(issue, actor=w.handler, answer="已安排维修，本周内完成。")
    request = rf.post("/p/issues/lookup/", REMOTE_ADDR="10.0.0.9")
    found = services.find_issue_by_code(request=request, code=code.lower())  # case does not matter
    assert found.pk == issue.pk
    rated = services.rate_issue(found, rating="satisfied", comment="谢谢")
    assert rated.status == ResidentIssue.Status.CLOSED
    with pytest.raises(ValidationError):
        services.rate_issue(rated, rating="unsatisfied")


def test_lookup_codes_are_long_random_and_stored_only_as_digests(world):
    w = world
    codes_seen = {raised_issue(w)[1] for _ in range(20)}
    assert len(codes_seen) == 20
    assert all(len(c) == services.CODE_LENGTH and set(c) <= set(services.CODE_ALPHABET) for c in codes_seen)
    stored = set(ResidentIssue.objects.values_list("lookup_digest", flat=True))
    assert not codes_seen & stored and all(len(d) == 64 for d in stored)


def test_a_deputy_turns_an_issue_into_a_draft_through_the_callable(world):
    w = world
    issue, _code = raised_issue(w)
    made = {}

    class Draft:
        pk = 4242

    def make_draft(**fields):
        made.update(fields)
        return Draft()

    with pytest.raises(PermissionDenied):
        services.convert_issue(issue, actor=w.other_deputy.user, make_draft=make_draft)
    issue = services.convert_issue(issue, actor=w.deputy.user, make_draft=make_draft)
    assert issue.status == ResidentIssue.Status.CONVERTED and issue.suggestion_ref == 4242
    assert made["title"] == "小区路灯不亮" and made["actor"] == w.deputy.user
    assert "13812345678" not in made["content"]  # the resident's contact stays with the office


def test_report_back_plan_takes_the_yearly_share_and_never_plans_twice(world, settings):
    w = world
    settings.DEPUTIES_REPORT_BACK_SHARE = 0.2
    for n in range(8):
        DeputyFactory(name=f"代表甲{n}", term=w.deputy.term)
    term = w.deputy.term
    year = term.starts_on.year + 1
    created = services.plan_report_backs(actor=w.staff, term=term, year=year)
    assert len(created) == 2  # 20 % of 10 serving deputies
    assert services.plan_report_backs(actor=w.staff, term=term, year=year) == []
    # The term's last year plans everyone who has still not reported (rule 29).
    last = services.plan_report_backs(actor=w.staff, term=term, year=term.ends_on.year)
    assert len(last) == 10
    with pytest.raises(PermissionDenied):
        services.plan_report_backs(actor=w.keeper, term=term, year=year)


def test_a_report_back_is_held_rated_on_paper_and_by_phone_and_published(world, rf):
    w = world
    point_table(TODAY.year)
    report_back = ReportBack.objects.create(deputy=w.deputy, year=TODAY.year)
    token = services.record_report_back(report_back, actor=w.staff, held_on=TODAY, report="一年来的履职情况……")
    assert DutyRecord.objects.filter(item="report_back", deputy=w.deputy).count() == 1
    services.add_paper_ratings(report_back, actor=w.staff, satisfied=10, basically=3, unsatisfied=1)
    request = rf.post("/", REMOTE_ADDR="10.0.0.7")
    services.rate_report_back_by_phone(request=request, token=token, rating="satisfied")
    with pytest.raises(ValidationError):
        services.rate_report_back_by_phone(request=request, token="not-the-token", rating="satisfied")
    published = services.publish_report_back(report_back, actor=w.staff)
    assert (published.satisfied, published.basically, published.unsatisfied) == (11, 3, 1)
    assert published.satisfaction_rate == round(14 / 15, 3)
    with pytest.raises(ValidationError):  # closed for rating once published
        services.rate_report_back_by_phone(request=request, token=token, rating="unsatisfied")
    assert list(report_backs_of(w.deputy)) == [published]
    assert Notification.objects.filter(recipient=w.deputy.user, kind="deputies.report_back.published").exists()
