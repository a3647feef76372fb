"""The admin for suggestions: read-only handling, editable categories, actions through services."""

import pytest
from django.conf import settings

from congress import roles
from suggestions.models import Category, Suggestion
from tests.conftest import make_user
from tests.suggestions.conftest import accepted, draft, submitted

pytestmark = pytest.mark.django_db
ADMIN = "/admin/suggestions/"


@pytest.fixture
def office(client, district):
    """An office member who may also open the admin; messages in English."""
    user = make_user(roles.STAFF, username="office-admin", name="代表工委 李静", is_staff=True)
    client.force_login(user)
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = "en"
    return user


def shown(response):
    return [(m.level_tag, str(m)) for m in response.context["messages"]]


def test_every_suggestions_model_is_registered():
    from django.apps import apps
    from django.contrib import admin

    domain = [m for m in apps.get_app_config("suggestions").get_models() if not m.__name__.endswith("Event")]
    assert [m.__name__ for m in domain if m not in admin.site._registry] == []


def test_accept_action_calls_the_service_and_reports_each_refusal(client, district, office):
    d = district
    fresh, again = submitted(d, title="新提交的建议"), accepted(d, title="已立案的建议")
    number = again.number
    response = client.post(f"{ADMIN}suggestion/", {"action": "accept_selected",
                                                   "_selected_action": [fresh.pk, again.pk]}, follow=True)
    fresh.refresh_from_db()
    again.refresh_from_db()
    assert fresh.status == "accepted" and fresh.number
    assert again.number == number
    assert ("error", f"{again}: This suggestion has already been reviewed.") in shown(response)
    assert ("success", "1 suggestions accepted.") in shown(response)


def test_reference_only_action(client, district, office):
    suggestion = submitted(district)
    client.post(f"{ADMIN}suggestion/", {"action": "mark_reference_selected", "_selected_action": [suggestion.pk]})
    suggestion.refresh_from_db()
    assert suggestion.status == "reference"


def test_suggestions_are_read_only_and_drafts_hidden(client, district, office):
    suggestion, private = submitted(district, title="已提交"), draft(district, title="草稿中的建议")
    listing = client.get(f"{ADMIN}suggestion/").content.decode()
    assert "已提交" in listing and "草稿中的建议" not in listing
    page = client.get(f"{ADMIN}suggestion/{suggestion.pk}/change/")
    assert page.status_code == 200 and 'name="_save"' not in page.content.decode()
    response = client.post(f"{ADMIN}suggestion/{suggestion.pk}/change/", {"status": "closed", "title": "改"})
    assert response.status_code == 403
    suggestion.refresh_from_db()
    assert (suggestion.status, suggestion.title) == ("submitted", "已提交")
    assert client.get(f"{ADMIN}suggestion/add/").status_code == 403
    assert client.get(f"{ADMIN}suggestion/{private.pk}/change/").status_code == 302  # "does not exist"


def test_categories_are_edited_in_the_admin(client, district, office):
    response = client.post(f"{ADMIN}category/add/", {"name": "对外交流", "code": "exchange", "sort_order": 90,
                                                     "is_active": "on"})
    assert response.status_code == 302
    category = Category.objects.get(code="exchange")
    client.post(f"{ADMIN}category/{category.pk}/change/", {"name": "对外交流合作", "code": "exchange",
                                                           "sort_order": 91})
    category.refresh_from_db()
    assert (category.name, category.sort_order, category.is_active) == ("对外交流合作", 91, False)


def test_leaders_in_the_admin_see_no_review_actions(client, district):
    leader = make_user(roles.LEADER, username="leader-admin", is_staff=True)
    suggestion = submitted(district)
    client.force_login(leader)
    response = client.get(f"{ADMIN}suggestion/")
    assert response.status_code == 200
    assert "accept_selected" not in response.content.decode()
    client.post(f"{ADMIN}suggestion/", {"action": "accept_selected", "_selected_action": [suggestion.pk]})
    assert Suggestion.objects.get(pk=suggestion.pk).status == "submitted"

