"""The demo district's suggestions: about 400, in every state, each driven through the services.

Suggestions are raised at the term's congress sessions and between them, and follow the loop as far
as the day the demo is loaded allows: the dates handed to the services (`today=`) are in the past,
so deadlines, overdue cases, late ratings and open commitments are realistic on the day `make run`
shows them. The structure comes from the seeded generator; the dates are counted back from the
load day, so one seed gives the same district relative to that day.

Timestamps (submitted at, replied at, the timeline) follow the same story: while loading, "now" is
moved to each step's day (see `Clock`), so the staff timeline reads like a year of real work.
Unit handler and deputy accounts are created here with unusable passwords; the demo accounts that
sign in (deputy, unit, staff, leader) come from the earlier apps' demos.
"""

from __future__ import annotations

import contextlib
from dataclasses import dataclass
from datetime import date, datetime, time, timedelta

import time_machine
from django.apps import apps
from django.contrib.auth.hashers import make_password
from django.contrib.auth.models import Group
from django.db import connection
from django.db.models import F
from django.utils import timezone

from congress import notifications, roles
from congress.calendar import WorkCalendar
from congress.demo import SUBDISTRICTS, person_name
from congress.models import Committee, Delivery, Meeting, Notification, User
from deputies.models import Deputy
from suggestions import rules, services, statistics
from suggestions.models import Assignment, Category, Commitment, CoSignature, Evaluation, Suggestion
from suggestions.reminders import create_reminders

LAST_DAY = date(2026, 12, 18)  # the demo term ends on 5 January 2027: nothing is submitted after this
SESSION_ITEMS = 48             # suggestions raised at each congress session
OLD_BETWEEN_ITEMS = 40         # raised between sessions, long finished
RECENT_ITEMS = 75              # assigned in the last 200 days: in every stage of handling

