"""The shared page parts (issue 7): sorting, last-page paging, error pages in the layout, the
review step of irreversible actions, filters (chips, date inputs, type-ahead, active filters),
messages once in the office's words, and deadlines that explain themselves."""

import json
from datetime import date

import pytest
from django.template import Context, Template
from django.test import Client, RequestFactory

from congress.calendar import WorkCalendar
from congress.errors import server_error
from congress.models import CalendarYear, Holiday
from suggestions import services
from suggestions.models import Suggestion
from tests.conftest import make_user
from tests.deputies.factories import DeputyFactory
from tests.suggestions.conftest import assigned, district, submitted  # noqa: F401 (fixture)
from tests.suggestions.factories import DraftFactory

pytestmark = pytest.mark.django_db
DEPUTIES = "/staff/deputies/"
SUGGESTIONS = "/staff/suggestions/"


def names(response) -> list[str]:
    return [d.name for d in response.context["object_list"]]


# --------------------------------------------------------------------------- 1: sort, paging


def test_a_list_sorts_by_a_whitelisted_column_both_ways(staff_client):
    for name in ["丙", "甲", "乙"]:
        DeputyFactory(name=name)
    ascending = names(staff_client.get(DEPUTIES, {"sort": "name"}))
    descending = names(staff_client.get(DEPUTIES, {"sort": "-name"}))
    assert ascending == sorted(ascending) and descending == list(reversed(ascending))
    page = staff_client.get(DEPUTIES, {"sort": "name"}).content.decode()
    assert 'aria-sort="ascending"' in page and "sort=-name" in page  # the header toggles


def test_an_unknown_sort_is_ignored_not_an_error(staff_client):
    DeputyFactory()
    response = staff_client.get(DEPUTIES, {"sort": "password"})
    assert response.status_code == 200 and response.context["sort"] is None


def test_an_out_of_range_page_shows_the_last_page(staff_client):
    DeputyFactory.create_batch(3)
    for value in ["99", "٣", "last"]:
        response = staff_client.get(DEPUTIES, {"page": value})
        assert response.status_code == 200
        assert response.context["page_obj"].number == response.context["paginator"].num_pages
    assert staff_client.get(DEPUTIES, {"page": "abc"}).context["page_obj"].number == 1


# --------------------------------------------------------------------------- 3: error pages


def test_a_deputy_opening_staff_pages_gets_a_403_in_the_portal_layout(deputy_client):
    response = deputy_client.get("/staff/")
    page = response.content.decode()
    assert response.status_code == 403
    assert 'class="portal-bar"' in page and 'href="/portal/"' in page and "<h1>" in page


def test_a_404_is_in_the_staff_layout_with_a_way_back(staff_client):
    response = staff_client.get("/staff/suggestions/999999/")
    page = response.content.decode()
    assert response.status_code == 404
    assert 'class="sidebar"' in page and 'href="/staff/"' in page


def test_a_404_for_an_anonymous_visitor_is_in_the_public_layout(client):
    response = client.get("/no-such-page/")
    assert response.status_code == 404 and 'class="public-bar"' in response.content.decode()


def test_the_api_still_answers_json(api_client):
    response = api_client.get("/api/v1/no-such-thing/")
    assert response.status_code == 404 and response.json() == {"detail": response.json()["detail"]}


def test_the_500_page_renders_in_the_layout():
    request = RequestFactory().get("/staff/")
    from django.contrib.auth.models import AnonymousUser

    request.user = AnonymousUser()
    response = server_error(request)
    assert response.status_code == 500 and "error-page" in response.content.decode()


def test_make_run_turns_debug_off(monkeypatch):
    import inspect

    from congress import localenv

    assert 'os.environ.setdefault("DEBUG", "false")' in inspect.getsource(localenv.command_run)


# --------------------------------------------------------------------------- 4: the review step


def test_accepting_asks_for_review_first_and_keeps_nothing_until_confirmed(client, district):  # noqa: F811
    suggestion = submitted(district)
    client.force_login(district["staff"])
    url = f"{SUGGESTIONS}{suggestion.pk}/accept/"
    review = client.post(url)
    page = review.content.decode()
    assert review.status_code == 200 and 'name="confirmed" value="1"' in page and f'action="{url}"' in page
    suggestion.refresh_from_db()
    assert suggestion.status == Suggestion.Status.SUBMITTED and not suggestion.number
    done = client.post(url, {"confirmed": "1"})
    suggestion.refresh_from_db()
    assert done.status_code == 302 and suggestion.status == Suggestion.Status.ACCEPTED and suggestion.number


def test_the_review_page_re_posts_what_was_typed(client, district):  # noqa: F811
    suggestion = submitted(district)
    client.force_login(district["staff"])
    review = client.post(f"{SUGGESTIONS}{suggestion.pk}/reject/", {"reason": "duplicate", "note": "与第3号重复"})
    page = review.content.decode()
    if review.context.get("failed_form") is None:  # the form was valid: the review page
        assert 'value="与第3号重复"' in page and 'name="confirmed"' in page
    suggestion.refresh_from_db()
    assert suggestion.status == Suggestion.Status.SUBMITTED


def test_irreversible_forms_carry_the_dialog_hook(client, district):  # noqa: F811
    suggestion = submitted(district)
    client.force_login(district["staff"])
    page = client.get(f"{SUGGESTIONS}{suggestion.pk}/").content.decode()
    assert page.count("data-confirm=") >= 2  # accept and reject at least


# --------------------------------------------------------------------------- 2: filters


