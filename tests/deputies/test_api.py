"""The deputies API: read for every signed-in client, phones for office staff only, filters shared
with the staff list, and a query count that does not grow with the page size."""

import pytest

from congress import roles
from deputies.models import Deputy
from tests.conftest import make_user
from tests.congress.factories import StationFactory
from tests.deputies.factories import DelegationFactory, DeputyFactory

pytestmark = pytest.mark.django_db
URL = "/api/v1/deputies/"


def test_staff_see_phones(api_client, staff_user, deputy):
    api_client.force_authenticate(staff_user)
    row = api_client.get(URL).json()["results"][0]
    assert row["phone"] == deputy.phone


@pytest.mark.parametrize("role", [roles.UNIT_HANDLER, roles.DEPUTY, roles.LEADER, roles.STATION_KEEPER])
def test_other_roles_never_see_phones_in_list_or_detail(api_client, role, deputy):
    api_client.force_authenticate(make_user(role))
    listed = api_client.get(URL).json()["results"][0]
    detail = api_client.get(f"{URL}{deputy.pk}/").json()
    assert "phone" not in listed and "phone" not in detail
    assert deputy.phone not in api_client.get(URL, {"q": deputy.phone[-4:]}).content.decode()


def test_a_unit_token_cannot_see_phones_or_search_by_them(token_client, unit_user, deputy):
    client, _ = token_client(unit_user)
    response = client.get(URL, {"q": deputy.phone})
    assert response.status_code == 200
    assert response.json()["count"] == 0  # the phone is not a search key for those who may not see it


def test_filters_are_the_staff_list_filters(api_client, staff_user):
    station = StationFactory()
    delegation = DelegationFactory()
    kept = DeputyFactory(name="李秀英", station=station, delegation=delegation, level=Deputy.Level.DISTRICT)
    DeputyFactory(name="李明", level=Deputy.Level.CITY)
    DeputyFactory(name="赵强", status=Deputy.Status.RESIGNED, left_on="2024-03-01")
    api_client.force_authenticate(staff_user)

    def names(**params):
        return sorted(row["name"] for row in api_client.get(URL, params).json()["results"])

    assert names(q="李") == ["李明", "李秀英"]
    assert names(status="resigned") == ["赵强"]
    assert names(level="city") == ["李明"]
    assert names(station_id=station.pk) == [kept.name]
    assert names(delegation_id=delegation.pk, q="李") == [kept.name]


def test_an_invalid_filter_is_a_400_with_the_field_named(api_client, staff_user):
    api_client.force_authenticate(staff_user)
    response = api_client.get(URL, {"status": "retired"})
    assert response.status_code == 400
    assert "status" in response.json()


def test_detail_of_a_missing_deputy_is_404(api_client, staff_user):
    api_client.force_authenticate(staff_user)
    assert api_client.get(f"{URL}999999/").status_code == 404


# Queries per list: the paginator's COUNT and the page with its relations joined; the deputies
# list adds the permission look-up (own and groups' in one statement) that decides on phones.
@pytest.mark.parametrize(("url", "expected"), [("/api/v1/deputies/", 3), ("/api/v1/units/", 2),
                                               ("/api/v1/meetings/", 2)])
@pytest.mark.parametrize("page_size", [1, 25])
def test_list_query_count_does_not_grow_with_page_size(api_client, staff_user, django_assert_num_queries,
                                                       url, expected, page_size):
    from tests.congress.factories import MeetingFactory, UnitFactory

    for i in range(30):
        DeputyFactory(station=StationFactory(), delegation=DelegationFactory())
        UnitFactory()
        MeetingFactory(number=100 + i)
    api_client.force_authenticate(staff_user)
    with django_assert_num_queries(expected):
        response = api_client.get(url, {"page_size": page_size})
    assert response.status_code == 200 and len(response.json()["results"]) == page_size


@pytest.mark.parametrize(("role", "with_phone"), [(roles.STAFF, True), (roles.UNIT_HANDLER, False)])
def test_rows_carry_exactly_the_documented_fields(api_client, deputy, role, with_phone):
    """The list builds its rows from plain values for speed; they must match the serializer's
    declared fields (and so the OpenAPI schema and the detail) key for key and value for value."""
    from rest_framework.test import APIRequestFactory

    from deputies.api.serializers import DeputySerializer

    user = make_user(role)
    api_client.force_authenticate(user)
    row = api_client.get(URL).json()["results"][0]
    request = APIRequestFactory().get(URL)
    request.user = user
    serializer = DeputySerializer(context={"request": request})
    assert list(row) == list(serializer.fields)
    assert ("phone" in row) is with_phone
    declared = {name: field.to_representation(field.get_attribute(deputy)) if field.get_attribute(deputy)
                is not None else None for name, field in serializer.fields.items()}
    assert row == declared == api_client.get(f"{URL}{deputy.pk}/").json()
