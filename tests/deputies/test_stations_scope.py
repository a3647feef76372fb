"""Scope of the stations' pages and API: each actor reaches only their own; a resident's contact
details never appear in deputy, unit, keeper or public pages or API rows (only office staff see
them); a unit-reply token answers only its own unit's issues."""

import pytest

from congress import roles
from deputies import stations_services as services
from deputies.models import ResidentIssue
from suggestions.models import Suggestion
from tests.conftest import make_user
from tests.deputies.stations_helpers import held_shift, raised_issue, routed_issue, world_fixture  # noqa: F401

CONTACT = "13812345678"


def page(client, user, url):
    client.force_login(user)
    response = client.get(url)
    client.logout()
    return response


def test_contact_details_only_in_the_office_views(world, client):
    w = world
    issue, _code = routed_issue(w)
    staff_page = page(client, w.staff, f"/staff/deputies/issues/{issue.pk}/")
    assert staff_page.status_code == 200 and CONTACT in staff_page.content.decode()
    for user, url in [(w.deputy.user, f"/portal/deputies/messages/{issue.pk}/"),
                      (w.deputy.user, "/portal/deputies/messages/"),
                      (w.handler, f"/portal/deputies/issues/{issue.pk}/"),
                      (w.handler, "/portal/deputies/issues/"),
                      (w.keeper, f"/portal/deputies/receptions/{issue.reception_id}/")]:
        response = page(client, user, url)
        assert response.status_code == 200, url
        assert CONTACT not in response.content.decode(), url


def test_contact_details_only_in_the_office_api_rows(world, token_client):
    w = world
    routed_issue(w)
    staff_api, _ = token_client(w.staff)
    rows = staff_api.get("/api/v1/resident-issues/").json()["results"]
    assert rows[0]["resident_contact"] == CONTACT
    for user in (w.deputy.user, w.handler, w.keeper):
        api, _ = token_client(user)
        response = api.get("/api/v1/resident-issues/")
        assert response.status_code == 200
        assert "resident_contact" not in response.content.decode() and CONTACT not in response.content.decode()
        assert len(response.json()["results"]) == 1


def test_other_actors_get_404(world, client, token_client):
    w = world
    issue, _code = routed_issue(w)
    assert page(client, w.other_handler, f"/portal/deputies/issues/{issue.pk}/").status_code == 404
    assert page(client, w.other_deputy.user, f"/portal/deputies/messages/{issue.pk}/").status_code == 404
    assert page(client, w.handler, f"/staff/deputies/issues/{issue.pk}/").status_code == 403
    other_keeper = make_user(roles.STATION_KEEPER, username="keeper2", station=w.other_station)
    assert page(client, other_keeper, f"/portal/deputies/receptions/{issue.reception_id}/").status_code == 404
    api, _ = token_client(w.other_handler)
    assert api.get(f"/api/v1/resident-issues/{issue.pk}/").status_code == 404
    assert api.get("/api/v1/resident-issues/").json()["results"] == []
    assert client.get(f"/portal/deputies/issues/{issue.pk}/").status_code == 302  # anonymous: sign in


def test_a_unit_answers_through_the_api_with_its_own_token(world, token_client):
    w = world
    issue, _code = routed_issue(w)
    read_only, _ = token_client(w.handler)
    assert read_only.post(f"/api/v1/resident-issues/{issue.pk}/answer/", {"answer": "x"},
                          format="json").status_code == 403
    wrong_unit, _ = token_client(w.staff, scopes=("read", "unit-reply"), unit=w.other_unit, name="wrong")
    assert wrong_unit.post(f"/api/v1/resident-issues/{issue.pk}/answer/", {"answer": "x"},
                           format="json").status_code == 403
    api, _ = token_client(w.handler, scopes=("read", "unit-reply"), unit=w.unit)
    assert api.post(f"/api/v1/resident-issues/{issue.pk}/answer/", {"answer": ""}, format="json").status_code == 400
    assert api.post(f"/api/v1/resident-issues/{issue.pk}/answer/", {"answer": "长" * 20_001},
                    format="json").status_code == 400
    done = api.post(f"/api/v1/resident-issues/{issue.pk}/answer/", {"answer": "已处理"}, format="json")
    assert done.status_code == 200 and done.json()["status"] == "answered"
    assert "resident_contact" not in done.json()
    assert api.post(f"/api/v1/resident-issues/{issue.pk}/answer/", {"answer": "again"},
                    format="json").status_code == 400


def test_the_office_routes_through_the_api_as_a_person_not_a_token(world, client, token_client):
    w = world
    issue, _code = raised_issue(w)
    api, _ = token_client(w.staff)
    assert api.post(f"/api/v1/resident-issues/{issue.pk}/route/", {"route": "refused", "note": "x"},
                    format="json").status_code == 403
    client.force_login(w.staff)
    bad = client.post(f"/api/v1/resident-issues/{issue.pk}/route/", {"route": "unit", "unit_id": w.unit.pk,
                                                                      "due_on": "9999-01-01"},
                      content_type="application/json")
    assert bad.status_code == 400
    ok = client.post(f"/api/v1/resident-issues/{issue.pk}/route/", {"route": "unit", "unit_id": w.unit.pk},
                     content_type="application/json")
    assert ok.status_code == 200 and ok.json()["resident_contact"] == CONTACT