# (subject with {place}, lead units) per category code, then the category's problems and measures.
TOPICS = {
    "economy": ([("优化{place}营商环境", ["fgw", "scjg"]), ("扶持{place}小微企业发展", ["kxj", "czj"]),
                 ("加快{place}产业园区配套设施建设", ["fgw", "kxj"]), ("盘活{place}闲置厂房和楼宇资源", ["swj", "fgw"]),
                 ("促进{place}夜间经济健康发展", ["swj"])],
                ["部分企业反映审批环节多、办理时间长", "小微企业融资难、融资贵问题仍然突出",
                 "园区道路、供水、供电等配套设施不完善", "闲置厂房和楼宇较多，资源利用率不高"],
                ["精简审批流程，推行“一网通办”", "设立小微企业贷款风险补偿资金", "加快园区基础设施建设",
                 "建立闲置资源台账，精准招商引资", "加强惠企政策宣传解读", "建立企业诉求快速响应机制"]),
    "urban": ([("加快{place}老旧小区改造", ["zjw"]), ("推进{place}既有住宅加装电梯", ["zjw", "gzj"]),
               ("解决{place}雨污管网混接问题", ["zjw", "cgj"]), ("完善{place}路灯照明设施", ["cgj"]),
               ("规范{place}物业服务收费", ["zjw"])],
              ["老旧小区房屋设施老化，居民改造意愿强烈", "多层住宅没有电梯，老年人上下楼十分困难",
               "雨季路面积水严重，影响居民出行", "部分路段路灯损坏后长期未修复"],
              ["将该小区列入年度改造计划", "简化加装电梯审批手续并给予资金补贴", "开展管网排查并实施雨污分流改造",
               "建立路灯巡查和快速维修机制", "加强对物业服务企业的监督考核", "广泛听取居民意见，做到改造前问需于民"]),
    "transport": ([("缓解{place}学校周边交通拥堵", ["jtj", "gafj"]), ("增设{place}公交线路和站点", ["jtj"]),
                   ("规范{place}非机动车停放秩序", ["gafj", "cgj"]), ("增加{place}停车泊位供给", ["jtj", "zjw"]),
                   ("修复{place}破损道路", ["jtj"])],
                  ["上下学高峰时段车辆拥堵，存在安全隐患", "居民出行需步行较远距离才能乘坐公交",
                   "共享单车和电动自行车乱停乱放现象突出", "停车位严重不足，车辆占道停放普遍"],
                  ["优化高峰时段交通组织，增派警力疏导", "新开或调整公交线路，加密发车班次",
                   "施划非机动车停放区域并加强日常管理", "利用边角空地建设立体停车设施", "尽快修复破损路面",
                   "设置临时接送车位"]),
    "education": ([("扩充{place}义务教育学位供给", ["jw"]), ("加强{place}中小学课后服务", ["jw"]),
                   ("改善{place}幼儿园办学条件", ["jw"]), ("加强{place}校园周边安全管理", ["jw", "gafj"])],
                  ["适龄儿童增长较快，学位供给紧张", "课后服务内容单一，家长接送困难",
                   "部分幼儿园园舍陈旧，活动场地不足", "校园周边流动摊贩多，交通秩序混乱"],
                  ["加快新建学校建设进度", "引入优质社会资源丰富课后服务内容", "安排专项资金改善办园条件",
                   "加强校园周边综合治理", "合理调整学区划分", "加强教师队伍配备"]),
    "health": ([("提升{place}社区卫生服务中心服务能力", ["wjw"]), ("扩大{place}家庭医生签约服务覆盖面", ["wjw"]),
                ("优化{place}急救站点布局", ["wjw"]), ("加强{place}医养结合服务", ["wjw", "mzj"])],
               ["社区卫生服务中心医生少、设备旧，群众看病仍需跑大医院", "家庭医生签约后服务不到位",
                "急救车辆到达时间偏长", "失能老人就医和护理需求难以满足"],
               ["充实社区医务人员并更新诊疗设备", "落实家庭医生上门服务制度", "增设急救站点，缩短急救半径",
                "推动社区卫生服务中心与养老机构合作", "开展常见病、慢性病延伸处方服务"]),
    "social": ([("加快{place}养老服务设施建设", ["mzj"]), ("推进{place}社区老年食堂建设", ["mzj"]),
                ("完善{place}残疾人托养服务", ["mzj"]), ("加强{place}灵活就业人员就业服务", ["rsj"])],
               ["老年人口比例高，养老服务设施不足", "独居老人吃饭难问题较为突出",
                "残疾人托养机构床位紧张", "灵活就业人员参保意识不强，就业信息不对称"],
               ["新建一批社区养老服务站", "给予老年食堂运营补贴", "扩大残疾人托养服务供给",
                "举办专场招聘会并加强政策宣传", "建立困难老人探访关爱制度"]),
    "environment": ([("整治{place}河道水环境", ["sthj"]), ("加强{place}餐饮油烟污染治理", ["sthj", "cgj"]),
                     ("推进{place}生活垃圾分类", ["cgj"]), ("建设{place}口袋公园和绿道", ["cgj", "gzj"])],
                    ["河道水质较差，夏季有异味", "临街餐饮店油烟扰民，群众投诉较多",
                     "垃圾分类设施不足，居民分类习惯尚未养成", "居民身边休闲绿地偏少"],
                    ["开展河道清淤和截污纳管", "督促餐饮单位安装油烟净化设施", "完善垃圾分类投放和收运设施",
                     "利用边角地建设口袋公园", "加强日常执法检查"]),
    "rural": ([("完善{place}农村饮水安全工程", ["nw"]), ("推进{place}高标准农田建设", ["nw"]),
               ("加强{place}农村人居环境整治", ["nw"]), ("培育{place}特色农产品品牌", ["nw", "swj"])],
              ["部分村组供水管网老化，停水时有发生", "农田水利设施薄弱，抗旱排涝能力不足",
               "村内生活污水直排、垃圾乱堆现象仍然存在", "农产品品牌知名度不高，销售渠道窄"],
              ["实施供水管网改造工程", "加大高标准农田建设投入", "推进农村生活污水治理",
               "支持农产品电商平台建设", "加强农业技术培训"]),
    "governance": ([("加强{place}住宅小区物业管理", ["zjw", "mzj"]), ("推进{place}网格化社会治理", ["mzj"]),
                    ("加强{place}电动自行车充电安全管理", ["yjj", "gafj"]),
                    ("完善{place}矛盾纠纷多元化解机制", ["mzj"])],
                   ["部分小区物业管理缺位，居民意见较大", "网格员力量不足，服务群众不够及时",
                    "电动自行车楼道充电现象普遍，存在火灾隐患", "邻里纠纷和物业纠纷时有发生"],
                   ["建立物业服务质量评价机制", "充实网格员队伍并加强培训", "建设集中充电设施",
                    "发挥人民调解组织作用", "加强消防安全宣传和检查"]),
    "culture": ([("建设{place}综合文化活动中心", ["swj"]), ("保护利用{place}历史文化街区", ["gzj", "swj"]),
                 ("发展{place}乡村旅游", ["nw", "swj"]), ("丰富{place}群众文化活动", ["swj"])],
                ["群众文化活动场地不足", "历史建筑年久失修，保护措施不到位", "旅游配套设施不完善",
                 "基层文化活动形式单一"],
                ["规划建设综合文化活动中心", "制定历史建筑保护修缮计划", "完善旅游道路和停车等配套设施",
                 "组织文艺团体送文化进社区", "开发特色文旅线路"]),
    "other": ([("提高{place}政务服务便利度", ["fgw", "scjg"]), ("规范{place}涉企行政检查", ["scjg"])],
              ["部分事项仍需多次跑腿", "涉企检查多头重复，企业负担较重"],
              ["推行“最多跑一次”改革", "统筹开展联合检查", "公开办事指南和办理时限"]),
}
CATEGORY_WEIGHTS = {"economy": 9, "urban": 16, "transport": 16, "education": 13, "health": 9, "social": 10,
                    "environment": 9, "rural": 6, "governance": 8, "culture": 3, "other": 1}
