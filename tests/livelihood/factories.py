"""Factories and helpers for the livelihood tests: a cycle at any stage, deputies in bulk."""

from datetime import date, timedelta
from decimal import Decimal

import factory
from django.contrib.auth.models import Group
from django.utils import timezone

from congress import roles
from congress.models import User
from deputies.models import Deputy
from livelihood import services
from livelihood.models import Cycle, Project, Proposal
from tests.congress.factories import TermFactory, UnitFactory


class CycleFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Cycle

    year = factory.Sequence(lambda n: 2030 + n)
    title = factory.LazyAttribute(lambda c: f"{c.year}年民生实事项目")
    stage = Cycle.Stage.COLLECTION
    seats = 3


class ProposalFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Proposal

    cycle = factory.SubFactory(CycleFactory)
    source = Proposal.Source.RESIDENT
    title = factory.Sequence(lambda n: f"建议{n}: 加装电梯")
    description = "老旧小区加装电梯"
    category = Proposal.Category.HOUSING


class ProjectFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Project

    cycle = factory.SubFactory(CycleFactory)
    name = factory.Sequence(lambda n: f"项目{n}")
    budget = Decimal("120.00")
    lead_unit = factory.SubFactory(UnitFactory)
    completion_on = factory.LazyFunction(lambda: timezone.localdate() + timedelta(days=200))
    position = factory.Sequence(lambda n: n + 1)


def deputies(n, *, prefix="d"):
    """`n` serving deputies with accounts in the deputy role, in three bulk inserts."""
    term = TermFactory()
    users = User.objects.bulk_create([User(username=f"{prefix}{i}", name=f"代表{prefix}{i}", password="!")
                                      for i in range(n)])
    Group.objects.get(name=roles.DEPUTY).user_set.add(*users)
    Deputy.objects.bulk_create([
        Deputy(name=u.name, gender=Deputy.Gender.MALE, birth_date=date(1970, 1, 1), term=term,
               serving_since=date(2022, 1, 6), phone=f"138{i:08d}", user=u) for i, u in enumerate(users)])
    return users


def cycle_with_candidates(staff, *, candidates=4, seats=3, publish=True, unit=None):
    """A cycle with `candidates` shortlisted from proposals, approved and (by default) published."""
    cycle = services.create_cycle(actor=staff, year=2040 + Cycle.objects.count(), title="民生实事", seats=seats)
    unit = unit or UnitFactory()
    for i in range(candidates):
        proposal = services.submit_proposal(cycle, source=Proposal.Source.RESIDENT, title=f"提议{i}",
                                            description="描述")
        services.add_candidate(cycle, actor=staff, name=f"候选{i}", budget=Decimal("100") + i, lead_unit=unit,
                               completion_on=timezone.localdate() + timedelta(days=300), proposals=[proposal],
                               subprojects=[f"子项目{i}-a", f"子项目{i}-b"])
    services.approve_candidates(cycle, actor=staff, document="区政府〔2026〕1号")
    if publish:
        services.publish_candidates(cycle, actor=staff, notify_deputies=False)
    cycle.refresh_from_db()
    return cycle
