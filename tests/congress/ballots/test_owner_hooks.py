"""Owner hooks: on_cast gets the voter only (never the marks), inside the cast transaction; the
electorate hook decides the snapshot; on_published runs with the result readable."""

import pytest

from congress.ballots import _OWNERS, register_owner, services
from congress.models import Meeting, Notification
from tests.congress.ballots.factories import make_ballot, paper, staff, voters

pytestmark = pytest.mark.django_db


@pytest.fixture
def hooks():
    seen = {"cast": [], "published": []}
    saved = dict(_OWNERS)

    def on_cast(ballot, *args, **kwargs):
        seen["cast"].append((ballot.pk, args, kwargs))

    def on_published(ballot):
        seen["published"].append(ballot.public_result()["adopted"])

    yield seen, lambda electorate: register_owner(Meeting, on_cast=on_cast, on_published=on_published,
                                                  electorate=lambda ballot: electorate, label="meeting")
    _OWNERS.clear()
    _OWNERS.update(saved)


def test_hooks_see_the_voter_only(hooks):
    from congress.models import User

    seen, register = hooks
    clerk = staff()
    chosen = voters(3)
    register(User.objects.filter(pk__in=[u.pk for u in chosen[:2]]))
    ballot = make_ballot(clerk, options=3)
    assert ballot.electorate_size == 2  # the owner's electorate, not every deputy
    assert list(services.ballots_of(ballot.owner)) == [ballot]
    services.cast(ballot.pk, chosen[0], paper(ballot, "yes", "no", "no"))
    assert seen["cast"] == [(ballot.pk, (chosen[0],), {})]  # the user, nothing of the paper
    services.cast(ballot.pk, chosen[1], paper(ballot, "yes", "no", "no"))
    services.close_ballot(ballot.pk, actor=clerk)
    services.verify_ballot(ballot.pk, actor=clerk)
    services.publish_ballot(ballot.pk, actor=clerk)
    assert seen["published"] == [[ballot.options.first().key]]
    assert not Notification.objects.exists()
