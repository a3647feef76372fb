"""Sign-in, the role-aware home, the portal and the inbox."""

import pytest
from django import forms
from django.contrib.auth.models import AnonymousUser
from django.contrib.messages.storage.cookie import CookieStorage
from django.core.exceptions import ValidationError
from django.http import Http404, HttpResponse
from django.shortcuts import get_object_or_404
from django.urls import path
from django.utils import timezone

from congress import roles
from congress.models import Notification
from congress.notifications import notify
from congress.views import ActionView
from tests.conftest import make_user

pytestmark = pytest.mark.django_db


def test_sign_in_with_the_form_and_land_on_the_role_home(client, staff_user):
    response = client.post("/accounts/login/", {"username": "staff1", "password": "correct-horse-battery"},
                           follow=True)
    assert response.redirect_chain[-1][0] == "/staff/"


def test_a_wrong_password_is_refused_with_a_message(client, staff_user):
    response = client.post("/accounts/login/", {"username": "staff1", "password": "nope"})
    assert response.status_code == 200
    assert response.context["form"].non_field_errors()


@pytest.mark.parametrize(("role", "home"), [(roles.STAFF, "/staff/"), (roles.LEADER, "/staff/"),
                                            (roles.DEPUTY, "/portal/"), (roles.UNIT_HANDLER, "/portal/")])
def test_home_sends_each_role_to_its_pages(client, role, home):
    client.force_login(make_user(role))
    assert client.get("/home/")["Location"] == home


def test_staff_home_shows_real_counts(staff_client, deputy):
    from tests.deputies.factories import DeputyFactory

    DeputyFactory(status="resigned", left_on="2024-01-01")  # not serving: not counted
    page = staff_client.get("/staff/")
    tiles = {t["key"]: t["value"] for t in page.context["tiles"]}
    assert tiles["deputies.serving"] == 1
    assert tiles["congress.units"] == 0


def test_portal_home_shows_the_deputys_own_record(deputy_client, deputy):
    page = deputy_client.get("/portal/").content.decode()
    assert deputy.name in page


def test_staff_cannot_use_the_portal_and_anonymous_cannot_use_either(client, staff_client):
    assert staff_client.get("/portal/").status_code == 403
    client.logout()
    assert client.get("/portal/")["Location"].startswith("/accounts/login/")


def test_the_inbox_shows_only_my_notifications(deputy_client, deputy_user, unit_user):
    notify(deputy_user, "test.hello", "给代表的消息")
    notify(unit_user, "test.hello", "给单位的消息")
    page = deputy_client.get("/notifications/").content.decode()
    assert "给代表的消息" in page and "给单位的消息" not in page


def test_marking_read_touches_only_my_notifications(deputy_client, deputy_user, unit_user):
    mine = notify(deputy_user, "test.hello", "mine")
    theirs = notify(unit_user, "test.hello", "theirs")
    deputy_client.post("/notifications/read/", {"id": [mine.pk, theirs.pk]})
    assert Notification.objects.get(pk=mine.pk).is_read
    assert not Notification.objects.get(pk=theirs.pk).is_read


def test_marking_read_never_follows_next_to_another_site(deputy_client, deputy_user):
    mine = notify(deputy_user, "test.hello", "mine")
    for target in ("https://evil.example/x", "//evil.example/x", "javascript:alert(1)"):
        response = deputy_client.post("/notifications/read/", {"id": [mine.pk], "next": target})
        assert response.status_code == 302
        assert response["Location"] == "/notifications/"
    # a path on this site is followed
    response = deputy_client.post("/notifications/read/", {"id": [mine.pk], "next": "/portal/"})
    assert response["Location"] == "/portal/"


@pytest.mark.parametrize("value", ["²", "٣", "1e3", "-4", "", "9" * 40])
def test_an_id_that_is_not_ascii_digits_is_refused_with_a_message(deputy_client, deputy_user, value):
    mine = notify(deputy_user, "test.hello", "mine")
    response = deputy_client.post("/notifications/read/", {"id": [value, mine.pk]}, follow=True)
    assert response.status_code == 200
    texts = [str(m) for m in response.context["messages"]]
    assert any("not a notification number" in t or "不是" in t for t in texts), texts
    assert not Notification.objects.get(pk=mine.pk).is_read  # nothing changed


def test_safe_next_keeps_this_site_and_refuses_foreign_hosts(rf):
    from congress.http import safe_next

    def ask(target, secure=False):
        request = rf.post("/x/", {"next": target}, secure=secure)
        return safe_next(request, "/fallback/")

    assert ask("/staff/suggestions/?status=submitted") == "/staff/suggestions/?status=submitted"
    assert ask("http://testserver/portal/") == "http://testserver/portal/"
    assert ask("https://evil.example/x") == "/fallback/"
    assert ask("//evil.example/x") == "/fallback/"
    assert ask("http://testserver/portal/", secure=True) == "/fallback/"  # no downgrade to http
    assert ask("") == "/fallback/"