COMMUNITIES = ["春晖", "和平", "新华", "幸福", "光明", "桥南", "滨河", "锦绣", "金桥", "朝阳", "文昌", "翠湖"]
VILLAGES = ["红星", "东岗", "柳林", "石桥", "杨湾", "李家", "沙河", "马庄"]
CONTACTS = [("phone", "电话联系代表，详细了解建议涉及的具体情况和诉求。"),
            ("face", "与代表当面沟通，介绍初步办理思路，听取代表意见。"),
            ("visit", "邀请代表共同到现场察看，商定解决办法。"),
            ("meeting", "召开办理协调会，邀请代表参加并通报办理进展。")]
REPLY_TEXTS = {
    "A": "经认真研究，代表所提问题已办理完成：{measure}。感谢代表对我们工作的关心和支持。",
    "B": "代表所提问题正在解决之中。我单位已{measure}，相关工作正按计划推进，预计按承诺时间完成。",
    "C": "代表所提建议很有价值。受资金和规划条件限制，目前已列入工作计划，将{measure}，逐步加以解决。",
    "D": "经调查研究，因涉及政策和客观条件限制，目前暂不具备实施条件，已与代表当面沟通并作出说明，"
         "今后将{measure}时统筹考虑。",
}
UNHAPPY = ["答复内容较为笼统，没有提出具体解决措施，希望实地调研后重新办理。",
           "答复与所提问题不对应，群众反映的问题仍未解决。",
           "办理过程中没有与代表沟通，答复时间也已超过期限，对办理结果不满意。"]
EXTENSION_REASONS = ["该事项涉及规划调整，需多个部门协调论证，申请延期答复。",
                     "项目资金需经区政府常务会议研究，申请延期答复。"]
WITHDRAW_REASONS = ["问题已通过其他渠道得到解决，申请撤回该建议。", "经进一步调研，建议内容需要重新完善，申请撤回。"]
SUPERVISION = [("meeting", "召开重点建议督办推进会，听取承办单位办理情况汇报。"),
               ("visit", "督办领导带队实地察看办理进展，与代表、群众座谈交流。"),
               ("hearing", "听取承办单位关于重点建议办理情况的专题汇报。"),
               ("letter", "向承办单位发出督办函，要求按期高质量办结。")]


# --------------------------------------------------------------------------- the clock


class Clock:
    """Moves "now" to the story's day while the demo loads (time-machine), so that the timestamps
    services write — `timezone.now()` and every `default=timezone.now` — agree with the dates
    handed to them, and the timelines read like real ones."""

    def __init__(self, rng):
        self.rng = rng
        self.load_moment = timezone.now()
        self._travel = None

    def at(self, day: date, hour: int) -> None:
        minute = self.rng.randint(0, 59)
        # never in the future: a step on the load day happens at the latest at load time
        moment = min(timezone.make_aware(datetime.combine(day, time(hour, minute))), self.load_moment)
        self._stop()
        self._travel = time_machine.travel(moment, tick=False)
        self._travel.start()

    def _stop(self) -> None:
        if self._travel is not None:
            self._travel.stop()
            self._travel = None

    @contextlib.contextmanager
    def running(self):
        try:
            yield self
        finally:
            self._stop()


# --------------------------------------------------------------------------- the story of one suggestion


@dataclass
class Fate:
    """What happens to a suggestion once assigned; the load day cuts every story short."""

    answer: bool = True          # the unit replies at all
    late: bool = False           # after the deadline
    category: str | None = None  # the reply category, else drawn
    rate: str = "normal"         # "normal", "late", or "never" (the deputy does not rate)
    satisfaction: str | None = None
    second_answer: bool = True   # a re-handled case is answered again
    key: bool = False
    extension: str | None = None  # "approved", "refused" or "pending"
    returned: str | None = None   # "approved" (reassigned) or "pending"
    withdraw: bool = False
    close_unrated: bool = False
    reply_on: date | None = None
    rate_after: int | None = None  # days between the answer and the rating


