"""The demo district's livelihood loop: this year's cycle with proposals in every public status,
a candidate ballot of the serving deputies closed, verified and published, and the adopted
projects in progress (milestones, sub-projects, reports, checks); next year's cycle collecting."""

from datetime import timedelta
from decimal import Decimal

from django.contrib.auth.models import Group

from congress import roles
from congress.ballots import services as ballots
from congress.models import User
from deputies.models import Deputy
from livelihood import services, voting
from livelihood.models import Cycle, Project, Proposal

UNUSABLE = "!"  # noqa: S105 - Django's mark for "no password can match"
IDEAS = [
    ("老旧小区加装电梯", "housing"), ("社区食堂助老餐", "elderly"), ("中小学校门口护学通道", "education"),
    ("背街小巷路灯改造", "safety"), ("公园增设健身步道", "culture"), ("菜市场提档升级", "housing"),
    ("社区卫生服务站延时服务", "health"), ("公交站台遮雨棚", "transport"), ("雨污分流改造", "environment"),
    ("零工驿站", "employment"), ("口袋公园", "environment"), ("停车位增设", "transport"),
    ("适老化改造", "elderly"), ("托育服务点", "education"), ("河道清淤", "environment"),
    ("社区图书室", "culture"), ("充电桩进小区", "transport"), ("消防通道整治", "safety"),
]
PLACES = ["城东街道", "城西街道", "南湖街道", "北山镇", "新区街道"]


def _electorate_accounts():
    """Accounts for the serving deputies who have none (unusable passwords: only `deputy` signs in)."""
    missing = list(Deputy.objects.filter(status=Deputy.Status.SERVING, user__isnull=True).order_by("pk"))
    users = User.objects.bulk_create([User(username=f"deputy-{d.pk}", name=d.name, password=UNUSABLE) for d in missing])
    Group.objects.get(name=roles.DEPUTY).user_set.add(*users)
    for deputy, user in zip(missing, users, strict=True):
        deputy.user = user
    Deputy.objects.bulk_update(missing, ["user"])


def load(rng, district: dict) -> None:
    today = district["today"]
    staff, unit_user = district["user_staff"], district["user_unit"]
    units = [u for u in district["units"] if u.kind == u.Kind.GOVERNMENT] or district["units"]
    cycle = services.create_cycle(actor=staff, year=today.year, title=f"{today.year}年区民生实事项目", seats=8,
                                  proposals_close_on=today - timedelta(days=150), session_on=today - timedelta(days=90))
    proposals = []
    for i in range(36):
        idea, category = IDEAS[i % len(IDEAS)]
        proposals.append(services.submit_proposal(
            cycle, source=rng.choice([Proposal.Source.RESIDENT] * 3 + [Proposal.Source.DEPUTY]),
            title=f"{PLACES[i % len(PLACES)]}{idea}", description=f"建议在{PLACES[i % len(PLACES)]}实施{idea}。",
            place=PLACES[i % len(PLACES)], category=category,
            contact_name="居民" if i % 3 == 0 else "", contact_phone=f"1390000{i:04d}" if i % 3 == 0 else ""))
    for proposal in proposals[12:15]:
        services.merge_proposal(proposal, into=proposals[proposal.pk % 12], actor=staff)
    for proposal in proposals[15:20]:
        services.screen_out_proposal(proposal, actor=staff, reason="属于企业经营事项，不列入政府民生实事")
    # The office unit's handler sees the proposals its unit assessed.
    lead_units = [unit_user.unit] + [u for u in units if u.pk != unit_user.unit_id]
    for i, proposal in enumerate(proposals[:12]):
        unit = lead_units[i % len(lead_units)]
        services.add_candidate(
            cycle, actor=staff, name=proposal.title[:60], budget=Decimal(rng.randint(80, 900)), lead_unit=unit,
            completion_on=today.replace(month=12, day=20), description=proposal.description, proposals=[proposal],
            subprojects=[f"{proposal.place}第{n}处" for n in range(1, rng.randint(3, 7))])
    services.approve_candidates(cycle, actor=staff, document=f"区政府常务会议纪要〔{today.year}〕3号")
    services.publish_candidates(cycle, actor=staff, notify_deputies=False)
    _electorate_accounts()
    ballot = voting.start_candidate_ballot(Cycle.objects.get(pk=cycle.pk), actor=staff)
    options = [o.key for o in ballot.options.all()]
    weights = [rng.random() for _ in options]
    electors = User.objects.filter(pk__in=ballot.electors.values("user_id")).order_by("pk")
    for user in electors:
        if rng.random() < 0.06:
            continue  # absent
        ranked = sorted(options, key=lambda k: -(weights[options.index(k)] + rng.random() * 0.6))
        yes = set(ranked[:8])
        ballots.cast(ballot.pk, user, {k: "yes" if k in yes else rng.choice(["no", "no", "abstain"]) for k in options})
    ballots.close_ballot(ballot.pk, actor=staff)
    ballots.verify_ballot(ballot.pk, actor=staff)
    ballots.publish_ballot(ballot.pk, actor=staff)
    cycle = Cycle.objects.get(pk=cycle.pk)
    for project in Project.objects.filter(cycle=cycle, status=Project.Status.ADOPTED).order_by("pk"):
        for n, (title, days) in enumerate([("完成立项", -60), ("开工建设", -10), ("年中评估", 20), ("完工验收", 120)]):
            milestone = services.add_milestone(project, actor=staff, title=title, due_on=today + timedelta(days=days))
            if n == 0:
                handler = User.objects.filter(unit=project.lead_unit).first()
                if handler is not None:
                    services.post_progress(project, actor=handler, percent=rng.randint(20, 60),
                                           text="已完成立项和招标，施工队伍已进场。", milestone=milestone)
                    subprojects = list(project.subprojects.all())
                    for sub in subprojects[: len(subprojects) // 2]:
                        services.complete_subproject(sub, actor=handler, done_on=today - timedelta(days=5))
        services.record_check(project, actor=staff, kind="spot", checked_on=today - timedelta(days=3),
                              findings="现场进度与报告一致，个别点位施工围挡不规范。", has_problems=rng.random() < 0.3)
    upcoming = services.create_cycle(actor=staff, year=today.year + 1, title=f"{today.year + 1}年区民生实事项目",
                                     seats=10, session_on=today + timedelta(days=120))
    for i in range(6):
        idea, category = IDEAS[(i * 5) % len(IDEAS)]
        services.submit_proposal(upcoming, source=Proposal.Source.RESIDENT, title=f"{PLACES[i % 5]}{idea}",
                                 description=f"希望明年在{PLACES[i % 5]}实施{idea}。", category=category)
