from datetime import date

import factory

from deputies.models import Delegation, Deputy
from tests.congress.factories import TermFactory


class DelegationFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Delegation

    term = factory.SubFactory(TermFactory)
    name = factory.Sequence(lambda n: f"第{n}代表组")


class DeputyFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Deputy

    name = factory.Sequence(lambda n: f"代表{n}")
    gender = Deputy.Gender.FEMALE
    birth_date = date(1975, 5, 1)
    term = factory.SubFactory(TermFactory)
    serving_since = date(2022, 1, 6)
    phone = factory.Sequence(lambda n: f"139{n:08d}")


def point_table(year):
    """The default table for `year` (deputies/points_table.py)."""
    from deputies.points_table import install_default_table

    install_default_table(year)