class Story:
    def __init__(self, rng, district: dict, anchor: date):
        self.rng, self.anchor = rng, anchor
        self.term = district["term"]
        self.staff, self.leader = district["user_staff"], district["user_leader"]
        self.units = {unit.code: unit for unit in district["units"]}
        self.categories = {category.code: category for category in Category.objects.all()}
        self.committees = list(Committee.objects.order_by("code"))
        self.calendar = WorkCalendar.for_range(self.term.starts_on - timedelta(days=60), anchor + timedelta(days=500))
        self.clock = Clock(rng)
        self.units_for: dict[int, list[str]] = {}  # the units each suggestion's subject calls for
        self.lead_weights = None
        self.handlers = self._unit_handlers(district["user_unit"])
        self.me = Deputy.objects.get(user=district["user_deputy"])
        self.deputies = self._deputy_accounts()

    # ----------------------------------------------------------------- accounts

    def _unit_handlers(self, jw_user) -> dict[int, User]:
        """One handler per unit (the education commission already has the demo `unit` account)."""
        group = Group.objects.get(name=roles.UNIT_HANDLER)
        users = [User(username=f"unit-{unit.code}", name=f"{unit.short_name} {person_name(self.rng)}",
                      email=f"unit-{unit.code}@example.org", unit=unit, password=make_password(None))
                 for unit in self.units.values() if unit.pk != jw_user.unit_id]
        User.objects.bulk_create(users)
        User.groups.through.objects.bulk_create([User.groups.through(user_id=u.pk, group_id=group.pk) for u in users])
        return {user.unit_id: user for user in [*users, jw_user]}

    def _deputy_accounts(self) -> list[Deputy]:
        """Accounts for the serving district deputies who lead or co-sign suggestions."""
        group = Group.objects.get(name=roles.DEPUTY)
        deputies = list(Deputy.objects.filter(term=self.term, status=Deputy.Status.SERVING,
                                              level=Deputy.Level.DISTRICT, user__isnull=True).order_by("id")[:120])
        users = [User(username=f"deputy-{d.pk}", name=d.name, phone=d.phone, password=make_password(None))
                 for d in deputies]
        User.objects.bulk_create(users)
        User.groups.through.objects.bulk_create([User.groups.through(user_id=u.pk, group_id=group.pk) for u in users])
        for deputy, user in zip(deputies, users, strict=True):
            deputy.user = user
        Deputy.objects.bulk_update(deputies, ["user"])
        return deputies

    # ----------------------------------------------------------------- helpers

    def workday(self, day: date) -> date:
        return self.calendar.next_working_day(day)

    def days(self, low: int, high: int) -> timedelta:
        return timedelta(days=self.rng.randint(low, high))

    def handler(self, part: Assignment) -> User:
        return self.handlers[part.unit_id]

    def pick_lead(self) -> Deputy:
        # a few deputies are prolific, most raise one or two suggestions a year
        if self.lead_weights is None:
            self.lead_weights = [1 / (rank + 8) for rank in range(len(self.deputies))]
        return self.rng.choices(self.deputies, weights=self.lead_weights)[0]

    def text(self, category_code: str) -> tuple[str, str, list[str]]:
        subjects, problems, measures = TOPICS[category_code]
        subject, unit_codes = self.rng.choice(subjects)
        towns = [i for i, name in enumerate(SUBDISTRICTS) if name.endswith("镇")]
        index = self.rng.choice(towns) if category_code == "rural" else self.rng.randrange(len(SUBDISTRICTS))
        subdistrict = SUBDISTRICTS[index]
        if category_code == "rural":
            place = f"{subdistrict}{self.rng.choice(VILLAGES)}村"
        elif self.rng.random() < 0.2:
            place = "全区"
        elif self.rng.random() < 0.6:
            place = f"{subdistrict}{self.rng.choice(COMMUNITIES)}社区"
        else:
            place = subdistrict
        first, second, third = self.rng.sample(measures, 3)
        title = f"关于{subject.format(place=place)}的建议"
        content = (f"{place}{self.rng.choice(problems)}，群众反映强烈，多次向代表反映。"
                   f"为此建议：一是{first}；二是{second}；三是{third}。")
        units = [*unit_codes, f"sd{index + 1}"] if place != "全区" else list(unit_codes)
        return title, content, units

    # ----------------------------------------------------------------- drafting and review

    def draft(self, written: date, *, respond_by: date | None = None, lead: Deputy | None = None,
              category: str | None = None, cosign: bool = True, answer_invitations: bool = True):
        """A deputy writes a suggestion on `written` and invites co-signers, who answer by `respond_by`."""
        lead = lead or self.pick_lead()
        code = category or self.rng.choices(list(CATEGORY_WEIGHTS), weights=list(CATEGORY_WEIGHTS.values()))[0]
        title, content, units = self.text(code)
        written = max(written, self.term.starts_on)
        self.clock.at(written, 20)
        suggestion = services.create_draft(actor=lead.user, title=title, content=content,
                                           category=self.categories[code])
        self.units_for[suggestion.pk] = units
        if cosign and self.rng.random() < 0.45:
            others = [d for d in self.rng.sample(self.deputies, 3) if d.pk != lead.pk][:self.rng.randint(1, 3)]
            services.invite_cosigners(suggestion, actor=lead.user, deputies=others)
            if answer_invitations:
                respond_by = respond_by or min(self.anchor, written + timedelta(days=3))
                for signature in CoSignature.objects.filter(suggestion=suggestion).select_related("deputy__user"):
                    # before the submission day, or late on the evening it was written
                    answered = max(written, min(respond_by - timedelta(days=1), written + self.days(1, 3)))
                    self.clock.at(answered, 22 if answered == written else 12)
                    services.respond_to_invitation(signature, actor=signature.deputy.user,
                                                   confirm=self.rng.random() < 0.9)
        return suggestion

    def submit(self, suggestion, day: date):
        self.clock.at(day, 9)
        services.submit_suggestion(suggestion, actor=suggestion.lead_deputy.user, today=day)
        suggestion.refresh_from_db()
        return suggestion

    def review(self, suggestion, day: date, outcome: str = "accept"):
        self.clock.at(day, 11)
        if outcome == "accept":
            services.accept_suggestion(suggestion, actor=self.staff)
        elif outcome == "reject":
            reason = self.rng.choice([Suggestion.RejectReason.PERSONAL, Suggestion.RejectReason.OUT_OF_POWERS,
                                      Suggestion.RejectReason.FORWARDED_LETTER, Suggestion.RejectReason.NO_SUBSTANCE])
            services.reject_suggestion(suggestion, actor=self.staff, reason=reason,
                                       note="经代表工委审查，不符合代表建议立案条件，已与代表沟通。")
        else:
            services.mark_reference_only(suggestion, actor=self.staff, note="内容已转有关部门作为工作参考。")
        suggestion.refresh_from_db()
        return suggestion

    def assign(self, suggestion, day: date):
        units = [self.units[code] for code in dict.fromkeys(self.units_for[suggestion.pk])]
        self.clock.at(day, 14)
        if len(units) > 1 and self.rng.random() < 0.12:
            services.assign_suggestion(suggestion, actor=self.staff, separate_units=units[:2], today=day)
        elif len(units) > 1 and self.rng.random() < 0.45:
            services.assign_suggestion(suggestion, actor=self.staff, lead_unit=units[0],
                                       co_units=units[1:self.rng.randint(2, len(units))], today=day)
        else:
            services.assign_suggestion(suggestion, actor=self.staff, lead_unit=units[0], today=day)
        suggestion.refresh_from_db()
        return suggestion

    # ----------------------------------------------------------------- handling

    def handle(self, suggestion, t0: date, fate: Fate) -> None:
        """Everything after 交办, as far as the load day allows."""
        if fate.key:
            self.supervise(suggestion, t0)
        if fate.withdraw:
            day = self.workday(t0 + self.days(10, 40))
            if day <= self.anchor:
                self.clock.at(day, 20)
                services.withdraw_suggestion(suggestion, actor=suggestion.lead_deputy.user,
                                             reason=self.rng.choice(WITHDRAW_REASONS))
            return
        ready = t0
        for co in suggestion.assignments.filter(role=Assignment.Role.CO):
            day = self.workday(t0 + self.days(5, 24))
            if self.rng.random() < 0.1 or day > self.anchor:
                ready = max(ready, co.due_on + timedelta(days=1))  # no opinion: the lead waits out its deadline
                continue
            self.clock.at(day, 14)
            services.send_co_unit_opinion(co, actor=self.handler(co),
                                          opinion="同意主办单位的办理意见，我单位将积极配合做好相关工作。")
            ready = max(ready, day + timedelta(days=1))
        for part in suggestion.assignments.filter(role__in=[Assignment.Role.LEAD, Assignment.Role.SEPARATE]):
            self.answer(suggestion, part, t0, ready, fate)

    def answer(self, suggestion, part, t0: date, ready: date, fate: Fate) -> None:
        part.refresh_from_db()
        if not part.is_open:  # the office closed the case while another unit's part was being rated
            return
        if fate.returned:
            part = self.return_part(part, t0, fate.returned == "approved")
            if part is None:
                return
            t0 = part.assigned_on
        due = part.due_on
        if fate.extension:
            due = self.extend(part, t0, fate.extension) or due
        if not fate.answer:
            return
        if fate.reply_on:
            day = fate.reply_on
        elif fate.late:
            day = due + self.days(1, 25)
        else:
            day = t0 + self.days(20, max(21, (due - t0).days - 5))
        day = self.workday(max(day, ready))
        if day <= self.anchor:
            last = self.answer_and_rating(suggestion, part, day, fate)
            self.fulfil(part, last)

    def answer_and_rating(self, suggestion, part, day: date, fate: Fate) -> date:
        """The reply, the rating and a second round if the deputy is unsatisfied; returns the last day."""
        rng, anchor = self.rng, self.anchor
        reply = self.reply(suggestion, part, day, fate.category)
        if fate.rate == "never":
            closed = self.workday(day + self.days(60, 80))
            if fate.close_unrated and closed <= anchor:
                self.clock.at(closed, 16)
                services.close_suggestion(suggestion, actor=self.staff,
                                          note="代表逾期未反馈满意度测评意见，经电话确认后办结。")
                return closed
            return day
        if fate.rate_after is not None:
            rated = day + timedelta(days=fate.rate_after)
        else:
            rated = day + (self.days(30, 50) if fate.rate == "late" else self.days(2, 20))
        if rated > anchor:
            return day
        satisfaction = fate.satisfaction or rng.choices(
            [Evaluation.Satisfaction.SATISFIED, Evaluation.Satisfaction.BASICALLY, Evaluation.Satisfaction.UNSATISFIED],
            weights=[78, 17, 5])[0]
        self.rate(suggestion, reply, rated, satisfaction)
        part.refresh_from_db()
        if part.status != Assignment.Status.REHANDLING or not fate.second_answer:
            return rated
        again = self.workday(rated + self.days(8, 25))
        if again > anchor:
            return rated
        reply = self.reply(suggestion, part, again, rng.choice("AAB"))
        rated_again = again + self.days(2, 15)
        if rated_again > anchor:
            return again
        self.rate(suggestion, reply, rated_again, rng.choices(
            [Evaluation.Satisfaction.SATISFIED, Evaluation.Satisfaction.BASICALLY,
             Evaluation.Satisfaction.UNSATISFIED], weights=[50, 35, 15])[0])
        return rated_again

    def fulfil(self, part, after: date) -> None:
        """The unit keeps its promises, mostly on time; a fifth slip past their date."""
        for commitment in Commitment.objects.filter(reply__assignment=part, status=Commitment.Status.OPEN):
            slips = self.rng.random() < 0.2
            done = commitment.due_on + self.days(10, 150) if slips else commitment.due_on - self.days(0, 50)
            done = self.workday(max(done, after + timedelta(days=1)))
            if done > self.anchor:
                continue
            self.clock.at(done, 11)
            fulfilled = self.rng.random() < 0.85
            services.resolve_commitment(
                commitment, actor=self.handler(part), fulfilled=fulfilled,
                resolution="承诺事项已全部落实到位。" if fulfilled else "因规划调整暂无法实施，已向代表说明情况。")

    def reply(self, suggestion, part, day: date, category: str | None):
        handler = self.handler(part)
        contacted = max(part.assigned_on, day - self.days(3, 20))
        method, summary = self.rng.choice(CONTACTS)
        self.clock.at(contacted, 15)
        services.record_contact(part, actor=handler, contacted_on=contacted, method=method, summary=summary,
                                today=contacted)
        category = category or self.rng.choices("ABCD", weights=[55, 25, 12, 8])[0]
        measure = self.rng.choice(TOPICS[suggestion.category.code][2])
        commitments = [(f"{measure}。", day + self.days(60, 330))] if category in "BC" else []
        self.clock.at(day, 16)
        return services.reply_to_assignment(
            part, actor=handler, category=category, body=REPLY_TEXTS[category].format(measure=measure),
            signed_by=f"{part.unit.short_name}主要负责人 {person_name(self.rng)}",
            signed_by_head=suggestion.is_key or self.rng.random() < 0.3, commitments=commitments, today=day,
        )

    def rate(self, suggestion, reply, day: date, satisfaction: str) -> None:
        good = satisfaction == Evaluation.Satisfaction.SATISFIED
        self.clock.at(day, 20)
        services.evaluate_reply(
            reply, actor=suggestion.lead_deputy.user, satisfaction=satisfaction,
            attitude="good" if good or self.rng.random() < 0.6 else "fair",
            approach="good" if good else "fair", effect="good" if good else self.rng.choice(["fair", "poor"]),
            comment=self.rng.choice(UNHAPPY) if satisfaction == Evaluation.Satisfaction.UNSATISFIED else "",
            today=day,
        )

    def extend(self, part, t0: date, decision: str) -> date | None:
        asked = self.workday(t0 + self.days(45, 70))
        if decision == "pending":
            asked = min(asked, self.anchor)
        if asked > self.anchor:
            return None
        wanted = min(rules.latest_due_on(part.assigned_on) - timedelta(days=3), part.due_on + self.days(30, 75))
        self.clock.at(asked, 10)
        extension = services.request_extension(part, actor=self.handler(part), due_on=wanted,
                                               reason=self.rng.choice(EXTENSION_REASONS))
        decided = self.workday(asked + self.days(1, 4))
        if decision == "pending" or decided > self.anchor:
            return None
        self.clock.at(decided, 15)
        approve = decision == "approved"
        services.decide_extension(extension, actor=self.staff, approve=approve,
                                  note="" if approve else "该事项可在原期限内答复，不同意延期。")
        return wanted if approve else None

    def return_part(self, part, t0: date, approve: bool):
        asked = min(self.anchor, self.workday(t0 + timedelta(days=1)))
        others = [u for u in self.units.values() if u.pk != part.unit_id and not u.code.startswith("sd")
                  and u.code not in ("fy", "jcy", "jw-jc")]
        better = self.rng.choice(others)
        self.clock.at(asked, 10)
        request = services.request_reassignment(part, actor=self.handler(part), suggested_unit=better,
                                                reason=f"该事项属于{better.name}职责范围，申请退回重新交办。",
                                                today=asked)
        decided = self.workday(asked + timedelta(days=2))
        if not approve or decided > self.anchor:
            return None
        self.clock.at(decided, 15)
        return services.decide_reassignment(request, actor=self.staff, approve=True, new_unit=better,
                                            note="经核实，同意改由建议的单位承办。", today=decided)

    def supervise(self, suggestion, t0: date) -> None:
        day = self.workday(t0 + self.days(3, 12))
        if day > self.anchor:
            return
        self.clock.at(day, 11)
        supervision = services.put_under_key_supervision(
            suggestion, actor=self.staff, leader=self.leader, committee=self.rng.choice(self.committees),
            note="列入本年度常委会领导重点督办建议。")
        for _ in range(self.rng.randint(1, 3)):
            happened = self.workday(day + self.days(10, 60))
            if happened > self.anchor:
                break
            kind, description = self.rng.choice(SUPERVISION)
            self.clock.at(happened, 15)
            services.record_supervision_action(supervision, actor=self.leader, kind=kind, happened_on=happened,
                                               description=description, today=happened)
        suggestion.refresh_from_db()

    # ----------------------------------------------------------------- whole stories

    def raised(self, day: date, **draft_options):
        """Written some days before `day` and submitted on it."""
        day = max(day, self.term.starts_on)
        return self.submit(self.draft(day - self.days(1, 12), respond_by=day, **draft_options), day)

    def assigned(self, submitted_on: date, assigned_on: date, fate: Fate | None = None, **draft_options):
        suggestion = self.raised(submitted_on, **draft_options)
        self.review(suggestion, self.workday(submitted_on + timedelta(days=1)) if assigned_on > submitted_on
                    else submitted_on)
        self.assign(suggestion, assigned_on)
        self.handle(suggestion, assigned_on, fate or self.fate())
        return suggestion

    def fate(self) -> Fate:
        """A finished case's usual course, with the exceptions offices see every year."""
        rng = self.rng
        return Fate(late=rng.random() < 0.08, key=rng.random() < 0.03,
                    rate="late" if rng.random() < 0.05 else ("never" if rng.random() < 0.03 else "normal"),
                    close_unrated=True,
                    extension="approved" if rng.random() < 0.04 else ("refused" if rng.random() < 0.02 else None),
                    returned="approved" if rng.random() < 0.03 else None,
                    withdraw=rng.random() < 0.015)


