"""Who sees which suggestion: the one scope method every surface uses."""

from datetime import date

import pytest
from django.contrib.auth.models import AnonymousUser

from suggestions import services
from suggestions.models import Assignment, Suggestion
from tests.suggestions.conftest import assigned, draft, part

pytestmark = pytest.mark.django_db


def visible(user):
    return set(Suggestion.objects.visible_to(user).values_list("pk", flat=True))


def test_drafts_are_the_deputys_own(district):
    d = district
    mine = draft(d)
    assert mine.pk in visible(d["lead"].user)
    assert mine.pk not in visible(d["other"].user)
    assert mine.pk not in visible(d["staff"]) and mine.pk not in visible(d["leader"])


def test_an_invited_deputy_reads_the_draft_until_the_invitation_is_withdrawn(district):
    d = district
    mine = draft(d)
    services.invite_cosigners(mine, actor=d["lead"].user, deputies=[d["cosigner"]])
    assert mine.pk in visible(d["cosigner"].user)
    services.withdraw_invitation(mine.cosignatures.get(), actor=d["lead"].user)
    assert mine.pk not in visible(d["cosigner"].user)


def test_units_see_only_what_is_assigned_to_them_and_lose_it_when_returned(district):
    d = district
    suggestion = assigned(d, lead="jt", co=("zj",))
    assert suggestion.pk in visible(d["handlers"]["jt"]) and suggestion.pk in visible(d["handlers"]["zj"])
    assert suggestion.pk not in visible(d["handlers"]["jw"])
    request = services.request_reassignment(part(suggestion, "jt"), actor=d["handlers"]["jt"], reason="非本单位职责",
                                            today=date(2026, 2, 3))
    services.decide_reassignment(request, actor=d["staff"], approve=True, new_unit=d["units"]["jw"],
                                 today=date(2026, 2, 4))
    assert suggestion.pk not in visible(d["handlers"]["jt"]) and suggestion.pk in visible(d["handlers"]["jw"])
    assert set(Assignment.objects.visible_to(d["handlers"]["jw"]).values_list("unit__code", flat=True)) == {"jw"}


def test_the_office_and_leaders_see_every_submitted_suggestion(district):
    d = district
    suggestion = assigned(d, lead="jt")
    assert suggestion.pk in visible(d["staff"]) and suggestion.pk in visible(d["leader"])


def test_anonymous_sees_nothing(district):
    assigned(district, lead="jt")
    assert visible(AnonymousUser()) == set()
    assert not Assignment.objects.visible_to(AnonymousUser()).exists()