@pytest.mark.parametrize("url", ["/api/v1/stations/", "/api/v1/receptions/", "/api/v1/resident-issues/"])
def test_lists_need_a_sign_in_and_filters_refuse_bad_input(world, token_client, api_client, url):
    w = world
    held_shift(w)
    assert api_client.get(url).status_code == 401
    api, _ = token_client(w.staff)
    assert api.get(url).status_code == 200
    assert api.get(url + "?station_id=٣&status=nonsense&deputy_id=99999999999999999999").status_code in (200, 400)
    assert api.get(url + "?station_id=٣").status_code != 500


def test_a_keeper_records_a_reception_and_an_issue_from_the_phone(world, client):
    w = world
    reception = held_shift(w)
    client.force_login(w.keeper)
    response = client.post(f"/portal/deputies/receptions/{reception.pk}/issues/", {
        "subject": "垃圾清运", "content": "垃圾站三天没清。", "resident_contact": CONTACT})
    # the lookup code is on this answer only: not a redirect, so it never sits in a URL
    assert response.status_code == 200 and response.context["code"] in response.content.decode()
    assert ResidentIssue.objects.get().resident_contact == CONTACT
    assert CONTACT not in response.content.decode()
    recorded = client.post(f"/portal/deputies/receptions/{reception.pk}/record/", {
        "attended": [w.deputy.pk], "residents_received": 3, "note": "接待3人", "confirmed": "1"})
    assert recorded.status_code == 302
    reception.refresh_from_db()
    assert reception.status == "held"


def test_a_deputy_turns_a_message_into_a_draft_suggestion(world, client):
    from suggestions.models import Category

    w = world
    category = Category.objects.filter(is_active=True).first() or Category.objects.create(name="城建", code="cj")
    issue, _code = raised_issue(w)
    client.force_login(w.other_deputy.user)
    assert client.get(f"/portal/suggestions/from-issue/{issue.pk}/").status_code == 404
    client.force_login(w.deputy.user)
    response = client.post(f"/portal/suggestions/from-issue/{issue.pk}/", {"category": category.pk})
    assert response.status_code == 302
    issue.refresh_from_db()
    draft = Suggestion.objects.get(pk=issue.suggestion_ref)
    assert draft.status == Suggestion.Status.DRAFT and draft.lead_deputy == w.deputy
    assert CONTACT not in draft.content


def test_staff_pages_render_and_export_is_formula_safe(world, client):
    w = world
    issue, _code = raised_issue(w, subject="=HYPERLINK(\"http://x\")")
    client.force_login(w.staff)
    for url in ("/staff/deputies/stations/", f"/staff/deputies/stations/{w.station.pk}/", "/staff/deputies/issues/",
                "/staff/deputies/report-backs/", f"/staff/deputies/{w.deputy.pk}/liaisons/"):
        assert client.get(url).status_code == 200, url
    export = client.get("/staff/deputies/issues/?export=csv")
    body = b"".join(export.streaming_content).decode("utf-8-sig")
    assert "'=HYPERLINK" in body and CONTACT in body
    services.add_liaison(actor=w.staff, deputy=w.deputy, name="周大姐", kind="monitor", phone="13600000000")
    assert "13600000000" in client.get(f"/staff/deputies/{w.deputy.pk}/liaisons/").content.decode()


def test_portal_home_reaches_each_role_s_pages_in_one_tap(world, client):
    w = world
    routed_issue(w)
    for user, link in [(w.deputy.user, "/portal/deputies/messages/"), (w.keeper, "/portal/deputies/station/"),
                       (w.handler, "/portal/deputies/issues/")]:
        body = page(client, user, "/portal/").content.decode()
        assert link in body, (user.username, link)
    client.force_login(w.staff)
    tiles = {t["key"]: t["value"] for t in client.get("/staff/").context["tiles"]}
    assert tiles["deputies.issues_overdue"] == 0 and "deputies.issues_new" in tiles


@pytest.mark.parametrize("starts_at", ["9999-01-01T09:00", "２０２７-01-01T09:00", "", "2027-13-45T99:00"])
def test_bad_schedule_input_is_refused_on_the_form_never_a_500(world, client, starts_at):
    w = world
    client.force_login(w.keeper)
    response = client.post("/portal/deputies/station/schedule/", {
        "starts_at": starts_at, "ends_at": "2027-01-01T12:00", "deputies": [w.deputy.pk], "topic": "x" * 201})
    assert response.status_code == 200
    form = response.context["form"]
    assert form is response.context["failed_form"] and form.has_error("topic")
    assert form["topic"].value() == "x" * 201  # what the keeper typed is still there
    assert not w.station.receptions.exists()
