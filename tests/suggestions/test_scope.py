"""Who sees which suggestion: the one scope method every surface uses."""

from datetime import date

import pytest
from django.contrib.auth import get_user_model
from django.contrib.auth.models import AnonymousUser, Group

from congress import roles
from suggestions import services
from suggestions.models import Assignment, ContactRecord, ReassignmentRequest, Reply, Suggestion
from tests.suggestions.conftest import ASSIGNED, SESSION_START, assigned, draft, part, replied
from tests.suggestions.factories import DraftFactory

User = get_user_model()

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


# --------------------------------------------------------------------------- every model, every role


@pytest.fixture
def loop(district):
    """One suggestion through most of its loop, so that each kind of row exists once; and a second
    suggestion, of another deputy and unit, merged with it."""
    d = district
    suggestion = draft(d)
    services.invite_cosigners(suggestion, actor=d["lead"].user, deputies=[d["cosigner"]])
    services.respond_to_invitation(suggestion.cosignatures.get(), actor=d["cosigner"].user, confirm=True)
    services.submit_suggestion(suggestion, actor=d["lead"].user, today=SESSION_START)
    services.accept_suggestion(suggestion, actor=d["staff"])
    services.assign_suggestion(suggestion, actor=d["staff"], lead_unit=d["units"]["jt"], co_units=[d["units"]["zj"]],
                               today=ASSIGNED)
    jt, zj = part(suggestion, "jt"), part(suggestion, "zj")
    request = services.request_reassignment(zj, actor=d["handlers"]["zj"], reason="仅部分涉及本单位",
                                            today=date(2026, 2, 3))
    extension = services.request_extension(jt, actor=d["handlers"]["jt"], due_on=date(2026, 6, 30), reason="需协调")
    services.send_co_unit_opinion(zj, actor=d["handlers"]["zj"], opinion="同意牵头单位意见")
    reply = replied(d, suggestion, "jt", category="B", commitments=[("年底前建成", date(2026, 12, 31))])
    evaluation = services.evaluate_reply(reply, actor=d["lead"].user, satisfaction="satisfied", attitude="good",
                                         approach="good", effect="good", today=date(2026, 3, 3))
    supervision = services.put_under_key_supervision(suggestion, actor=d["staff"], leader=d["leader"],
                                                     committee=d["committee"])
    action = services.record_supervision_action(supervision, actor=d["leader"], kind="visit",
                                                happened_on=date(2026, 3, 4), description="实地察看",
                                                today=date(2026, 3, 5))
    other = DraftFactory(term=d["term"], lead_deputy=d["other"], category=d["category"])
    services.submit_suggestion(other, actor=d["other"].user, today=SESSION_START)
    services.accept_suggestion(other, actor=d["staff"])
    services.assign_suggestion(other, actor=d["staff"], lead_unit=d["units"]["jw"], today=ASSIGNED)
    group = services.merge_suggestions([suggestion, other], actor=d["staff"])
    return {
        "cosignature": suggestion.cosignatures.get(), "key_supervision": supervision, "supervision_action": action,
        "merge_group": group, "category": d["category"],
        "part_jt": jt, "part_zj": zj, "part_jw": part(other, "jw"), "contact_jt": jt.contacts.get(),
        "extension_jt": extension, "request_zj": request, "reply_jt": reply, "receipt": reply.receipts.first(),
        "commitment": reply.commitments.get(), "evaluation": evaluation,
    }


SUGGESTION_SIDE = {"cosignature", "key_supervision", "supervision_action", "merge_group", "category"}
JT_PART = {"part_jt", "contact_jt", "extension_jt", "reply_jt", "receipt", "commitment", "evaluation"}
EVERYTHING = SUGGESTION_SIDE | JT_PART | {"part_zj", "request_zj", "part_jw"}
SEEN_BY = {
    "staff": EVERYTHING,
    "leader": EVERYTHING,
    # The deputies of a suggestion see every part of it and everything on each part.
    "lead": EVERYTHING - {"part_jw"},
    "cosigner": EVERYTHING - {"part_jw"},
    "other": {"part_jw", "merge_group", "category"},
    # A unit sees its own part and what hangs from it, and the suggestion's own rows; not another unit's part.
    "jt": SUGGESTION_SIDE | JT_PART,
    "zj": SUGGESTION_SIDE | {"part_zj", "request_zj"},
    "jw": {"part_jw", "merge_group", "category"},
    "anonymous": set(),
}


def actor(d, role):
    return {"staff": d["staff"], "leader": d["leader"], "lead": d["lead"].user, "cosigner": d["cosigner"].user,
            "other": d["other"].user, "jt": d["handlers"]["jt"], "zj": d["handlers"]["zj"],
            "jw": d["handlers"]["jw"], "anonymous": AnonymousUser()}[role]


@pytest.mark.parametrize("role", sorted(SEEN_BY))
def test_every_model_is_scoped_the_same_way_for_each_role(district, loop, role):
    user = actor(district, role)
    seen = {name for name, row in loop.items() if type(row).objects.visible_to(user).filter(pk=row.pk).exists()}
    assert seen == SEEN_BY[role]


def test_a_deputy_who_also_handles_for_a_unit_sees_every_part_of_their_own_suggestion(district):
    d = district
    d["lead"].user.unit = d["units"]["jw"]
    d["lead"].user.save()
    d["lead"].user.groups.add(Group.objects.get(name=roles.UNIT_HANDLER))
    user = User.objects.get(pk=d["lead"].user.pk)  # fresh permission cache
    mine = assigned(d, lead="jt", co=("zj",))
    theirs = DraftFactory(term=d["term"], lead_deputy=d["other"], category=d["category"])
    services.submit_suggestion(theirs, actor=d["other"].user, today=SESSION_START)
    services.accept_suggestion(theirs, actor=d["staff"])
    services.assign_suggestion(theirs, actor=d["staff"], separate_units=[d["units"]["jw"], d["units"]["jt"]],
                               today=ASSIGNED)
    reply = replied(d, mine, "jt", day=date(2026, 3, 9))  # after the co-unit's month
    parts = set(Assignment.objects.visible_to(user).values_list("suggestion_id", "unit__code"))
    assert parts == {(mine.pk, "jt"), (mine.pk, "zj"), (theirs.pk, "jw")}  # not the other unit's part of theirs
    assert visible(user) == {mine.pk, theirs.pk}
    assert Reply.objects.visible_to(user).filter(pk=reply.pk).exists()


def test_a_returned_part_leaves_the_units_sight_with_its_suggestion_and_its_rows(district):
    d = district
    suggestion = assigned(d, lead="jt")
    jt = part(suggestion, "jt")
    services.record_contact(jt, actor=d["handlers"]["jt"], contacted_on=date(2026, 2, 3), method="phone",
                            summary="电话沟通", today=date(2026, 2, 3))
    request = services.request_reassignment(jt, actor=d["handlers"]["jt"], reason="非本单位职责",
                                            today=date(2026, 2, 3))
    handler = d["handlers"]["jt"]
    assert ReassignmentRequest.objects.visible_to(handler).filter(pk=request.pk).exists()
    services.decide_reassignment(request, actor=d["staff"], approve=True, today=date(2026, 2, 4))
    assert suggestion.pk not in visible(handler)
    assert not Assignment.objects.visible_to(handler).filter(pk=jt.pk).exists()  # agrees with the suggestion
    assert not ReassignmentRequest.objects.visible_to(handler).exists()
    assert not ContactRecord.objects.visible_to(handler).exists()
    assert ReassignmentRequest.objects.visible_to(d["staff"]).filter(pk=request.pk).exists()
