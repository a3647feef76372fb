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
    load_points(rng, district)


# --------------------------------------------------------------------------- duty points


def load_points(rng, district: dict) -> None:
    """A year of duty points, fast (bulk inserts): last year's and this year's tables, attendance
    at the sessions, sign-in sheets of inspections and trainings, self-reports in every state, an
    adjustment awaiting its second person, last year's final notice with its follow-ups, and the
    totals. The suggestions loaded next earn their deputies points through the services."""
    import random
    from datetime import date

    from django.contrib.contenttypes.models import ContentType

    from congress.models import Meeting
    from deputies.models import DutyRecord, MeetingAttendance, PointRule, SignInSheet
    from deputies.points_table import install_default_table
    from deputies.services import points as services

    today = district["today"]
    # a generator of its own, so that the apps loaded after this one draw the same district as before
    rng = random.Random(f"duty-points-{today.isoformat()}")  # noqa: S311 - demo data, not secrets
    staff = district.get("user_staff")
    years = [today.year - 1, today.year]
    for year in years:
        install_default_table(year)
    rules = {(r.year, r.item): r for r in PointRule.objects.filter(year__in=years)}
    serving = list(Deputy.objects.filter(status=Deputy.Status.SERVING).order_by("id"))
    records = []

    def add(deputy, item, day, source_type=None, source_id=None, **fields):
        rule = rules[(day.year, item)]
        records.append(DutyRecord(deputy=deputy, rule=rule, item=item, category=rule.category, year=day.year,
                                  occurred_on=day, points=fields.pop("points", rule.points),
                                  source_type=source_type, source_id=source_id, **fields))

    # attendance at the meetings of both years, as staff record it
    attendance_type = ContentType.objects.get_for_model(MeetingAttendance)
    meetings = Meeting.objects.filter(starts_on__year__in=years, starts_on__lte=today)
    items = MeetingAttendance.ITEMS
    for meeting in meetings:
        rows = []
        for deputy in serving:
            status = rng.choices(list(items), weights=[88, 5, 5, 2])[0]
            rows.append(MeetingAttendance(meeting=meeting, deputy=deputy, status=status, recorded_by=staff))
        MeetingAttendance.objects.bulk_create(rows)
        for attendance in MeetingAttendance.objects.filter(meeting=meeting).select_related("deputy"):
            add(attendance.deputy, items[attendance.status], meeting.starts_on, attendance_type, attendance.pk)

    # sign-in sheets of inspections, research and trainings through the year
    sheet_type = ContentType.objects.get_for_model(SignInSheet)
    for year in years:
        last_day = min(today, date(year, 12, 31))
        for n in range(18):
            day = date(year, 1, 1) + timedelta(days=rng.randint(20, max(21, (last_day - date(year, 1, 1)).days)))
            day = min(day, last_day)
            item = "training" if n % 6 == 0 else "oversight.activity"
            sheet = SignInSheet.objects.create(file_name=f"{year}年第{n + 1}次活动签到表.xlsx", uploaded_by=staff,
                                               status=SignInSheet.Status.APPLIED)
            for deputy in rng.sample(serving, k=min(len(serving), rng.randint(15, 60))):
                add(deputy, item, day, sheet_type, sheet.pk, origin=DutyRecord.Origin.IMPORTED)

    # self-reported duties: most verified, some waiting, a few returned
    for deputy in serving:
        for _n in range(rng.randint(0, 6)):
            day = today - timedelta(days=rng.randint(0, 400))
            if day.year not in years:
                continue
            state = rng.choices(["counted", "pending", "returned"], weights=[80, 15, 5])[0]
            add(deputy, rng.choice(["public_welfare", "training"]), day, origin=DutyRecord.Origin.SELF_REPORTED,
                status=state, description=rng.choice(["参加社区义务植树", "参加代表履职专题培训", "走访困难群众",
                                                       "参加垃圾分类宣传志愿服务"]),
                created_by=deputy.user, decided_by=staff if state != "pending" else None,
                return_reason="请补充活动照片" if state == "returned" else "")
    if staff is not None and serving:  # an adjustment waiting for a second person (rule 24)
        add(serving[-1], "adjustment", today, origin=DutyRecord.Origin.ADJUSTMENT, status="pending", points=2,
            note="上季度公示漏记一次视察（经核实）", created_by=staff)
    DutyRecord.objects.bulk_create(records, batch_size=5000)

    # last year's year-end notice, approved: final, with the follow-ups its bands call for
    for year in years:
        services.refresh_totals(year)
    if staff is not None:
        notice = services.create_notice(actor=staff, year=today.year - 1, period="year")
        services.publish_notice(notice, actor=staff, today=date(today.year, 1, 5) if today > date(today.year, 1, 20)
                                else today - timedelta(days=20))
        notice.refresh_from_db()
        services.approve_notice(notice, actor=staff, note="主任会议审议通过", today=max(
            today, notice.objections_until + timedelta(days=1)))
        quarters = [("q1", date(today.year, 3, 31)), ("q2", date(today.year, 6, 30)), ("q3", date(today.year, 9, 30))]
        done = [(period, end) for period, end in quarters if end < today]
        if done:
            period, end = done[-1]
            current = services.create_notice(actor=staff, year=today.year, period=period, as_of=end)
            services.publish_notice(current, actor=staff, today=today)
