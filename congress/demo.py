"""The demo district's core: term, meetings, units, committees, stations and demo accounts.

Everything is generated from one seeded random generator, so two loads give the same district.
Names are made up from common characters; none is a real person's.

Every date is counted from the load day (`district["today"]`), so that a demo loaded on any day
looks the same: the term is in its fourth year, the current congress session was a few months ago
(its suggestions are due around the load day), and the next one is still to come.
"""

from datetime import date, timedelta

from django.conf import settings
from django.contrib.auth.models import Group

from congress import roles
from congress.calendar import add_months
from congress.models import Committee, Meeting, Station, Term, Unit, User

SURNAMES = (
    "王李张刘陈杨黄赵吴周徐孙马朱胡郭何高林罗郑梁谢宋唐许韩冯邓曹彭曾肖田董袁潘于蒋蔡余杜叶程苏魏吕丁任沈"
    "姚卢姜崔钟谭陆汪范金石廖贾夏韦付方白邹孟熊秦邱江尹薛闫段雷侯龙史陶黎贺顾毛郝龚邵万钱严覃武戴莫孔向汤"
)
GIVEN = (
    "伟芳娜秀英敏静丽强磊军洋勇艳杰娟涛明超秀兰霞平刚桂英华建国志红玉梅海燕雪晨宇浩然思远欣怡子涵梓萱"
    "文博雅琴宏亮立新晓东春生建华丽君晓燕永强德明玉兰振华丽萍凤英海波国庆红梅卫东淑珍桂芳俊杰佳怡"
)

UNITS = [
    ("区发展和改革委员会", "区发改委", "fgw", "government"), ("区教育委员会", "区教委", "jw", "government"),
    ("区科学技术和经济信息化局", "区科信局", "kxj", "government"), ("公安分局", "公安分局", "gafj", "government"),
    ("区民政局", "区民政局", "mzj", "government"), ("区财政局", "区财政局", "czj", "government"),
    ("区人力资源和社会保障局", "区人社局", "rsj", "government"),
    ("区规划和自然资源局", "区规自局", "gzj", "government"),
    ("区住房和城乡建设委员会", "区住建委", "zjw", "government"), ("区城市管理局", "区城管局", "cgj", "government"),
    ("区交通局", "区交通局", "jtj", "government"), ("区农业农村委员会", "区农委", "nw", "government"),
    ("区商务委员会", "区商务委", "swj", "government"), ("区卫生健康委员会", "区卫健委", "wjw", "government"),
    ("区生态环境局", "区生态环境局", "sthj", "government"), ("区市场监督管理局", "区市场监管局", "scjg", "government"),
    ("区应急管理局", "区应急局", "yjj", "government"), ("区监察委员会", "区监委", "jw-jc", "supervision"),
    ("区人民法院", "区法院", "fy", "court"), ("区人民检察院", "区检察院", "jcy", "procuratorate"),
]
SUBDISTRICTS = ["东城街道", "西城街道", "南湖街道", "北山街道", "新桥镇", "白沙镇"]
COMMITTEES = [
    ("法制委员会", "法制委", "fzw"), ("财政经济委员会", "财经委", "cjw"),
    ("教育科学文化卫生委员会", "教科文卫委", "jkwwy"), ("城乡建设环境保护委员会", "城环委", "chw"),
    ("农业与农村委员会", "农业农村委", "nyncw"), ("代表工作委员会", "代表工委", "dbgw"),
]


CURRENT_SESSION = 4        # the term's sessions so far; the fifth is scheduled after the load day
CURRENT_SESSION_DAYS_AGO = (100, 112)  # rule 1: answers due three months after assignment, i.e. about now


def person_name(rng) -> str:
    return rng.choice(SURNAMES) + "".join(rng.choice(GIVEN) for _ in range(rng.choice((1, 2, 2))))


def weekday(day: date) -> date:
    """The day itself, or the Monday after a weekend: sessions and sittings open on weekdays."""
    return day + timedelta(days=7 - day.weekday()) if day.weekday() >= 5 else day


