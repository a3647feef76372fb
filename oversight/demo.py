"""The demo district's oversight: this year's plan, adopted and published, with topics in every
stage (planned, research, report heard, opinion sent, rating open, follow-up after 不满意, closed),
standing-committee members (the `member` account among them), proposals and where they went,
filing reviews and two quarters of budget execution with a unit listed for special review."""

from datetime import timedelta
from decimal import Decimal

from django.conf import settings
from django.contrib.auth.hashers import make_password
from django.contrib.auth.models import Group

from congress import roles
from congress.ballots import services as ballots
from congress.models import Committee, Meeting, Unit, User
from deputies.models import Deputy
from oversight import services
from oversight.models import BudgetExecution, Finding, OversightPlan, Topic, TopicProposal
from oversight.rules import budget_tier

MEMBERS = 27


def _members(rng, district):
    group = Group.objects.get(name=roles.COMMITTEE_MEMBER)
    users = [User.objects.create_user(username="member", password=settings.CONGRESS_DEMO_PASSWORD,
                                      email="member@example.org", name="常委会委员 示例")]
    users += User.objects.bulk_create([User(username=f"member{i:02d}", name=f"常委会委员{i:02d}",
                                            password=make_password(None))
                                       for i in range(1, MEMBERS)])
    group.user_set.add(*users)
    district["user_member"] = users[0]
    return users


def _vote(topic, office, members, marks):
    ballot = services.start_vote(topic, actor=office)
    option = str(ballot.options.get().pk)
    for user, mark in zip(members, marks, strict=False):
        ballots.cast(ballot.pk, user, {option: mark})
    return ballot


def _finish(ballot, office):
    ballots.close_ballot(ballot.pk, actor=office)
    ballots.verify_ballot(ballot.pk, actor=office)
    ballots.publish_ballot(ballot.pk, actor=office)


def _report_all(topic, handlers, today):
    topic.refresh_from_db()
    for finding in Finding.objects.filter(opinion__topic=topic, opinion__round=topic.round, state="open"):
        services.report_on_finding(finding, actor=handlers[finding.unit_id], outcome="done",
                                   content="已按审议意见完成整改，相关制度已修订。")


def _close_all(topic, office):
    from django.core.files.base import ContentFile

    for finding in Finding.objects.filter(opinion__topic=topic).exclude(state="closed"):
        services.add_evidence(finding, actor=office, file=ContentFile(b"%PDF-1.4 demo", name="evidence.pdf"),
                              note="整改佐证材料")
        services.close_finding(finding, actor=office, note="对单销号")