def test_short_choice_lists_are_chips_and_dates_native(staff_client):
    page = staff_client.get(SUGGESTIONS).content.decode()
    assert 'type="checkbox" name="status"' in page and 'type="date" name="submitted_after"' in page
    assert "<select name=\"deputy_id\"" not in page and 'data-typeahead="/lookup/deputies/"' in page


def test_the_type_ahead_lookup_is_scoped_and_bounded(staff_client):
    DeputyFactory(name="欧阳明")
    body = staff_client.get("/lookup/deputies/", {"q": "欧阳"}).json()
    assert [row["label"] for row in body["results"]] == ["欧阳明"]
    assert staff_client.get("/lookup/deputies/", {"q": "欧" * 5000}).status_code == 200
    assert staff_client.get("/lookup/nothing/", {"q": "欧"}).status_code == 404
    assert Client().get("/lookup/deputies/", {"q": "欧阳"}).status_code == 302  # sign in first


def test_the_type_ahead_takes_an_exact_name_without_js(client, district):  # noqa: F811
    mine = submitted(district)
    services.submit_suggestion(DraftFactory(term=district["term"], lead_deputy=district["other"],
                                            category=district["category"]), actor=district["other"].user)
    client.force_login(district["staff"])
    response = client.get(SUGGESTIONS, {"deputy_id": district["lead"].name})
    assert response.status_code == 200 and [s.pk for s in response.context["object_list"]] == [mine.pk]


def test_active_filters_show_with_a_way_to_clear_each(staff_client):
    page = staff_client.get(SUGGESTIONS, {"status": ["submitted", "accepted"], "q": "路灯"}).content.decode()
    assert 'class="active-filters"' in page
    assert 'href="?status=submitted&amp;status=accepted"' in page  # clearing the search keeps the statuses


# --------------------------------------------------------------------------- 5: messages


def test_stock_length_message_is_in_the_office_words(staff_client):
    response = staff_client.get(SUGGESTIONS, {"q": "字" * 201})
    page = response.content.decode()
    assert "最多 200 个字" in page and "确保该变量" not in page


# --------------------------------------------------------------------------- 7: deadlines


@pytest.fixture
def golden_week(db):
    CalendarYear.objects.get_or_create(year=2026, defaults={"source": CalendarYear.Source.FORM})
    for day in range(1, 8):
        Holiday.objects.update_or_create(date=date(2026, 10, day), defaults={"kind": Holiday.Kind.HOLIDAY,
                                                                             "name": "国庆节"})
    Holiday.objects.update_or_create(date=date(2026, 10, 10), defaults={"kind": Holiday.Kind.WORKDAY,
                                                                        "name": "国庆节调休"})


def test_the_deadline_explains_its_rule_start_holidays_and_make_up_days(golden_week):
    calendar = WorkCalendar.for_range(date(2026, 9, 1), date(2026, 11, 30))
    deadline = calendar.working_days_deadline(date(2026, 9, 29), 5, rule=12, setting="SUGGESTIONS_RATING_WORKING_DAYS")
    html = Template("{% load congress_pages %}{% deadline d %}").render(Context({"d": deadline}))
    assert "<details" in html and "SUGGESTIONS_RATING_WORKING_DAYS" in html and "12" in html
    assert "国庆节" in html  # the holidays skipped, by name
    if deadline.make_up_days:
        assert "make-up" in html
    assert "provisional" not in html.split("</summary>")[0]


def test_a_provisional_deadline_says_so_and_why(db):
    calendar = WorkCalendar.for_range(date(2031, 1, 1), date(2031, 6, 1))
    deadline = calendar.months_deadline(date(2031, 1, 5), 3, rule=1, setting="SUGGESTIONS_REPLY_MONTHS")
    html = Template("{% load congress_pages %}{% deadline d %}").render(Context({"d": deadline}))
    assert deadline.is_provisional and "2031" in html and "is-provisional" in html


def test_pages_with_deadlines_explain_them(client, district):  # noqa: F811
    suggestion = assigned(district)
    client.force_login(district["staff"])
    detail = client.get(f"{SUGGESTIONS}{suggestion.pk}/").content.decode()
    listing = client.get(SUGGESTIONS).content.decode()
    assert 'class="deadline' in detail and "deadline-explain" in detail and "SUGGESTIONS_REPLY_MONTHS" in detail
    assert "deadline-explain" in listing
    client.force_login(district["handlers"]["jt"])
    portal = client.get(f"/portal/suggestions/assignments/{suggestion.assignments.get(unit__code='jt').pk}/")
    assert "deadline-explain" in portal.content.decode()


def test_a_user_without_a_role_gets_a_layout_too(client):
    client.force_login(make_user(None, username="nobody"))
    response = client.get("/staff/")
    assert response.status_code == 403 and "error-page" in response.content.decode()


def test_lookup_json_is_plain(staff_client):
    DeputyFactory(name="周杰")
    response = staff_client.get("/lookup/deputies/", {"q": "周"})
    assert response["Content-Type"].startswith("application/json") and json.loads(response.content)["results"]




def test_chart_labels_take_two_lines_instead_of_being_cut():
    from congress.charts import bar_chart, label_lines

    name = "区住房和城乡建设委员会城市管理执法局"
    assert "".join(label_lines(name)).rstrip("…") == name[: len("".join(label_lines(name)).rstrip("…"))]
    assert len(label_lines(name)) == 2 and label_lines("区交通局") == ["区交通局"]
    chart = bar_chart([name], lambda _item: 1.0, strict=lambda _item: 1.0)
    # the value area holds "100.0% / 100.0%"
    assert chart["total_width"] - chart["label_width"] - chart["bar_width"] >= 120
