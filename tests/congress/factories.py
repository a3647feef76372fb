from datetime import date

import factory

from congress.models import Committee, Meeting, Station, Term, Unit, User


class UserFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = User
        django_get_or_create = ["username"]

    username = factory.Sequence(lambda n: f"user{n}")
    name = factory.Sequence(lambda n: f"用户{n}")
    email = factory.LazyAttribute(lambda u: f"{u.username}@example.org")
    password = factory.django.Password("correct-horse-battery")


class TermFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Term
        django_get_or_create = ["number"]

    number = 18
    starts_on = date(2022, 1, 6)
    ends_on = date(2027, 1, 5)


class MeetingFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Meeting

    term = factory.SubFactory(TermFactory)
    kind = Meeting.Kind.CONGRESS_SESSION
    number = factory.Sequence(lambda n: n + 1)
    starts_on = date(2026, 1, 8)
    ends_on = date(2026, 1, 10)


class UnitFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Unit
        django_get_or_create = ["code"]

    name = factory.Sequence(lambda n: f"区第{n}局")
    code = factory.Sequence(lambda n: f"unit{n}")
    kind = Unit.Kind.GOVERNMENT


class CommitteeFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Committee

    name = factory.Sequence(lambda n: f"第{n}委员会")
    code = factory.Sequence(lambda n: f"committee{n}")


class StationFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Station

    name = factory.Sequence(lambda n: f"第{n}代表联络站")
    code = factory.Sequence(lambda n: f"station{n}")