def load(rng, district: dict) -> None:
    today = district["today"]
    office = district["user_staff"]
    members = _members(rng, district)
    units = {u.code: u for u in Unit.objects.all()}
    committees = list(Committee.objects.order_by("code"))
    sittings = list(Meeting.objects.filter(kind=Meeting.Kind.STANDING_COMMITTEE).order_by("starts_on"))
    handlers = {}
    for code in ("jw", "wjw", "zjw", "jtj", "sthj", "fy"):
        user = User.objects.filter(unit=units[code], groups__name=roles.UNIT_HANDLER).first()
        if user is None:
            user = User.objects.create_user(username=f"h-ov-{code}", password=None, unit=units[code],
                                            name=f"{units[code].short_name}经办人")
            user.groups.add(Group.objects.get(name=roles.UNIT_HANDLER))
        handlers[units[code].pk] = user

    plan = OversightPlan.objects.create(year=today.year, title=f"{today.year}年度监督工作计划",
                                        call_opens_on=today - timedelta(days=400),
                                        call_closes_on=today - timedelta(days=330))
    specs = [
        ("planned", Topic.Kind.LAW_INSPECTION, "《中华人民共和国食品安全法》执法检查", ["scjg"]),
        ("research", Topic.Kind.BUDGET, "上半年预算执行情况监督", ["czj"]),
        ("heard", Topic.Kind.INQUIRY, "生态环境保护专题询问", ["sthj"]),
        ("opinion", Topic.Kind.WORK_REPORT, "义务教育优质均衡发展情况的报告", ["jw", "zjw"]),
        ("rating", Topic.Kind.WORK_REVIEW, "基层医疗卫生服务能力建设工作评议", ["wjw"]),
        ("follow_up", Topic.Kind.WORK_REPORT, "老旧小区改造工作情况的报告", ["zjw", "jtj"]),
        ("closed", Topic.Kind.WORK_REPORT, "区人民法院执行工作情况的报告", ["fy"]),
        ("planned", Topic.Kind.APPOINTEE_REVIEW, "常委会任命人员履职测评", ["jw", "wjw"]),
        ("planned", Topic.Kind.FILING_REVIEW, "规范性文件备案审查工作", ["czj"]),
    ]
    topics = {}
    for index, (stage, kind, title, codes) in enumerate(specs):
        meeting = sittings[min(len(sittings) - 1, max(0, len(sittings) - 4 + index % 4))] if sittings else None
        topics[(stage, kind)] = services.add_topic(
            plan, actor=office, kind=kind, title=title, lead_committee=committees[index % len(committees)],
            target_units=[units[c] for c in codes], meeting=meeting,
            steps=[("调研视察", today - timedelta(days=60 - index)), ("听取审议", today + timedelta(days=index * 10))])
    services.adopt_plan(plan, actor=office, approval_document=f"主任会议纪要〔{today.year}〕2号",
                        adopted_on=today - timedelta(days=300))
    services.publish_plan(plan, actor=office)
    for i, (title, outcome) in enumerate([("加强校园周边交通安全", "merged"), ("食品安全监管", "adopted"),
                                          ("规范广场舞噪音", "declined"), ("老旧小区加装电梯", "merged")]):
        proposal = TopicProposal.objects.create(plan=plan, source=["resident", "deputy", "unit"][i % 3], title=title,
                                                content="群众反映强烈，建议列入监督议题。", proposer_name=f"提议人{i}")
        target = None if outcome == "declined" else list(topics.values())[i]
        services.place_proposal(proposal, actor=office, outcome=outcome, topic=target, rank=i + 1,
                                note="" if target else "属于政府职能范围，已转交办理")

    research = topics[("research", Topic.Kind.BUDGET)]
    services.start_research(research, actor=office)
    activity = services.add_activity(research, actor=office, kind="inspection_visit", title="重点项目现场视察",
                                     held_on=today + timedelta(days=10), location="区重点项目工地", capacity=15)
    for deputy in Deputy.objects.filter(user__isnull=False).order_by("pk")[:3]:
        services.sign_up(activity, actor=deputy.user)

    inquiry = topics[("heard", Topic.Kind.INQUIRY)]
    services.record_hearing(inquiry, actor=office, report_summary="区政府关于生态环境保护工作情况的报告",
                            heard_on=today - timedelta(days=20))
    services.record_question(inquiry, actor=office, asked_by="常委会委员 周敏", answered_by="副区长",
                             question="黑臭水体治理何时完成？", answer="年底前全部完成整治。", rating="basic")

    for stage in ("opinion", "rating", "follow_up", "closed"):
        topic = next(t for (s, _k), t in topics.items() if s == stage)
        services.record_hearing(topic, actor=office, report_summary="区政府关于该项工作情况的报告",
                                heard_on=today - timedelta(days=90))
        services.issue_opinion(topic, actor=office, text="常委会组成人员审议认为，工作取得积极成效，但仍存在以下问题。",
                               issued_on=today - timedelta(days=80), findings=[
                                   (unit, f"{unit.short_name}：资源配置不均衡，长效机制不健全", "完善制度，限期整改")
                                   for unit in topic.target_units.all()])
    opinion_topic = topics[("opinion", Topic.Kind.WORK_REPORT)]
    first = Finding.objects.filter(opinion__topic=opinion_topic, unit=units["zjw"]).first()
    services.report_on_finding(first, actor=handlers[units["zjw"].pk], outcome="in_progress", content="正在推进",
                               plan="分两期实施", expected_on=today + timedelta(days=90))

    rating = topics[("rating", Topic.Kind.WORK_REVIEW)]
    _report_all(rating, handlers, today)
    _vote(rating, office, members[1:15], ["satisfied", "basically_satisfied"] * 7)

    follow_up = topics[("follow_up", Topic.Kind.WORK_REPORT)]
    _report_all(follow_up, handlers, today)
    _close_all(follow_up, office)
    _finish(_vote(follow_up, office, members, ["unsatisfied"] * 12 + ["basically_satisfied"] * 8 + ["satisfied"] * 4),
            office)

    closed = topics[("closed", Topic.Kind.WORK_REPORT)]
    _report_all(closed, handlers, today)
    _close_all(closed, office)
    _finish(_vote(closed, office, members, ["satisfied"] * 18 + ["basically_satisfied"] * 6), office)
    services.close_topic(closed, actor=office)

    for i, code in enumerate(("czj", "zjw", "jw")):
        document = services.register_document(actor=office, title=f"关于规范管理的办法（第{i + 1}号）",
                                              maker=units[code],
                                              published_on=today - timedelta(days=20 + 20 * i),
                                              document_number=f"区府发〔{today.year}〕{i + 1}号")
        if i:
            services.receive_document(document, actor=office, received_on=document.published_on + timedelta(days=25))
        if i == 2:
            services.review_document(document, actor=office, outcome="amend", note="个别条款与上位法不一致")

    quarter = (today.month - 1) // 3 or 4
    year = today.year if quarter != 4 or today.month > 3 else today.year - 1
    previous = (year, quarter - 1) if quarter > 1 else (year - 1, 4)
    rows = []
    for (y, q) in (previous, (year, quarter)):
        for n, code in enumerate(("fgw", "jw", "wjw", "zjw", "jtj", "czj")):
            for p in range(3):
                planned = Decimal(25 * q)
                lag = Decimal([2, 12, 22, 35][(n + p) % 4]) if code != "zjw" else Decimal(35)
                actual = max(Decimal(0), planned - lag)
                gap, tier = budget_tier(planned, actual)
                rows.append(BudgetExecution(year=y, quarter=q, unit=units[code], project_code=f"{code}-{p + 1}",
                                            project_name=f"{units[code].short_name}项目{p + 1}",
                                            budget_amount=Decimal(rng.randint(50, 900) * 10000),
                                            planned_percent=planned, actual_percent=actual, gap=gap, tier=tier))
    BudgetExecution.objects.bulk_create(rows)
    from oversight.budget import flag_special_reviews

    flag_special_reviews(year, quarter)
