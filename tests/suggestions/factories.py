from datetime import date

import factory

from suggestions.models import Category, Suggestion
from tests.congress.factories import TermFactory
from tests.deputies.factories import DeputyFactory


class CategoryFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Category
        django_get_or_create = ["code"]

    name = factory.Sequence(lambda n: f"领域{n}")
    code = factory.Sequence(lambda n: f"cat{n}")


class DraftFactory(factory.django.DjangoModelFactory):
    """A draft as a deputy leaves it; tests move it on through the services."""

    class Meta:
        model = Suggestion

    term = factory.SubFactory(TermFactory)
    title = factory.Sequence(lambda n: f"关于改善第{n}社区停车难问题的建议")
    content = "社区停车位严重不足，建议增设立体停车设施。"
    category = factory.SubFactory(CategoryFactory)
    lead_deputy = factory.SubFactory(DeputyFactory, term=factory.SelfAttribute("..term"))


SESSION_DAY = date(2026, 1, 8)