def session_starts(rng, today: date) -> list[date]:
    """The opening days of the term's five sessions, a year apart, the fourth a few months before `today`."""
    current = today - timedelta(days=rng.randint(*CURRENT_SESSION_DAYS_AGO))
    return [weekday(current + timedelta(days=365 * (number - CURRENT_SESSION) + rng.randint(-3, 3)))
            for number in range(1, 6)]


def load(rng, district: dict) -> None:
    today = district["today"]
    starts = session_starts(rng, today)
    term_starts = starts[0] - timedelta(days=5)
    # a five-year term, ending the day before the same date five years on
    term = Term.objects.create(number=18, starts_on=term_starts,
                               ends_on=add_months(term_starts, 60) - timedelta(days=1))
    district["term"] = term
    for number, start in enumerate(starts, start=1):
        Meeting.objects.create(term=term, kind=Meeting.Kind.CONGRESS_SESSION, number=number,
                               starts_on=start, ends_on=start + timedelta(days=2), location="区行政中心会堂")
    # standing committee sittings every two months or so, from the term's start to a few after today
    sitting, day = 1, weekday(term_starts + timedelta(days=rng.randint(40, 50)))
    while day < today + timedelta(days=90):
        Meeting.objects.create(term=term, kind=Meeting.Kind.STANDING_COMMITTEE, number=sitting,
                               starts_on=day, ends_on=day, location="区人大常委会会议室")
        sitting, day = sitting + 1, weekday(day + timedelta(days=rng.randint(50, 70)))

    units = [Unit(name=n, short_name=s, code=c, kind=k, contact_person=person_name(rng),
                  contact_phone=f"0{rng.randint(100, 999)}-{rng.randint(1000000, 9999999)}")
             for n, s, c, k in UNITS]
    units += [Unit(name=f"{n}办事处" if n.endswith("街道") else f"{n}人民政府", short_name=n,
                   code=f"sd{i}", kind=Unit.Kind.SUBDISTRICT) for i, n in enumerate(SUBDISTRICTS, 1)]
    Unit.objects.bulk_create(units)
    Committee.objects.bulk_create([Committee(name=n, short_name=s, code=c) for n, s, c in COMMITTEES])

    subdistricts = list(Unit.objects.filter(kind=Unit.Kind.SUBDISTRICT).order_by("code"))
    stations = []
    for i, unit in enumerate(subdistricts, 1):
        stations.append(Station(name=f"{unit.short_name}人大代表之家", code=f"home{i}", kind=Station.Kind.HOME,
                                subdistrict=unit, address=f"{unit.short_name}{rng.randint(1, 300)}号",
                                opening_hours="周三 9:00–11:30"))
        stations.append(Station(name=f"{unit.short_name}社区代表联络站", code=f"station{i}",
                                kind=Station.Kind.STATION, subdistrict=unit,
                                address=f"{unit.short_name}{rng.randint(1, 300)}号社区服务中心",
                                opening_hours="每月15日 9:00–11:30"))
    Station.objects.bulk_create(stations)
    district["stations"] = list(Station.objects.order_by("code"))
    district["units"] = list(Unit.objects.order_by("kind", "code"))

    password = settings.CONGRESS_DEMO_PASSWORD
    accounts = {
        "admin": {"name": "系统管理员", "is_staff": True, "is_superuser": True, "role": roles.STAFF},
        "staff": {"name": "代表工委 " + person_name(rng), "is_staff": True, "role": roles.STAFF},
        "leader": {"name": "常委会副主任 " + person_name(rng), "role": roles.LEADER},
        "unit": {"name": "区教委 " + person_name(rng), "role": roles.UNIT_HANDLER,
                 "unit": Unit.objects.get(code="jw")},
        "station": {"name": person_name(rng), "role": roles.STATION_KEEPER, "station": district["stations"][0]},
    }
    for username, spec in accounts.items():
        role = spec.pop("role")
        user = User.objects.create_user(username=username, password=password,
                                        email=f"{username}@example.org", **spec)
        user.groups.add(Group.objects.get(name=role))
        district[f"user_{username}"] = user
