import pytest
from django.contrib.auth.models import Group

from congress import roles
from tests.conftest import make_user

pytestmark = pytest.mark.django_db


def test_every_role_group_exists_after_migrate():
    assert set(Group.objects.values_list("name", flat=True)) >= set(roles.LABELS)


@pytest.mark.parametrize(
    ("role", "staff_ui", "portal", "phones"),
    [
        (roles.STAFF, True, False, True),
        (roles.LEADER, True, False, False),
        (roles.DEPUTY, False, True, False),
        (roles.UNIT_HANDLER, False, True, False),
        (roles.STATION_KEEPER, False, True, False),
    ],
)
def test_role_permissions(role, staff_ui, portal, phones):
    user = make_user(role)
    assert user.has_perm("congress.access_staff_ui") is staff_ui
    assert user.has_perm("congress.access_portal") is portal
    assert user.has_perm("deputies.view_deputy_phone") is phones
