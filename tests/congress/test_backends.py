"""congress.backends.PermissionBackend: ModelBackend's answers, from one statement."""

import pytest
from django.contrib.auth.backends import ModelBackend
from django.contrib.auth.models import Permission
from django.test import Client

from congress import roles
from congress.models import User
from tests.conftest import make_user

pytestmark = pytest.mark.django_db


def fresh(user):
    return User.objects.get(pk=user.pk)  # no permission cache yet


@pytest.mark.parametrize("role", roles.LABELS)
def test_each_role_has_the_same_permissions_as_model_backend_gives(role, django_assert_num_queries):
    user = make_user(role)
    expected = ModelBackend().get_all_permissions(fresh(user))
    user = fresh(user)
    with django_assert_num_queries(1):  # own and groups' permissions together
        assert user.get_all_permissions() == expected
        assert user.has_perm(next(iter(expected)))
        assert not user.has_perm("congress.no_such_permission")
    assert expected  # every role is granted something


def test_a_permission_granted_directly_counts_and_a_withdrawn_one_stops_counting():
    user = make_user(roles.DEPUTY)
    phone = Permission.objects.get(codename="view_deputy_phone")
    assert not fresh(user).has_perm("deputies.view_deputy_phone")
    user.user_permissions.add(phone)
    assert fresh(user).has_perm("deputies.view_deputy_phone")
    user.user_permissions.remove(phone)
    user.groups.clear()
    assert fresh(user).get_all_permissions() == set()


def test_inactive_users_have_none_and_superusers_have_all():
    inactive = make_user(roles.STAFF, is_active=False)
    assert fresh(inactive).get_all_permissions() == set()
    admin = make_user(None, is_superuser=True)
    assert len(fresh(admin).get_all_permissions()) == Permission.objects.count()


def test_a_signed_in_page_and_an_api_token_still_check_permissions(staff_user):
    deputy = make_user(roles.DEPUTY)
    client = Client()
    client.force_login(deputy)
    assert client.get("/staff/").status_code == 403  # the deputy's groups lack the staff UI
    client.force_login(staff_user)
    assert client.get("/staff/").status_code == 200