def load(rng, district: dict) -> None:
    anchor = min(timezone.localdate(), LAST_DAY)
    story = Story(rng, district, anchor)
    first_delivery = Delivery.objects.order_by("-pk").values_list("pk", flat=True).first() or 0
    first_notification = Notification.objects.order_by("-pk").values_list("pk", flat=True).first() or 0
    _analyze()
    with story.clock.running():
        _sessions(story)
        _analyze()
        _between_sessions(story)
        _recent(story)
        _waiting(story)
        _old_notifications_read(story, first_notification)
    _analyze()
    # The demo's history was delivered at the time: without this, the first `make run` would send
    # the whole history's emails and SMS again.
    Delivery.objects.filter(pk__gt=first_delivery, state=Delivery.State.PENDING).update(
        state=Delivery.State.SENT, sent_at=F("created_at"), attempts=1)
    for year in sorted(set(statistics.years_with_assignments())):  # it repeats each year once per part
        statistics.refresh_statistics(year, today=anchor)
    create_reminders(today=anchor)


def _analyze() -> None:
    """Planner statistics for the rows this load wrote. The whole demo is one transaction, which
    autovacuum cannot see: without them every join is planned for empty tables and the load slows
    down as the tables fill (a join over a few hundred users took milliseconds)."""
    tables = ["congress_user", "congress_user_groups", "deputies_deputy", "congress_notification",
              "congress_auditevent", "congress_delivery", "congress_reminder",
              *(model._meta.db_table for model in apps.get_app_config("suggestions").get_models())]
    with connection.cursor() as cursor:
        cursor.execute(f"ANALYZE {', '.join(tables)}")