# --------------------------------------------------------------------------- ActionView's hooks


class _ShowOnce(ActionView):
    """A page that shows what the service returned once, never through a redirect (a lookup code)."""

    class form_class(forms.Form):
        text = forms.CharField(max_length=5)

    def get_object(self):
        return None

    def perform(self, obj, form):
        if form.cleaned_data["text"] == "no":
            raise ValidationError("The service says no.", code="refused")
        self.code = "K7Q2"
        return "done"

    def page(self, obj, failed):
        return "partials/form_errors.html", {"form": failed}

    def succeeded(self, obj, form, message):
        return HttpResponse(f"Your code: {self.code}")

    def refusal_status(self, form):
        return 400


def _post(rf, data):
    request = rf.post("/x/", data)
    request.user = AnonymousUser()
    request._messages = CookieStorage(request)
    return _ShowOnce.as_view()(request)


def test_an_action_may_show_its_result_once_instead_of_redirecting(rf):
    response = _post(rf, {"text": "ok"})
    assert response.status_code == 200 and response.content.decode() == "Your code: K7Q2"


def test_an_action_may_answer_a_refusal_with_its_own_status(rf):
    response = _post(rf, {"text": "no"})
    assert response.status_code == 400
    assert response.content.decode().count("The service says no.") == 1


# --------------------------------------------------------------------------- ActionView's declarations


def _my_notification(user, pk):
    """A loader as the loops write them: the user's own, or 404."""
    return get_object_or_404(Notification.objects.filter(recipient=user), pk=pk)


def _notification_page(request, notification, failed):
    form = failed or _MarkRead.form_class(auto_id="form_%s")
    return "partials/field.html", {"notification": notification, "form": form, "field": form["note"]}


class _NotificationAction(ActionView):
    """A loop's base: only declarations."""

    load = _my_notification
    detail_url = "declared_detail"
    render_page = _notification_page


class _MarkRead(_NotificationAction):
    class form_class(forms.Form):
        note = forms.CharField(max_length=10)

    def perform(self, notification, form):
        if form.cleaned_data["note"] == "not yet":
            raise ValidationError({"note": "The service says not yet."}, code="refused")
        notification.read_at = timezone.now()
        notification.save(update_fields=["read_at"])
        return "Marked read."


class _Undeclared(ActionView):
    def perform(self, obj, form):
        return "never"


urlpatterns = [path("declared/<int:pk>/", _MarkRead.as_view(), name="declared_detail")]


def _post_as(rf, view, user, pk, data):
    request = rf.post(f"/declared/{pk}/", data)
    request.user = user
    request._messages = CookieStorage(request)
    return view.as_view()(request, pk=pk), request


@pytest.mark.urls(__name__)
def test_a_declared_action_loads_the_users_object_and_goes_to_its_detail_url(rf, deputy_user):
    mine = notify(deputy_user, "test.hello", "mine")
    response, request = _post_as(rf, _MarkRead, deputy_user, mine.pk, {"note": "ok"})
    assert response.status_code == 302 and response["Location"] == f"/declared/{mine.pk}/"
    assert [str(m) for m in request._messages] == ["Marked read."]
    mine.refresh_from_db()
    assert mine.is_read


@pytest.mark.urls(__name__)
def test_a_declared_action_shows_its_page_again_on_a_refusal_with_the_input_and_the_message_once(rf, deputy_user):
    mine = notify(deputy_user, "test.hello", "mine")
    response, request = _post_as(rf, _MarkRead, deputy_user, mine.pk, {"note": "not yet"})
    page = response.content.decode()
    assert response.status_code == 200
    assert page.count("The service says not yet.") == 1 and 'value="not yet"' in page
    assert [str(m) for m in request._messages] == [str(ActionView.refused_notice)]
    mine.refresh_from_db()
    assert not mine.is_read


@pytest.mark.urls(__name__)
def test_a_declared_loader_refuses_another_users_object_and_changes_nothing(rf, deputy_user, unit_user):
    theirs = notify(unit_user, "test.hello", "theirs")
    with pytest.raises(Http404):
        _post_as(rf, _MarkRead, deputy_user, theirs.pk, {"note": "ok"})
    theirs.refresh_from_db()
    assert not theirs.is_read


def test_declared_functions_are_not_bound_as_methods():
    assert _MarkRead.load is _my_notification and _MarkRead().render_page is _notification_page


def test_an_action_that_declares_nothing_says_what_it_lacks(rf, deputy_user):
    lacks_load = r"_Undeclared declares no `load` and does not override get_object\(\)"
    with pytest.raises(NotImplementedError, match=lacks_load):
        _post_as(rf, _Undeclared, deputy_user, 1, {})
    view = _Undeclared()
    with pytest.raises(NotImplementedError, match="no `detail_url`"):
        view.success_url(None)
    with pytest.raises(NotImplementedError, match="no `render_page`"):
        view.page(None, None)
