"""The demo district's stations' work: a season of reception shifts (held, and announced ahead),
residents' issues in every state, liaisons and monitors, and this year's report-back plan.
Called from `deputies.demo.load`; fast (bulk inserts), deterministic for the same seed and day."""

import random
from datetime import datetime, time, timedelta

from django.utils import timezone

from congress.models import Unit, User
from deputies.models import (
    Deputy,
    Liaison,
    Reception,
    ReceptionDeputy,
    ReportBack,
    ResidentIssue,
    hash_code,
)
from deputies.stations_services import new_code

TOPICS = ["老旧小区加装电梯", "背街小巷路灯", "菜市场周边停车", "社区养老食堂", "学校门口交通安全", "垃圾分类收运",
          "公园健身设施", "河道保洁", "噪音扰民", "公交线路调整"]
FAMILY = "王李张刘陈杨赵黄周吴"


def _at(day, hour):
    return timezone.make_aware(datetime.combine(day, time(hour)))


def load(district: dict) -> None:
    today = district["today"]
    # a generator of its own, so that the apps loaded after this one draw the same district as before
    rng = random.Random(f"stations-{today.isoformat()}")  # noqa: S311 - demo data, not secrets
    stations = district["stations"]
    deputies = list(Deputy.objects.serving().filter(term=district["term"]).order_by("id"))
    by_station = {}
    for deputy in deputies:
        by_station.setdefault(deputy.station_id, []).append(deputy)
    receptions, shifts = [], []
    for station in stations:
        for week in range(-8, 3):  # eight weeks held, this week and two announced ahead
            day = today + timedelta(days=7 * week + 2 - today.weekday())
            start = _at(day, 9)
            held = day < today
            receptions.append(Reception(station=station, starts_at=start, ends_at=start + timedelta(hours=3),
                                        topic=rng.choice(TOPICS), announced_at=start - timedelta(days=5),
                                        status=Reception.Status.HELD if held else Reception.Status.SCHEDULED,
                                        residents_received=rng.randint(2, 12) if held else 0))
    Reception.objects.bulk_create(receptions)
    for reception in receptions:
        pool = by_station.get(reception.station_id) or deputies
        held = reception.status == Reception.Status.HELD
        for deputy in rng.sample(pool, min(2, len(pool))):
            shifts.append(ReceptionDeputy(reception=reception, deputy=deputy,
                                          attended=(rng.random() < 0.9) if held else None))
    ReceptionDeputy.objects.bulk_create(shifts)

    units = list(Unit.objects.exclude(kind=Unit.Kind.SUBDISTRICT).order_by("id"))
    subdistricts = list(Unit.objects.filter(kind=Unit.Kind.SUBDISTRICT).order_by("id")) or units
    staff = User.objects.filter(username="staff").first()
    issues = []
    held = [r for r in receptions if r.status == Reception.Status.HELD]
    for _n in range(120):
        reception = rng.choice(held)
        raised = reception.starts_at + timedelta(hours=1)
        kind = rng.choices(["new", "on_spot", "unit", "subdistrict", "answered", "rated", "refused"],
                           weights=[10, 15, 25, 15, 15, 15, 5])[0]
        fields = dict(channel=ResidentIssue.Channel.RECEPTION, station_id=reception.station_id, reception=reception,
                      deputy=rng.choice(by_station.get(reception.station_id) or deputies),
                      subject=f"{rng.choice(TOPICS)}问题", content=f"居民反映：{rng.choice(TOPICS)}，希望尽快解决。",
                      resident_name=f"{rng.choice(FAMILY)}{rng.choice(['先生', '女士', '阿姨', '大爷'])}",
                      resident_contact=f"1{rng.choice('3578')}{rng.randint(100000000, 999999999)}",
                      created_at=raised, lookup_digest=hash_code(new_code()))
        if kind == "on_spot":
            fields.update(route="on_spot", status="answered", answer="当场答复并解释了相关政策。", answered_at=raised,
                          answered_by=staff, routed_at=raised)
        elif kind in ("unit", "subdistrict", "answered", "rated"):
            unit = rng.choice(subdistricts if kind == "subdistrict" else units)
            route = "subdistrict" if unit.kind == Unit.Kind.SUBDISTRICT else "unit"
            fields.update(route=route, unit=unit, status="routed", routed_at=raised,
                          due_on=raised.date() + timedelta(days=30))
            if kind in ("answered", "rated"):
                fields.update(status="answered", answer="已组织人员现场查看并处理。",
                              answered_at=raised + timedelta(days=10))
            if kind == "rated":
                rating = rng.choice(["satisfied", "satisfied", "basically", "unsatisfied"])
                fields.update(status="closed", rating=rating, rated_at=raised + timedelta(days=12))
        elif kind == "refused":
            fields.update(route="refused", status="refused", routed_at=raised,
                          route_note="该事项已进入诉讼程序，请通过人民法院依法解决。")
        issues.append(ResidentIssue(**fields))
    ResidentIssue.objects.bulk_create(issues)

    liaisons = []
    for deputy in deputies:
        for k in range(3):
            liaisons.append(Liaison(deputy=deputy, kind=Liaison.Kind.LIAISON, name=f"{rng.choice(FAMILY)}联络员{k + 1}",
                                    community=deputy.constituency or "社区",
                                    phone=f"136{rng.randint(10**7, 10**8 - 1)}"))
        liaisons.append(Liaison(deputy=deputy, kind=Liaison.Kind.MONITOR, name=f"{rng.choice(FAMILY)}监督员",
                                phone=f"137{rng.randint(10**7, 10**8 - 1)}"))
    Liaison.objects.bulk_create(liaisons)

    # This year's plan: a fifth of the deputies; last year's published with ratings.
    planned = deputies[: max(1, len(deputies) // 5)]
    last_year = deputies[len(planned): len(planned) * 2]
    rows = [ReportBack(deputy=d, year=today.year, station_id=d.station_id) for d in planned]
    for d in last_year:
        s, b, u = rng.randint(20, 40), rng.randint(3, 10), rng.randint(0, 3)
        rows.append(ReportBack(deputy=d, year=today.year - 1, station_id=d.station_id, status="published",
                               held_on=today - timedelta(days=rng.randint(120, 300)), report="述职报告（摘要）。",
                               satisfied=s, basically=b, unsatisfied=u, published_at=timezone.now()))
    ReportBack.objects.bulk_create(rows)