def _sessions(story: Story) -> None:
    """Suggestions raised at each session that is long enough ago to be fully handled."""
    rng, anchor = story.rng, story.anchor
    sessions = Meeting.objects.filter(term=story.term, kind=Meeting.Kind.CONGRESS_SESSION,
                                      starts_on__lte=anchor - timedelta(days=160)).order_by("starts_on")
    for session in sessions:
        reviewed = story.workday(session.ends_on + story.days(3, 12))
        merged = []
        for i in range(SESSION_ITEMS):
            if rng.random() < 0.4:  # handed in during the weeks before the session opens
                submitted_on = session.starts_on - timedelta(days=rng.randint(0, 12))
            else:
                length = (session.ends_on - session.starts_on).days
                submitted_on = session.starts_on + timedelta(days=rng.randint(0, length))
            suggestion = story.raised(submitted_on, lead=story.me if i == 0 else None,
                                      category="transport" if i in (5, 6, 7) else None)
            if i in (5, 6, 7):  # the same subject from several deputies: handled together, each answered
                story.review(suggestion, reviewed)
                merged.append(suggestion)
                continue
            draw = rng.random()
            if draw < 0.08 or (i == 0 and session.number == 2):
                story.review(suggestion, reviewed, "reject")
            elif draw < 0.14:
                story.review(suggestion, reviewed, "reference")
            else:
                story.review(suggestion, reviewed)
                assigned_on = story.workday(reviewed + story.days(5, 15))
                story.assign(suggestion, assigned_on)
                story.handle(suggestion, assigned_on, story.fate())
        _merge(story, merged, reviewed, Fate())


