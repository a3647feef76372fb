"""The demo district's deputies: about 250 district deputies and 15 higher-level ones."""

from datetime import timedelta

from django.conf import settings
from django.contrib.auth.models import Group

from congress import roles
from congress.demo import SUBDISTRICTS, person_name
from congress.models import User
from deputies.models import Delegation, Deputy

OCCUPATIONS = [
    ("社区党委书记", "{sd}某社区党委书记、居委会主任"), ("中学教师", "区第{n}中学教师"),
    ("医生", "区人民医院副主任医师"), ("企业负责人", "某科技有限公司董事长"), ("农民", "{sd}某村村民"),
    ("律师", "某律师事务所主任"), ("街道干部", "{sd}办事处副主任"), ("工人", "某制造公司一线班组长"),
    ("个体工商户", "{sd}某商店经营者"), ("区级机关干部", "区某局局长"), ("民营企业职工", "某物流公司职工"),
    ("退役军人", "{sd}退役军人服务站站长"),
]
ETHNICITIES = ["汉族"] * 18 + ["回族", "满族", "土家族", "苗族"]


def load(rng, district: dict) -> None:
    term = district["term"]
    stations = district["stations"]
    delegations = Delegation.objects.bulk_create(
        [Delegation(term=term, name=f"{name}代表组") for name in SUBDISTRICTS]
    )
    deputies = []
    for i in range(265):
        higher = i >= 250
        delegation_index = i % len(delegations)
        occupation, work = rng.choice(OCCUPATIONS)
        sd = SUBDISTRICTS[delegation_index]
        status, left_on = Deputy.Status.SERVING, None
        if not higher and rng.random() < 0.04:
            status = rng.choice([Deputy.Status.RESIGNED, Deputy.Status.REMOVED])
            left_on = min(district["today"], term.starts_on + timedelta(days=rng.randint(300, 1300)))
        deputies.append(Deputy(
            name=person_name(rng),
            gender=rng.choice([Deputy.Gender.MALE, Deputy.Gender.FEMALE, Deputy.Gender.MALE]),
            ethnicity=rng.choice(ETHNICITIES),
            birth_date=district["today"] - timedelta(days=rng.randint(30 * 365, 66 * 365)),
            party=rng.choices(list(Deputy.Party.values), weights=[65, 12, 13, 10])[0],
            occupation=occupation,
            work_unit=work.format(sd=sd, n=rng.randint(1, 12)),
            constituency="" if higher else f"{sd}第{rng.randint(1, 9)}选区",
            delegation=None if higher else delegations[delegation_index],
            level=rng.choice([Deputy.Level.CITY, Deputy.Level.CITY, Deputy.Level.PROVINCIAL, Deputy.Level.NATIONAL])
            if higher else Deputy.Level.DISTRICT,
            station=stations[(delegation_index * 2 + rng.randint(0, 1)) % len(stations)],
            term=term,
            status=status,
            serving_since=term.starts_on,
            left_on=left_on,
            phone=f"1{rng.choice('3578')}{rng.randint(100000000, 999999999)}",
        ))
    Deputy.objects.bulk_create(deputies)

    # The demo deputy account belongs to the first serving district deputy.
    first = Deputy.objects.filter(status=Deputy.Status.SERVING, level=Deputy.Level.DISTRICT).order_by("id").first()
    user = User.objects.create_user(username="deputy", password=settings.CONGRESS_DEMO_PASSWORD,
                                    email="deputy@example.org", name=first.name, phone=first.phone)
    user.groups.add(Group.objects.get(name=roles.DEPUTY))
    first.user = user
    first.save(update_fields=["user"])
    district["user_deputy"] = user
    _load_stations(rng, district)


def _load_stations(rng, district: dict) -> None:  # h/stations: receptions, residents' issues, report-backs
    from deputies import stations_demo

    stations_demo.load(rng, district)
