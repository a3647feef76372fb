"""Ballots for the tests: owned by a meeting, electorate = the given users (an owner hook)."""

from django.contrib.auth.models import Group

from congress import roles
from congress.ballots import services
from congress.ballots.models import Ballot
from congress.models import User
from tests.congress.factories import MeetingFactory, UserFactory


def voters(n: int, prefix: str = "voter"):
    group = Group.objects.get(name=roles.DEPUTY)
    # Unusable passwords, written in one INSERT: hashing a password per voter would cost seconds.
    users = User.objects.bulk_create([User(username=f"{prefix}{i}", name=f"代表{prefix}{i}", password="!")
                                      for i in range(n)])
    group.user_set.add(*users)
    return users


def staff(username="clerk"):
    user = UserFactory(username=username)
    user.groups.add(Group.objects.get(name=roles.STAFF))
    return user


def make_ballot(actor, *, kind=Ballot.Kind.COMPETITIVE, options=3, seats=1, open_it=True, papers_issued=None,
                **settings):
    ballot = services.create_ballot(
        MeetingFactory(), title="票决", kind=kind, options=[f"项目{i}" for i in range(options)],
        actor=actor, seats=seats, **settings,
    )
    if open_it:
        ballot = services.open_ballot(ballot.pk, actor=actor, papers_issued=papers_issued)
    return ballot


def keys(ballot):
    return [o.key for o in ballot.options.all()]


def paper(ballot, *marks):
    """marks in option order → the marks dict."""
    return dict(zip(keys(ballot), marks, strict=True))