def _merge(story: Story, suggestions: list, day: date, fate: Fate) -> None:
    story.clock.at(day, 16)
    services.merge_suggestions(suggestions, actor=story.staff, note="内容相近，并案办理。")
    assigned_on = story.workday(day + timedelta(days=5))
    for suggestion in suggestions:
        suggestion.refresh_from_db()
        story.units_for[suggestion.pk] = story.units_for[suggestions[0].pk][:1]  # one lead unit for all
        story.assign(suggestion, assigned_on)
        story.handle(suggestion, assigned_on, fate)


def _between_sessions(story: Story) -> None:
    """Long-finished suggestions raised between sessions (rule 4: assigned within days)."""
    rng, anchor = story.rng, story.anchor
    start, end = story.term.starts_on + timedelta(days=40), anchor - timedelta(days=220)
    if end <= start:
        return
    for _ in range(OLD_BETWEEN_ITEMS):
        submitted_on = story.workday(start + timedelta(days=rng.randint(0, (end - start).days)))
        story.assigned(submitted_on, story.workday(submitted_on + story.days(2, 5)), story.fate())


def _recent(story: Story) -> None:
    """Cases assigned in the last 200 days, in every stage of handling, and the exceptions."""
    rng, anchor, me = story.rng, story.anchor, story.me

    def recent(days_ago: int, fate: Fate | None = None, **options):
        assigned_on = min(story.workday(anchor - timedelta(days=days_ago)), anchor)
        submitted_on = assigned_on - story.days(1, 4)
        fate = fate or Fate(late=rng.random() < 0.1, key=rng.random() < 0.04,
                            rate="late" if rng.random() < 0.1 else "normal")
        return story.assigned(submitted_on, assigned_on, fate, **options)

    for _ in range(RECENT_ITEMS):
        recent(rng.randint(3, 200))
    for i in range(10):  # never answered, now overdue; three with an approved extension that ran out too
        recent(rng.randint(165, 190) if i < 3 else rng.randint(100, 190),
               Fate(answer=False, extension="approved" if i < 3 else None, key=i == 4))
    for _ in range(3):
        recent(rng.randint(55, 80), Fate(answer=False, extension="pending"))
    for _ in range(2):
        recent(rng.randint(1, 4), Fate(returned="pending"))
    recent(rng.randint(1, 4), Fate(returned="pending"), category="education")  # for the demo `unit` account
    for _ in range(4):  # unsatisfied, handled again, the second answer not yet in
        recent(rng.randint(75, 105), Fate(reply_on=anchor - timedelta(days=rng.randint(20, 32)), rate_after=4,
                                          satisfaction=Evaluation.Satisfaction.UNSATISFIED, second_answer=False))
    for i in range(4):  # answered, waiting for the deputy's rating; two of them past the rating window
        reply_on = anchor - timedelta(days=rng.randint(35, 50) if i < 2 else rng.randint(3, 12))
        recent(rng.randint(60, 100), Fate(reply_on=reply_on, rate="never", close_unrated=False),
               lead=me if i == 3 else None)
    recent(rng.randint(10, 40), Fate(answer=False), lead=me, category="education")
    for _ in range(3):
        recent(rng.randint(15, 60), Fate(withdraw=True))
    submitted_on = story.workday(anchor - timedelta(days=45))
    pair = [story.raised(submitted_on, category="transport") for _ in range(2)]
    for suggestion in pair:
        story.review(suggestion, story.workday(submitted_on + timedelta(days=1)))
    _merge(story, pair, story.workday(submitted_on + timedelta(days=1)), Fate(answer=False))


