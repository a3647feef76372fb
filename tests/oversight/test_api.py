"""The findings tracker's API list: its rows are built by hand for speed, so they must stay the
serializer's JSON key for key, and its query count must not grow with the page size."""

import pytest

from oversight.models import Finding
from tests.oversight.factories import opinion_sent, plan_with_topic, user_in

pytestmark = pytest.mark.django_db
URL = "/api/v1/oversight/findings/"


@pytest.fixture
def reader(office, token_client):
    _plan, topic, units = plan_with_topic(office)
    opinion_sent(office, topic, units)
    finding = Finding.objects.filter(opinion__topic=topic).first()
    Finding.objects.bulk_create([Finding(opinion=finding.opinion, unit=units[i % 2], problem=f"问题{i}",
                                         required_action="整改", due_on=finding.due_on) for i in range(30)])
    api, _token = token_client(user_in("staff", "api-reader"), scopes=("read",))
    api.get(URL)  # the token's first use stamps last_used_at (one UPDATE); later reads do not
    return api, units


def test_every_list_row_is_the_findings_detail(reader):
    """The list is built from plain rows for speed (congress/api/rows.py): each row is byte for byte
    what the finding's detail (the serializer) says, a closed one with its closing date included."""
    api, _units = reader
    closed = Finding.objects.order_by("due_on", "id").first()
    Finding.objects.filter(pk=closed.pk).update(state=Finding.State.CLOSED, closed_on="2026-07-01")
    rows = api.get(URL, {"page_size": 200}).json()["results"]
    assert len(rows) == Finding.objects.count() == 32
    assert rows[0]["closed_on"] == "2026-07-01" and rows[1]["closed_on"] is None
    for row in rows:
        assert row == api.get(f"{URL}{row['id']}/").json()


# Queries: the token with its user and permissions (congress.api.auth.load_token), the
# paginator's COUNT over the findings alone, and the page with unit and opinion joined; the unit
# filter's id is not looked up.
@pytest.mark.parametrize("page_size", [1, 15])
def test_list_query_count_does_not_grow_with_page_size(reader, django_assert_num_queries, page_size):
    api, units = reader
    with django_assert_num_queries(3):
        response = api.get(URL, {"page_size": page_size, "unit": units[0].pk, "state": "open"})
    assert response.status_code == 200
    assert response.json()["count"] == 16 and len(response.json()["results"]) == page_size


def test_the_unit_filter_takes_an_id_and_an_unknown_unit_matches_nothing(reader, staff_client):
    api, units = reader
    assert api.get(URL, {"unit": units[1].pk}).json()["count"] == 16
    assert api.get(URL, {"unit": 99999999}).json()["count"] == 0
    for bad in ("٣", "x", "9" * 20):  # 20 digits: beyond any bigint id
        response = api.get(URL, {"unit": bad})
        assert response.status_code == 400 and "unit" in response.json(), bad
    page = staff_client.get("/staff/oversight/findings/", {"unit": units[0].pk}).content.decode()
    assert f'<option value="{units[0].pk}" selected>' in page and units[1].name in page
