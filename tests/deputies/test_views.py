"""The staff deputy list: who may open it, filters, paging, export, and phones for staff only."""

from io import BytesIO

import pytest
from openpyxl import load_workbook

from congress import roles
from tests.conftest import make_user
from tests.deputies.factories import DeputyFactory

pytestmark = pytest.mark.django_db
LIST = "/staff/deputies/"


def test_anonymous_is_sent_to_sign_in(client):
    response = client.get(LIST)
    assert response.status_code == 302 and response["Location"].startswith("/accounts/login/")


@pytest.mark.parametrize("role", [roles.DEPUTY, roles.UNIT_HANDLER, roles.STATION_KEEPER])
def test_portal_roles_may_not_open_staff_pages(client, role):
    client.force_login(make_user(role))
    assert client.get(LIST).status_code == 403
    assert client.get("/staff/").status_code == 403


def test_staff_list_filters_and_shows_phones(staff_client):
    DeputyFactory(name="周红梅", phone="13912345678")
    DeputyFactory(name="钱立新")
    page = staff_client.get(LIST, {"q": "红梅"}).content.decode()
    assert "周红梅" in page and "钱立新" not in page
    assert "13912345678" in page


def test_leaders_see_the_list_without_phones(leader_client):
    DeputyFactory(name="周红梅", phone="13912345678")
    page = leader_client.get(LIST).content.decode()
    assert "周红梅" in page and "13912345678" not in page


def test_the_list_pages_by_fifty(staff_client):
    for _ in range(55):
        DeputyFactory()
    first = staff_client.get(LIST)
    assert len(first.context["object_list"]) == 50
    assert len(staff_client.get(LIST, {"page": 2}).context["object_list"]) == 5


def test_a_bad_filter_value_is_shown_on_the_form_not_a_crash(staff_client):
    response = staff_client.get(LIST, {"status": "retired"})
    assert response.status_code == 200
    assert response.context["filterset"].form.errors["status"]


def test_excel_export_holds_exactly_the_filtered_rows(staff_client):
    DeputyFactory(name="周红梅", phone="13912345678")
    DeputyFactory(name="钱立新")
    response = staff_client.get(LIST, {"q": "周", "export": "xlsx"})
    assert response["Content-Type"].startswith("application/vnd.openxmlformats")
    rows = list(load_workbook(BytesIO(response.content)).active.iter_rows(values_only=True))
    assert len(rows) == 2  # header + one deputy
    assert rows[1][0] == "周红梅" and "13912345678" in rows[1]


def test_csv_export_of_a_leader_has_no_phone_column(leader_client):
    DeputyFactory(name="周红梅", phone="13912345678")
    response = leader_client.get(LIST, {"export": "csv"})
    body = b"".join(response.streaming_content).decode("utf-8-sig")
    assert "周红梅" in body and "13912345678" not in body


def test_detail_page_and_missing_deputy(staff_client):
    deputy = DeputyFactory(name="周红梅")
    assert "周红梅" in staff_client.get(f"{LIST}{deputy.pk}/").content.decode()
    assert staff_client.get(f"{LIST}999999/").status_code == 404


@pytest.mark.parametrize("rows", [1, 30])
def test_list_page_query_count_is_constant(staff_client, django_assert_num_queries, rows):
    for _ in range(rows):
        DeputyFactory()
    # session, user, unread count, filter choices (term, stations, delegations), COUNT, page,
    # and the permission look-up (congress.backends); the same for 1 row and 30
    with django_assert_num_queries(9):
        assert staff_client.get(LIST).status_code == 200


def test_the_deputies_pages_are_namespaced_and_linked(staff_client):
    from django.urls import reverse

    deputy = DeputyFactory(name="孙立")
    assert reverse("deputies:deputy_list") == LIST
    assert reverse("deputies:deputy_detail", args=[deputy.pk]) == f"{LIST}{deputy.pk}/"
    page = staff_client.get(LIST).content.decode()
    assert f'href="{LIST}{deputy.pk}/"' in page  # the row links to the detail page
    assert f'href="{LIST}"' in staff_client.get(f"{LIST}{deputy.pk}/").content.decode()  # and back
