"""Shared set-up of the stations' tests: a station with its keeper, a deputy with an account,
units and sub-districts, a scheduled shift and issues in each state."""

from datetime import datetime, time, timedelta

import pytest
from django.utils import timezone

from congress import roles
from congress.models import Unit
from deputies import stations_services as services
from deputies.models import Reception, ReceptionDeputy
from tests.conftest import make_user
from tests.congress.factories import StationFactory, UnitFactory
from tests.deputies.factories import DeputyFactory

TODAY = timezone.localdate()


def at(day, hour=9):
    return timezone.make_aware(datetime.combine(day, time(hour)))


class World:
    pass


@pytest.fixture(name="world")
def world_fixture(db, staff_user):
    w = World()
    w.staff = staff_user
    w.station = StationFactory(name="江北联络站", code="jiangbei")
    w.other_station = StationFactory(name="南岸联络站", code="nanan")
    w.keeper = make_user(roles.STATION_KEEPER, username="keeper1", station=w.station)
    w.deputy = DeputyFactory(name="王建国", station=w.station, phone="13900001111")
    w.deputy.user = make_user(roles.DEPUTY, username="deputy1", name="王建国")
    w.deputy.save(update_fields=["user"])
    w.other_deputy = DeputyFactory(name="李梅", station=w.other_station)
    w.other_deputy.user = make_user(roles.DEPUTY, username="deputy2", name="李梅")
    w.other_deputy.save(update_fields=["user"])
    w.unit = UnitFactory(name="区住建委", code="zj")
    w.other_unit = UnitFactory(name="区教委", code="jw")
    w.subdistrict = UnitFactory(name="江北街道", code="jbjd", kind=Unit.Kind.SUBDISTRICT)
    w.handler = make_user(roles.UNIT_HANDLER, username="h-zj", unit=w.unit)
    w.other_handler = make_user(roles.UNIT_HANDLER, username="h-jw", unit=w.other_unit)
    return w


def held_shift(w, *, days_ago=1, deputies=None):
    """A shift that began `days_ago` days ago (made directly: scheduling refuses the past)."""
    start = at(TODAY - timedelta(days=days_ago))
    reception = Reception.objects.create(station=w.station, starts_at=start, ends_at=start + timedelta(hours=3),
                                         announced_at=start - timedelta(days=5))
    for deputy in deputies or [w.deputy]:
        ReceptionDeputy.objects.create(reception=reception, deputy=deputy)
    return reception


def raised_issue(w, **extra):
    reception = held_shift(w)
    fields = {"subject": "小区路灯不亮", "content": "三号楼前的路灯坏了两个月。", "resident_name": "张阿姨",
              "resident_contact": "13812345678", "deputy": w.deputy, **extra}
    return services.raise_issue_at_reception(reception, actor=w.keeper, **fields)


def routed_issue(w, unit=None):
    issue, code = raised_issue(w)
    issue = services.route_issue(issue, actor=w.staff, route="unit", unit=unit or w.unit)
    return issue, code