def _waiting(story: Story) -> None:
    """Drafts, suggestions waiting for review or assignment, and withdrawals before handling."""
    rng, anchor, me = story.rng, story.anchor, story.me
    for i in range(12):
        story.raised(anchor - timedelta(days=rng.randint(0, 6)), lead=me if i == 0 else None)
    for _ in range(8):
        day = story.workday(anchor - timedelta(days=rng.randint(4, 12)))
        story.review(story.raised(day), min(anchor, story.workday(day + timedelta(days=1))))
    for i in range(12):
        story.draft(anchor - timedelta(days=rng.randint(0, 25)), lead=me if i == 0 else None, cosign=i != 0,
                    answer_invitations=i % 3 != 0)
    # the demo deputy is invited to co-sign a colleague's draft and has not answered yet
    colleague = story.deputies[3]
    invitation = story.draft(anchor - timedelta(days=1), lead=colleague, cosign=False)
    services.invite_cosigners(invitation, actor=colleague.user, deputies=[me])
    for i in range(4):
        written = anchor - timedelta(days=rng.randint(10, 60))
        suggestion = story.draft(written, cosign=False)
        if i == 3:
            story.submit(suggestion, written + timedelta(days=2))
        story.clock.at(min(anchor, written + story.days(3, 9)), 20)
        services.withdraw_suggestion(suggestion, actor=suggestion.lead_deputy.user,
                                     reason=rng.choice(WITHDRAW_REASONS))


def _old_notifications_read(story: Story, after: int) -> None:
    """People read their messages: what is older than a fortnight has been read."""
    story.clock.at(story.anchor, 8)
    old = (Notification.objects.filter(pk__gt=after, read_at__isnull=True,
                                       created_at__lt=timezone.make_aware(datetime.combine(
                                           story.anchor - timedelta(days=14), time())))
           .values_list("recipient_id", "pk"))
    by_recipient: dict[int, list[int]] = {}
    for recipient_id, pk in old:
        by_recipient.setdefault(recipient_id, []).append(pk)
    for recipient in User.objects.filter(pk__in=by_recipient):
        notifications.mark_read(recipient, by_recipient[recipient.pk])


