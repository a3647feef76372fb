"""The demo district's suggestions: about 420, in every state, each driven through the services.

Every date is an offset from the load day (`district["today"]`: the day `seed_demo` runs, or its
`--today`), so a demo loaded on any day shows the same proportions: suggestions of the session a few
months back falling due around that day (some overdue by days, some due within the week), recent
between-session cases in every stage, answers awaiting a rating, long-finished earlier years. The
structure comes from the seeded generator, so one seed and one load day give the same district.

Each suggestion is about one `Topic`: its title, content, units, reply and commitments all come from
that record, so they agree (the topic's keyword appears in each of them).

Timestamps (submitted at, replied at, the timeline) follow the same story: while loading, "now" is
moved to each step's day (see `Clock`), so the staff timeline reads like years of real work.
Unit handler and deputy accounts are created here with unusable passwords; the demo accounts that
sign in (deputy, unit, staff, leader) come from the earlier apps' demos.
"""

from __future__ import annotations

import contextlib
from dataclasses import dataclass
from datetime import date, datetime, time, timedelta

import time_machine
from django.apps import apps
from django.conf import settings
from django.contrib.auth.hashers import make_password
from django.contrib.auth.models import Group
from django.db import connection
from django.db.models import F
from django.utils import timezone

from congress import notifications, roles
from congress.calendar import WorkCalendar, add_months
from congress.demo import SUBDISTRICTS, person_name
from congress.models import Committee, Delivery, Meeting, Notification, User
from deputies.models import Deputy
from suggestions import rules, services, statistics
from suggestions.models import Assignment, Category, Commitment, CoSignature, Evaluation, Suggestion
from suggestions.reminders import create_reminders


@dataclass(frozen=True)
class Size:
    """How many suggestions each part of the story tells; the exceptions (overdue, pending requests,
    re-handling, awaiting rating) keep their own small counts at every size."""

    session_items: int       # raised at each earlier congress session, long finished
    current_session: int     # raised at the current session (a few months back): due around the load day
    old_between: int         # raised between sessions, long finished
    recent: int              # assigned in the last 200 days: in every stage of handling
    waiting: int             # submitted in the last days, not yet reviewed
    exceptions: float = 1.0  # the share of each group of exceptions (overdue, pending requests, ...)

    def of(self, count: int) -> int:
        """How many of a group of `count` exceptions to tell; at least one, so every state shows."""
        return max(1, round(count * self.exceptions))


SIZES = {"full": Size(session_items=55, current_session=55, old_between=50, recent=85, waiting=12),
         "small": Size(session_items=5, current_session=12, old_between=4, recent=8, waiting=3, exceptions=0.5)}
MERGED = (2, 3, 4)  # at each earlier session these items are on one subject, merged and handled together

COMMUNITIES = ["春晖", "和平", "新华", "幸福", "光明", "桥南", "滨河", "锦绣", "金桥", "朝阳", "文昌", "翠湖"]
VILLAGES = ["红星", "东岗", "柳林", "石桥", "杨湾", "李家", "沙河", "马庄"]
CONTACTS = [("phone", "电话联系代表，详细了解建议涉及的具体情况和诉求。"),
            ("face", "与代表当面沟通，介绍初步办理思路，听取代表意见。"),
            ("visit", "邀请代表共同到现场察看，商定解决办法。"),
            ("meeting", "召开办理协调会，邀请代表参加并通报办理进展。")]
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


# --------------------------------------------------------------------------- what suggestions are about


@dataclass(frozen=True)
class Topic:
    """One subject a deputy writes about, with everything that must agree with it: the title, the
    content, the units that handle it and what each kind of reply (A–D) and commitment says.

    `keyword` appears in the title, the content and every reply, so a reader (and the tests) can see
    that they belong together. Texts take {place} and the content takes {n}, a figure drawn from `n`.
    """

    category: str
    keyword: str
    title: str                # "关于{title}的建议"
    units: tuple[str, ...]    # the lead unit first; a local subdistrict joins when the place is local
    problem: str              # the first paragraph of the content
    asks: tuple[str, ...]     # what the deputy asks for; three are drawn
    done: str                 # A: solved
    underway: str             # B: being solved
    planned: str              # C: planned, depends on funds or plans
    cannot: str               # D: cannot be done now, with the reason
    promise: str              # the commitment of a B or C reply
    n: tuple[int, int] = (3, 30)


TOPICS: list[Topic] = [
    # economy
    Topic("economy", "营商环境", "优化{place}营商环境", ("fgw", "scjg"),
          "{place}企业反映，开办企业和工程建设项目审批环节多、材料重复提交，一个项目从立项到开工平均需要{n}个"
          "工作日，营商环境仍有短板。",
          ("推行“一网通办”“一窗受理”，压减重复提交的材料", "建立企业诉求快速响应机制并明确办理时限",
           "定期开展营商环境满意度测评并公开结果", "为重点项目配备审批帮办代办人员"),
          "区政务服务中心已设立企业综合窗口，{place}企业办事材料平均减少三分之一，营商环境问题已得到解决",
          "首批审批事项已实现“一网通办”，其余优化营商环境的措施正按计划推进",
          "将把{place}营商环境优化列入明年改革任务，分步骤压减审批环节",
          "工程建设项目审批中的部分环节由市级部门负责，区级无权调整，我们已将代表关于营商环境的意见报送市级部门",
          "完成{place}营商环境审批流程优化并公布新的办事指南", (45, 150)),
    Topic("economy", "小微企业融资", "破解{place}小微企业融资难题", ("kxj", "czj"),
          "{place}有小微企业{n}余家，普遍缺少抵押物，小微企业融资难、融资贵问题仍然突出，一些企业因资金周转"
          "困难推迟了扩产计划。",
          ("设立小微企业贷款风险补偿资金", "组织银企对接会，推广信用贷款产品", "对按期还款的企业给予贴息",
           "建立小微企业融资需求台账"),
          "已设立小微企业贷款风险补偿资金，并为{place}组织银企对接会两场，小微企业融资需求已逐户对接",
          "小微企业融资风险补偿资金的管理办法已完成征求意见，首批贷款正在审批",
          "将在下一年度预算中安排小微企业融资贴息资金，逐年扩大支持范围",
          "贷款审批属金融机构自主经营范围，政府不能干预，我们将继续通过银企对接改善小微企业融资环境",
          "小微企业融资风险补偿资金投入使用，首批贷款发放到位", (200, 900)),
    Topic("economy", "闲置厂房", "盘活{place}闲置厂房和楼宇资源", ("swj", "fgw"),
          "{place}现有闲置厂房和商务楼宇约{n}万平方米，部分已空置三年以上，闲置厂房资源利用率不高，也影响周边"
          "环境。",
          ("建立闲置厂房和楼宇台账", "引进与区域产业定位相符的项目", "对改造利用闲置厂房的企业给予租金补贴"),
          "已建立{place}闲置厂房台账，引进的两家企业已入驻，闲置厂房盘活工作取得实效",
          "闲置厂房台账已建立，招商对接正在进行，已有企业签订意向协议",
          "将把{place}闲置厂房纳入产业空间规划，分批次招商盘活",
          "该处闲置厂房涉及产权纠纷，尚在司法程序中，暂无法统一招商，待产权明晰后再行盘活",
          "完成{place}闲置厂房招商，至少一家企业入驻", (2, 12)),
    # urban
    Topic("urban", "老旧小区改造", "加快{place}老旧小区改造", ("zjw",),
          "{place}有{n}个建成于上世纪九十年代的小区，房屋外墙脱落、管线老化、没有停车位，居民对老旧小区改造"
          "的愿望十分强烈。",
          ("将上述小区列入年度老旧小区改造计划", "改造前逐户问需于民，确定改造内容", "同步解决停车和充电设施问题",
           "改造完成后引入物业服务"),
          "{place}相关小区已列入今年老旧小区改造计划并已开工，外墙和管线改造已完成",
          "老旧小区改造的设计方案已征求居民意见，施工单位已进场",
          "已将{place}相关小区纳入明后两年的老旧小区改造储备库，资金落实后实施",
          "该小区已列入征收范围，按规定不再实施老旧小区改造，我们已向代表和居民说明",
          "完成{place}老旧小区改造主体工程", (3, 15)),
    Topic("urban", "加装电梯", "推进{place}既有住宅加装电梯", ("zjw", "gzj"),
          "{place}多层住宅中六十岁以上居民占比超过三成，约{n}个单元没有电梯，老年人上下楼十分困难，加装电梯"
          "的意愿强烈但审批手续复杂。",
          ("简化加装电梯审批手续，实行并联审批", "对加装电梯给予资金补贴", "由街道社区协调低层住户意见",
           "公布加装电梯的办事流程"),
          "已对{place}申请加装电梯的单元开通并联审批，首批电梯已投入使用",
          "加装电梯并联审批已实行，已有单元取得施工许可，正在施工",
          "将研究加大加装电梯补贴力度，在{place}逐步推开",
          "该楼栋结构和地下管线条件不允许加装电梯，经专家论证确实无法实施，已向居民解释",
          "{place}首批加装电梯完成验收并投入使用", (10, 60)),
    Topic("urban", "雨污分流", "推进{place}雨污分流改造", ("zjw", "cgj"),
          "{place}雨水管和污水管混接，雨季路面积水深达{n}厘米，污水外溢，雨污分流改造迫在眉睫。",
          ("开展管网排查，摸清混接点", "实施雨污分流改造", "雨季前完成管网清淤", "建立管网日常巡查制度"),
          "已完成{place}管网排查和雨污分流改造，今年雨季未再出现积水外溢",
          "雨污分流改造已完成排查和设计，正在分段施工",
          "{place}雨污分流改造已纳入全区排水专项规划，将分期实施",
          "该片区雨污分流需与市政主干管同步改造，主干管由市级部门建设，区级暂无法单独实施",
          "完成{place}雨污分流改造并通过验收", (20, 50)),
    Topic("urban", "路灯", "完善{place}路灯照明设施", ("cgj",),
          "{place}有{n}条背街小巷没有路灯，部分路段路灯损坏后长期未修复，居民夜间出行不便，存在安全隐患。",
          ("在背街小巷增设路灯", "建立路灯巡查和快速维修机制", "公布路灯报修电话"),
          "已在{place}背街小巷增设路灯，损坏的路灯已全部修复",
          "新增路灯的点位已勘察确定，正在安装",
          "将把{place}背街小巷路灯纳入明年城市照明建设计划",
          "相关小巷属于小区内部道路，路灯应由产权单位负责，我们已督促产权单位整改",
          "完成{place}背街小巷路灯安装并亮灯", (3, 20)),
    Topic("urban", "物业服务", "加强{place}住宅小区物业服务管理", ("zjw", "mzj"),
          "{place}约{n}个住宅小区物业服务缺位，保洁、维修不及时，收费不透明，居民与物业服务企业矛盾较多。",
          ("建立物业服务质量评价机制", "督促物业服务企业公开收费项目和标准", "指导小区成立业主委员会",
           "对长期服务不达标的企业依法处理"),
          "已对{place}相关小区物业服务开展专项检查，督促整改到位并公开收费标准",
          "物业服务质量评价办法已制定，正在{place}试点",
          "将在全区推行物业服务质量评价，逐步覆盖{place}所有小区",
          "物业服务合同属业主与企业之间的民事约定，行政部门不能直接更换物业服务企业，已指导业主依法协商",
          "在{place}全面实行物业服务质量评价并公布结果", (5, 30)),
    # transport
    Topic("transport", "学校周边", "缓解{place}学校周边交通拥堵", ("jtj", "gafj"),
          "{place}{n}所中小学上下学高峰时段接送车辆集中，学校周边道路严重拥堵，学生穿行其间，存在安全隐患。",
          ("优化学校周边高峰时段交通组织", "增派警力和志愿者疏导", "设置临时接送车位", "错峰放学"),
          "已在{place}学校周边设置临时接送车位，高峰时段增派警力疏导，学校周边拥堵明显缓解",
          "学校周边交通组织优化方案已制定，接送车位正在施划",
          "将结合道路改造拓宽学校周边道路，近期先加强高峰疏导",
          "学校周边道路两侧均为居民楼，暂无拓宽条件，我们将继续加强学校周边的高峰疏导",
          "完成{place}学校周边接送车位施划和交通标志设置", (2, 6)),
    Topic("transport", "公交线路", "增设{place}公交线路和站点", ("jtj",),
          "{place}新建小区入住居民已达{n}人，最近的公交站点需步行二十多分钟，居民期盼增设公交线路和站点。",
          ("新开或调整公交线路", "在小区附近增设站点", "加密高峰时段发车班次"),
          "已调整一条公交线路途经{place}并增设站点，居民步行五分钟即可乘车",
          "新的公交线路方案已报公交企业，站点正在建设",
          "将把{place}纳入明年公交线路优化计划",
          "相关道路尚未竣工，不具备公交线路通行条件，道路建成后再行开通",
          "开通途经{place}的公交线路并投入运营", (3000, 12000)),
    Topic("transport", "非机动车", "规范{place}非机动车停放秩序", ("gafj", "cgj"),
          "{place}地铁站和商业街周边共享单车和电动自行车乱停乱放，高峰时约{n}辆非机动车占用人行道，"
          "行人通行困难。",
          ("施划非机动车停放区域", "督促共享单车企业及时调度清运", "加强日常巡查管理"),
          "已在{place}施划非机动车停放区域，共享单车企业已增派调度人员，人行道通行恢复正常",
          "非机动车停放区域正在施划，共享单车企业的调度方案已提交",
          "将结合道路改造在{place}建设非机动车停放设施",
          "相关路段人行道宽度不足，无法施划非机动车停放区，将通过加强调度解决",
          "完成{place}非机动车停放区域施划", (200, 800)),
    Topic("transport", "停车泊位", "增加{place}停车泊位供给", ("jtj", "zjw"),
          "{place}现有停车泊位缺口约{n}个，夜间车辆占道停放普遍，消防通道也被堵塞。",
          ("利用边角空地建设立体停车设施", "推动机关企事业单位停车泊位错时共享", "规范路侧停车管理"),
          "已在{place}利用空地新建停车场，并推动两家单位停车泊位夜间开放共享",
          "新增停车泊位的停车场已完成立项，正在施工",
          "将在{place}规划建设立体停车设施增加停车泊位，列入近期建设项目库",
          "周边暂无可利用土地，新增停车泊位不具备条件，将通过错时共享缓解",
          "{place}新建停车场投入使用，新增停车泊位不少于一百个", (200, 900)),
    Topic("transport", "破损路面", "修复{place}破损路面", ("jtj",),
          "{place}主干道有{n}处破损路面和坑洼，雨天积水，电动车和行人多次摔倒。",
          ("尽快修复破损路面", "建立道路巡查养护制度", "对施工单位挖掘道路后的恢复质量加强监管"),
          "已完成{place}破损路面修复，并建立道路巡查养护台账",
          "破损路面修复已纳入本季度养护计划，正在施工",
          "将把{place}整条道路的大修列入明年计划，近期先对破损路面应急修补",
          "该路段属市管道路，破损路面修复由市级部门负责，已转请市级部门处理",
          "完成{place}破损路面修复", (5, 40)),
    # education
    Topic("education", "学位", "扩充{place}义务教育学位供给", ("jw",),
          "{place}适龄儿童增长较快，今年小学一年级报名人数比去年增加{n}%，学位供给紧张，部分孩子需跨片区就读。",
          ("加快新建学校建设进度", "合理调整学区划分", "挖潜现有学校增加学位"),
          "已通过现有学校挖潜为{place}增加学位，今年适龄儿童全部就近入学",
          "新建学校主体工程已完工，预计秋季开学前新增学位投入使用",
          "已将{place}新建学校列入教育设施规划，用地落实后开工建设，增加学位供给",
          "学区划分须统筹全区学位资源，{place}所在片区暂无调整条件，我们将通过挖潜保障学位",
          "{place}新建学校建成投用，新增学位按期提供", (8, 30)),
    Topic("education", "课后服务", "加强{place}中小学课后服务", ("jw",),
          "{place}中小学课后服务内容以看管和作业辅导为主，约{n}%的家长反映课后服务内容单一，孩子兴趣得不到满足。",
          ("引入优质社会资源丰富课后服务内容", "开设体育、艺术、科技类课程", "对经济困难家庭减免课后服务费用"),
          "{place}各学校课后服务已增设体育、艺术、科技课程，家长满意度明显提高",
          "课后服务的第三方机构遴选已完成，新课程正在试点",
          "将制定课后服务提质方案，逐步在{place}学校推开",
          "引入校外机构开展课后服务须经市级审核，目前审核尚未完成，暂以校内教师开展为主",
          "{place}学校课后服务新课程全面开设", (30, 60)),
    Topic("education", "幼儿园", "改善{place}幼儿园办学条件", ("jw",),
          "{place}部分公办幼儿园园舍建于八十年代，户外活动场地人均不足{n}平方米，设施陈旧。",
          ("安排专项资金改造幼儿园园舍", "扩大户外活动场地", "增加公办幼儿园学位"),
          "已安排专项资金完成{place}幼儿园园舍改造，户外活动场地已扩大",
          "幼儿园改造方案已审定，利用假期施工",
          "已将{place}幼儿园改扩建列入明年教育项目计划",
          "该幼儿园周边没有可用土地，无法扩大场地，我们将通过错时使用场地改善幼儿园活动条件",
          "完成{place}幼儿园园舍改造", (2, 4)),
    Topic("education", "校园周边", "加强{place}校园周边安全管理", ("jw", "gafj"),
          "{place}{n}所学校校园周边流动摊贩聚集，售卖“三无”食品，放学时段秩序混乱。",
          ("开展校园周边综合治理", "设立护学岗", "加强食品安全检查"),
          "已在{place}校园周边设立护学岗，流动摊贩已清理，校园周边秩序明显好转",
          "校园周边综合治理专项行动正在开展",
          "将把{place}校园周边治理纳入常态化管理",
          "校园周边的部分摊位持有合法经营许可，不能一律取缔，我们已加强食品安全抽检",
          "建立{place}校园周边护学岗常态化机制", (2, 6)),
    # health
    Topic("health", "社区卫生服务中心", "提升{place}社区卫生服务中心服务能力", ("wjw",),
          "{place}社区卫生服务中心服务居民约{n}万人，全科医生少、设备旧，群众看常见病仍需跑大医院。",
          ("充实全科医生队伍", "更新诊疗设备", "与区级医院建立医联体"),
          "已为{place}社区卫生服务中心补充全科医生并更新设备，与区医院建立了医联体",
          "社区卫生服务中心的设备采购已完成招标，医生招聘正在进行",
          "将把{place}社区卫生服务中心纳入明年基层医疗能力提升项目",
          "全科医生编制由市级核定，今年无法增加，我们将通过医联体下派医生支持社区卫生服务中心",
          "{place}社区卫生服务中心新设备投入使用", (2, 8)),
    Topic("health", "家庭医生", "扩大{place}家庭医生签约服务覆盖面", ("wjw",),
          "{place}家庭医生签约率只有{n}%，签约后上门服务少，老年人和慢性病患者获得感不强。",
          ("落实家庭医生上门服务制度", "优先为老年人和慢性病患者签约", "公开家庭医生团队联系方式"),
          "{place}家庭医生团队已为重点人群全部签约，并按月上门服务",
          "家庭医生上门服务制度已制定，签约工作正在推进",
          "将逐年扩充家庭医生团队，提高{place}签约覆盖面",
          "家庭医生团队人员有限，短期内无法实现全覆盖，将优先保障重点人群",
          "{place}重点人群家庭医生签约全覆盖", (20, 45)),
    Topic("health", "急救", "优化{place}急救站点布局", ("wjw",),
          "{place}距最近的急救站约{n}公里，急救车辆平均到达时间超过十五分钟，群众担心耽误救治。",
          ("增设急救站点，缩短急救半径", "在公共场所配置自动体外除颤器", "开展群众急救知识培训"),
          "已在{place}增设急救站点，急救车辆平均到达时间缩短到十分钟以内",
          "新的急救站点已选址，正在装修和配置车辆",
          "将按照急救站点布局规划在{place}分步建设",
          "急救站点布局由市急救中心统一规划，区级不能自行设置，已将代表意见报送",
          "{place}新急救站点投入运行", (6, 15)),
    # social
    Topic("social", "养老服务", "加快{place}社区养老服务设施建设", ("mzj",),
          "{place}六十岁以上老人约{n}人，社区养老服务设施不足，日间照料和助浴助医需求得不到满足。",
          ("新建社区养老服务站", "引入专业机构运营", "为困难老人提供上门服务"),
          "已在{place}建成社区养老服务站并由专业机构运营，老人已可就近享受养老服务",
          "社区养老服务站的选址和装修已完成，正在招募运营机构",
          "将把{place}社区养老服务设施纳入养老服务设施专项规划",
          "相关社区没有可用的公共用房，暂时无法建设养老服务站，将通过上门服务弥补",
          "{place}社区养老服务站建成并运营", (2000, 9000)),
    Topic("social", "老年食堂", "推进{place}社区老年食堂建设", ("mzj",),
          "{place}独居和高龄老人约{n}人，吃饭难问题较为突出，社区目前没有老年食堂。",
          ("建设社区老年食堂", "给予老年食堂运营补贴", "为行动不便的老人送餐上门"),
          "{place}社区老年食堂已开业，对高龄老人给予就餐补贴，并提供送餐上门",
          "老年食堂的场地已落实，正在办理食品经营手续",
          "将研究出台老年食堂运营补贴办法，逐步在{place}推开",
          "老年食堂须符合消防和食品安全条件，现有场地不达标，暂无法开办",
          "{place}社区老年食堂开业运营", (200, 800)),
    Topic("social", "灵活就业", "加强{place}灵活就业人员服务保障", ("rsj",),
          "{place}外卖骑手、网约车司机等灵活就业人员约{n}人，参保率不高，就业信息不对称，权益保障不足。",
          ("开展灵活就业人员参保政策宣传", "建设零工市场", "举办专场招聘会"),
          "已在{place}建成零工市场，并为灵活就业人员举办参保政策宣讲和专场招聘",
          "零工市场已完成选址，灵活就业人员参保宣传正在开展",
          "将把灵活就业人员服务纳入明年就业工作要点，在{place}试点",
          "灵活就业人员的社保缴费政策由市级统一制定，区级无权调整，已将代表意见上报",
          "{place}零工市场建成运营，为灵活就业人员提供服务", (1000, 6000)),
    # environment
    Topic("environment", "河道", "整治{place}河道水环境", ("sthj",),
          "{place}一段约{n}米的河道水质较差，夏季有异味，沿岸有排污口，居民反映强烈。",
          ("开展河道清淤", "封堵沿岸违法排污口", "实施截污纳管", "建立河长巡河制度"),
          "已完成{place}河道清淤和排污口封堵，河道水质明显改善",
          "河道清淤工程已开工，排污口排查正在进行",
          "已将{place}河道综合整治纳入水环境治理规划，分期实施",
          "该河道上游属邻区管辖，水质受上游来水影响，须两区共同治理，已建立联合治理机制",
          "完成{place}河道清淤和截污纳管", (500, 3000)),
    Topic("environment", "油烟", "加强{place}餐饮油烟污染治理", ("sthj", "cgj"),
          "{place}临街餐饮店约{n}家，部分未安装油烟净化设施，油烟直排扰民，群众投诉较多。",
          ("督促餐饮单位安装油烟净化设施", "加强日常执法检查", "对屡改屡犯的依法处罚"),
          "已督促{place}相关餐饮店安装油烟净化设施，油烟扰民投诉明显减少",
          "油烟专项整治正在开展，已有部分餐饮店完成设施安装",
          "将研究制定餐饮油烟治理规范，逐步在{place}推开",
          "相关餐饮店的油烟排放检测达标，依法不能处罚，已协调其调整排放口位置",
          "{place}临街餐饮店油烟净化设施全部安装到位", (10, 60)),
    Topic("environment", "垃圾分类", "推进{place}生活垃圾分类", ("cgj",),
          "{place}约{n}个小区垃圾分类设施不足，居民分类投放习惯尚未养成，混装混运现象仍然存在。",
          ("完善垃圾分类投放和收运设施", "开展垃圾分类宣传指导", "杜绝混装混运"),
          "已为{place}小区补齐垃圾分类设施，并安排督导员指导居民分类投放",
          "垃圾分类设施已采购，正在逐小区安装",
          "将把{place}纳入明年垃圾分类示范片区建设",
          "部分小区场地狭小，无法设置四分类投放点，将通过定时定点收运推进垃圾分类",
          "完成{place}小区垃圾分类设施配置", (5, 30)),
    # rural
    Topic("rural", "饮水安全", "保障{place}农村饮水安全", ("nw",),
          "{place}供水管网建于二十年前，管道老化漏损，今年已停水{n}次，村民饮水安全得不到保障。",
          ("实施供水管网改造", "建立供水应急保障机制", "定期检测水质"),
          "已完成{place}供水管网改造，水质检测合格，饮水安全问题已解决",
          "供水管网改造工程已开工，饮水安全应急供水措施已落实",
          "已将{place}纳入农村饮水安全巩固提升工程，分年度实施",
          "该村地处水源保护区，不能新建取水设施，饮水安全将通过接入城市管网解决，须待管网延伸",
          "完成{place}供水管网改造，保障饮水安全", (3, 12)),
    Topic("rural", "高标准农田", "推进{place}高标准农田建设", ("nw",),
          "{place}约{n}亩耕地水利设施薄弱，抗旱排涝能力不足，种粮收益不高，村民盼望建设高标准农田。",
          ("将该村耕地纳入高标准农田建设计划", "完善灌溉排水设施", "加强建成后的管护"),
          "{place}耕地已纳入今年高标准农田建设项目并完工，灌溉排水设施已配套",
          "高标准农田建设项目已完成设计，正在施工",
          "已将{place}列入高标准农田建设储备项目，资金下达后实施",
          "高标准农田建设项目由上级按规划下达，该片区不在本轮规划范围内，已申请纳入下一轮",
          "完成{place}高标准农田建设并通过验收", (300, 2000)),
    Topic("rural", "农产品", "培育{place}特色农产品品牌", ("nw", "swj"),
          "{place}种植特色水果{n}亩，品质好但知名度不高，销售渠道窄，农产品卖不上价。",
          ("打造区域农产品公用品牌", "支持农产品电商销售", "开展农业技术培训"),
          "已帮助{place}农产品注册商标并入驻电商平台，销售价格明显提高",
          "农产品品牌设计已完成，电商销售渠道正在对接",
          "将把{place}特色农产品纳入区域公用品牌培育计划",
          "农产品地理标志须经国家部门审批，申报周期较长，目前正在准备材料",
          "{place}特色农产品品牌注册并上线销售", (200, 1200)),
    # governance
    Topic("governance", "网格员", "充实{place}网格员队伍", ("mzj",),
          "{place}每名网格员平均服务约{n}户居民，网格员力量不足，服务群众不够及时。",
          ("充实网格员队伍", "加强网格员培训", "减轻网格员事务性负担"),
          "已为{place}补充网格员并开展轮训，网格员服务居民更加及时",
          "网格员招聘已发布公告，培训方案已制定",
          "将在明年预算中增加网格员经费，逐步充实{place}网格员队伍",
          "网格员经费由区财政统筹，今年预算已定，无法追加，将通过志愿者补充网格员力量",
          "{place}网格员补充到位并完成培训", (400, 900)),
    Topic("governance", "电动自行车", "加强{place}电动自行车充电安全管理", ("yjj", "gafj"),
          "{place}约{n}个小区缺少集中充电设施，电动自行车楼道充电、飞线充电现象普遍，存在火灾隐患。",
          ("建设电动自行车集中充电设施", "开展楼道充电专项整治", "加强消防安全宣传"),
          "已在{place}小区建成电动自行车集中充电设施，楼道充电现象基本杜绝",
          "电动自行车集中充电设施已完成选址，正在安装",
          "将把{place}电动自行车充电设施建设纳入明年民生实事",
          "部分小区没有可用场地建设电动自行车充电设施，将通过智能充电柜试点解决",
          "{place}小区电动自行车集中充电设施建成投用", (5, 30)),
    Topic("governance", "矛盾纠纷", "完善{place}矛盾纠纷多元化解机制", ("mzj",),
          "{place}今年受理邻里、物业等矛盾纠纷{n}余件，部分纠纷久拖不决，基层调解力量不足。",
          ("发挥人民调解组织作用", "建立矛盾纠纷排查化解台账", "引入律师参与调解"),
          "已在{place}设立矛盾纠纷调解室并引入律师值班，积案已全部化解",
          "矛盾纠纷排查化解台账已建立，调解室正在筹建",
          "将把{place}矛盾纠纷多元化解纳入基层治理重点任务",
          "部分矛盾纠纷已进入诉讼程序，行政调解依法不再介入，已告知当事人依法维权",
          "{place}矛盾纠纷调解室建成运行", (30, 90)),
    # culture
    Topic("culture", "文化活动中心", "建设{place}综合文化活动中心", ("swj",),
          "{place}常住人口约{n}万人，没有综合文化活动中心，群众文化活动只能在广场和楼道开展。",
          ("规划建设综合文化活动中心", "利用闲置用房改建活动场所", "组织文艺团体送文化进社区"),
          "已利用闲置用房为{place}建成综合文化活动中心并对群众开放",
          "综合文化活动中心已完成设计，正在施工",
          "已将{place}综合文化活动中心纳入公共文化设施规划",
          "相关地块规划为教育用地，不能建设文化活动中心，将利用现有场地开展活动",
          "{place}综合文化活动中心建成开放", (2, 8)),
    Topic("culture", "历史文化街区", "保护利用{place}历史文化街区", ("gzj", "swj"),
          "{place}历史文化街区内有{n}处历史建筑年久失修，保护措施不到位，街区价值没有充分发挥。",
          ("制定历史文化街区保护修缮计划", "在保护前提下发展文化旅游", "设立标识和讲解牌"),
          "已完成{place}历史文化街区重点历史建筑修缮，并设置标识讲解牌",
          "历史文化街区保护规划已编制完成，修缮工程正在招标",
          "将按照历史文化街区保护规划分期修缮{place}历史建筑",
          "街区内部分建筑为私人产权，修缮须征得产权人同意，目前协商未果，历史文化街区整体修缮暂缓",
          "完成{place}历史文化街区首批历史建筑修缮", (5, 30)),
    # other
    Topic("other", "政务服务", "提高{place}政务服务便利度", ("fgw", "scjg"),
          "{place}群众办理社保、户籍等{n}类事项仍需到区里跑多次，基层政务服务便利度不高。",
          ("推行“最多跑一次”改革", "把高频事项下沉到街镇便民服务中心", "公开办事指南和办理时限"),
          "已将高频政务服务事项下沉到{place}便民服务中心，群众就近即可办理",
          "首批下沉的政务服务事项已确定，窗口人员正在培训",
          "将逐步把更多政务服务事项下沉到{place}",
          "部分政务服务事项须在区级窗口核验原件，按规定暂不能下沉，已开通预约服务",
          "{place}便民服务中心开通下沉政务服务事项", (8, 30)),
    Topic("other", "涉企检查", "规范{place}涉企检查", ("scjg",),
          "{place}企业反映，一年内接受各类涉企检查多达{n}次，检查多头重复，企业负担较重。",
          ("统筹开展联合检查", "推行“进一次门、查多项事”", "公开年度涉企检查计划"),
          "已对{place}涉企检查实行联合检查，年度检查次数减少一半以上",
          "涉企检查统筹方案已制定，联合检查正在试行",
          "将在全区推行涉企检查计划公开制度",
          "部分涉企检查是安全生产法定检查，不能合并或减少，已要求检查部门提前告知",
          "{place}涉企检查全面实行联合检查", (10, 30)),
]
CATEGORY_WEIGHTS = {"economy": 9, "urban": 16, "transport": 16, "education": 13, "health": 9, "social": 10,
                    "environment": 9, "rural": 6, "governance": 8, "culture": 3, "other": 1}
TOPICS_BY_CATEGORY: dict[str, list[Topic]] = {}
for _topic in TOPICS:
    TOPICS_BY_CATEGORY.setdefault(_topic.category, []).append(_topic)
REPLY_TEXTS = {
    "A": "经认真研究并与代表沟通，{done}。感谢代表对我们工作的关心和支持。",
    "B": "代表所提问题正在解决之中：{underway}。我单位承诺{promise}，届时向代表书面报告。",
    "C": "代表所提建议很有价值。受资金和规划条件限制，目前无法一次解决，{planned}，逐步加以解决。",
    "D": "经调查研究，{cannot}。我单位已向代表当面说明情况，今后条件具备时统筹考虑。",
}


HEARD = ["群众多次向代表反映。", "代表在走访选民时多次听到群众反映。",
         "代表在联络站接待选民时，群众集中反映了这一问题。", "代表在调研中发现，这一问题群众意见较大。",
         "不少居民通过“代表之家”向代表反映了这一情况。"]
CLOSINGS = ["", "以上建议，请予研究办理。", "望有关部门高度重视，尽快研究解决。", "恳请有关部门在年度工作中统筹考虑。"]


def compose(rng, topic: Topic, place: str) -> tuple[str, str]:
    """The title and content of a suggestion about `topic` at `place` (paragraphs separated by a blank line)."""
    first, second, third = rng.sample(topic.asks, 3)
    problem = topic.problem.format(place=place, n=rng.randint(*topic.n))
    paragraphs = [problem + rng.choice(HEARD), f"为此建议：一是{first}；二是{second}；三是{third}。",
                  rng.choice(CLOSINGS)]
    return f"关于{topic.title.format(place=place)}的建议", "\n\n".join(p for p in paragraphs if p)


def reply_text(topic: Topic, category: str, place: str) -> tuple[str, str]:
    """The body of a reply of `category` (A–D) about `topic`, and the commitment it makes (B, C) or ""."""
    parts = {name: getattr(topic, name).format(place=place)
             for name in ("done", "underway", "planned", "cannot", "promise")}
    return REPLY_TEXTS[category].format(**parts), (parts["promise"] + "。" if category in "BC" else "")


# --------------------------------------------------------------------------- the clock


class Clock:
    """Moves "now" to the story's day while the demo loads (time-machine), so that the timestamps
    services write — `timezone.now()` and every `default=timezone.now` — agree with the dates
    handed to them, and the timelines read like real ones."""

    def __init__(self, rng, today: date):
        self.rng = rng
        # never past the load day: on the real today a step happens at the latest at load time
        self.load_moment = timezone.make_aware(datetime.combine(today, time(23, 59)))
        if today == timezone.localdate():
            self.load_moment = min(timezone.now(), self.load_moment)
        self._travel = None

    def at(self, day: date, hour: int) -> None:
        minute = self.rng.randint(0, 59)
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
    def __init__(self, rng, district: dict, anchor: date, size: Size):
        self.rng, self.anchor, self.size = rng, anchor, size
        self.term = district["term"]
        self.staff, self.leader = district["user_staff"], district["user_leader"]
        self.units = {unit.code: unit for unit in district["units"]}
        self.categories = {category.code: category for category in Category.objects.all()}
        self.committees = list(Committee.objects.order_by("code"))
        self.calendar = WorkCalendar.for_range(self.term.starts_on - timedelta(days=60), anchor + timedelta(days=500))
        self.clock = Clock(rng, anchor)
        self.units_for: dict[int, list[str]] = {}  # the units each suggestion's subject calls for
        self.topic_for: dict[int, tuple[Topic, str]] = {}  # what each suggestion is about, and where
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

    def text(self, category_code: str, topic: Topic | None = None) -> tuple[Topic, str, str, str, list[str]]:
        """A topic of the category, a place, and the title, content and units that follow from them."""
        topic = topic or self.rng.choice(TOPICS_BY_CATEGORY[category_code])
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
        title, content = compose(self.rng, topic, place)
        units = [*topic.units, f"sd{index + 1}"] if place != "全区" else list(topic.units)
        return topic, place, title, content, units

    # ----------------------------------------------------------------- drafting and review

    def draft(self, written: date, *, respond_by: date | None = None, lead: Deputy | None = None,
              category: str | None = None, topic: Topic | None = None, cosign: bool = True,
              answer_invitations: bool = True):
        """A deputy writes a suggestion on `written` and invites co-signers, who answer by `respond_by`."""
        lead = lead or self.pick_lead()
        code = (topic.category if topic else category
                or self.rng.choices(list(CATEGORY_WEIGHTS), weights=list(CATEGORY_WEIGHTS.values()))[0])
        topic, place, title, content, units = self.text(code, topic)
        written = max(written, self.term.starts_on)
        self.clock.at(written, 20)
        suggestion = services.create_draft(actor=lead.user, title=title, content=content,
                                           category=self.categories[code])
        self.units_for[suggestion.pk] = units
        self.topic_for[suggestion.pk] = (topic, place)
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
        topic, place = self.topic_for[suggestion.pk]
        body, promise = reply_text(topic, category, place)
        commitments = [(promise, day + self.days(60, 330))] if promise else []
        self.clock.at(day, 16)
        return services.reply_to_assignment(
            part, actor=handler, category=category, body=body,
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
        handling = set(Assignment.objects.filter(suggestion_id=part.suggestion_id).values_list("unit_id", flat=True))
        others = [u for u in self.units.values() if u.pk not in handling and not u.code.startswith("sd")
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
    anchor = district["today"]
    story = Story(rng, district, anchor, SIZES[district.get("scale", "full")])
    first_delivery = Delivery.objects.order_by("-pk").values_list("pk", flat=True).first() or 0
    first_notification = Notification.objects.order_by("-pk").values_list("pk", flat=True).first() or 0
    _analyze()
    with story.clock.running():
        _sessions(story)
        _analyze()
        _current_session(story)
        _between_sessions(story)
        _recent(story)
        _waiting(story)
        _old_notifications_read(story, first_notification)
        _analyze()
        # The demo's history was delivered at the time: without this, the first `make run` would send
        # the whole history's emails and SMS again.
        Delivery.objects.filter(pk__gt=first_delivery, state=Delivery.State.PENDING).update(
            state=Delivery.State.SENT, sent_at=F("created_at"), attempts=1)
        # the load day's morning sweep and figures, stamped on the load day even when --today is not today
        story.clock.at(anchor, settings.SUGGESTIONS_REMINDER_HOUR)
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
        subject = rng.choice(TOPICS_BY_CATEGORY["transport"])  # three deputies write about it (MERGED)
        for i in range(story.size.session_items):
            if rng.random() < 0.4:  # handed in during the weeks before the session opens
                submitted_on = session.starts_on - timedelta(days=rng.randint(0, 12))
            else:
                length = (session.ends_on - session.starts_on).days
                submitted_on = session.starts_on + timedelta(days=rng.randint(0, length))
            suggestion = story.raised(submitted_on, lead=story.me if i == 0 else None,
                                      topic=subject if i in MERGED else None)
            if i in MERGED:  # the same subject from several deputies: handled together, each answered
                story.review(suggestion, reviewed)
                merged.append(suggestion)
                continue
            draw = rng.random()
            if draw < 0.08 or (i == 0 and session.number == 2):
                story.review(suggestion, reviewed, "reject")
            elif draw < 0.14 or (i == 1 and session.number == 1):
                story.review(suggestion, reviewed, "reference")
            else:
                story.review(suggestion, reviewed)
                assigned_on = story.workday(reviewed + story.days(5, 15))
                story.assign(suggestion, assigned_on)
                story.handle(suggestion, assigned_on, story.fate())
        _merge(story, merged, reviewed, Fate())


def _current_session(story: Story) -> None:
    """Suggestions of the session a few months back. Assigned about three months ago, they fall due
    around the load day (rule 1): some answered and rated, some answered just now and awaiting the
    rating, some overdue by days, some due within the week, a few already answered late."""
    rng, anchor = story.rng, story.anchor
    session = (Meeting.objects.filter(term=story.term, kind=Meeting.Kind.CONGRESS_SESSION,
                                      starts_on__gt=anchor - timedelta(days=160), starts_on__lte=anchor)
               .order_by("starts_on").first())
    if session is None:
        return
    reviewed = story.workday(session.ends_on + story.days(3, 6))
    length = (session.ends_on - session.starts_on).days
    for i in range(story.size.current_session):
        if rng.random() < 0.4:
            submitted_on = session.starts_on - timedelta(days=rng.randint(0, 12))
        else:
            submitted_on = session.starts_on + timedelta(days=rng.randint(0, length))
        suggestion = story.raised(submitted_on)
        story.review(suggestion, reviewed)
        assigned_on = story.workday(reviewed + story.days(2, 14))
        kind = i % 6
        if kind in (0, 1):
            # not answered yet: assigned so that the answer (rule 1) fell due in the last days (kind 0)
            # or falls due within the week (kind 1), whatever the load day
            due = anchor + timedelta(days=-rng.randint(4, 12) if kind == 0 else rng.randint(0, 3))
            assigned_on = story.workday(max(reviewed + timedelta(days=1),
                                            add_months(due, -settings.SUGGESTIONS_REPLY_MONTHS)))
        story.assign(suggestion, assigned_on)
        if kind in (0, 1):
            fate = Fate(answer=False, key=i == 0)
        elif kind == 2:       # answered in the last days; the deputy has not rated yet
            fate = Fate(reply_on=anchor - timedelta(days=rng.randint(1, 8)), rate="never", close_unrated=False)
        elif kind == 3:       # answered a few days late
            fate = Fate(late=True)
        else:
            fate = story.fate()
        story.handle(suggestion, assigned_on, fate)


def _merge(story: Story, suggestions: list, day: date, fate: Fate) -> None:
    story.clock.at(day, 16)
    services.merge_suggestions(suggestions, actor=story.staff, note="内容相近，并案办理。")
    assigned_on = story.workday(day + timedelta(days=5))
    # Rule 8: assigning one member assigns the whole group, to the same lead unit.
    story.units_for[suggestions[0].pk] = story.units_for[suggestions[0].pk][:1]
    story.assign(suggestions[0], assigned_on)
    for suggestion in suggestions:
        suggestion.refresh_from_db()
        story.units_for[suggestion.pk] = story.units_for[suggestions[0].pk]
        story.handle(suggestion, assigned_on, fate)


def _between_sessions(story: Story) -> None:
    """Long-finished suggestions raised between sessions (rule 4: assigned within days)."""
    rng, anchor = story.rng, story.anchor
    start, end = story.term.starts_on + timedelta(days=40), anchor - timedelta(days=220)
    if end <= start:
        return
    for _ in range(story.size.old_between):
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

    for _ in range(story.size.recent):
        recent(rng.randint(3, 200))
    size = story.size
    extended = size.of(3)
    for i in range(size.of(10)):  # never answered, now overdue; some with an approved extension that ran out too
        recent(rng.randint(165, 190) if i < extended else rng.randint(100, 190),
               Fate(answer=False, extension="approved" if i < extended else None, key=i == extended + 1))
    for _ in range(size.of(3)):
        recent(rng.randint(55, 80), Fate(answer=False, extension="pending"))
    for _ in range(size.of(2)):
        recent(rng.randint(1, 4), Fate(returned="pending"))
    recent(rng.randint(1, 4), Fate(returned="pending"), category="education")  # for the demo `unit` account
    for _ in range(size.of(4)):  # unsatisfied, handled again, the second answer not yet in
        recent(rng.randint(75, 105), Fate(reply_on=anchor - timedelta(days=rng.randint(20, 32)), rate_after=4,
                                          satisfaction=Evaluation.Satisfaction.UNSATISFIED, second_answer=False))
    awaiting = size.of(4)
    for i in range(awaiting):  # answered, waiting for the deputy's rating; half of them past the rating window
        reply_on = anchor - timedelta(days=rng.randint(35, 50) if i < awaiting // 2 else rng.randint(3, 12))
        recent(rng.randint(60, 100), Fate(reply_on=reply_on, rate="never", close_unrated=False),
               lead=me if i == awaiting - 1 else None)
    recent(rng.randint(10, 40), Fate(answer=False), lead=me, category="education")
    for _ in range(size.of(3)):
        recent(rng.randint(15, 60), Fate(withdraw=True))
    submitted_on = story.workday(anchor - timedelta(days=45))
    subject = rng.choice(TOPICS_BY_CATEGORY["transport"])
    pair = [story.raised(submitted_on, topic=subject) for _ in range(2)]
    for suggestion in pair:
        story.review(suggestion, story.workday(submitted_on + timedelta(days=1)))
    _merge(story, pair, story.workday(submitted_on + timedelta(days=1)), Fate(answer=False))


def _waiting(story: Story) -> None:
    """Drafts, suggestions waiting for review or assignment, and withdrawals before handling."""
    rng, anchor, me = story.rng, story.anchor, story.me
    for i in range(story.size.waiting):
        story.raised(anchor - timedelta(days=rng.randint(0, 6)), lead=me if i == 0 else None)
    for _ in range(story.size.of(8)):
        day = story.workday(anchor - timedelta(days=rng.randint(4, 12)))
        story.review(story.raised(day), min(anchor, story.workday(day + timedelta(days=1))))
    for i in range(story.size.of(12)):
        story.draft(anchor - timedelta(days=rng.randint(0, 25)), lead=me if i == 0 else None, cosign=i != 0,
                    answer_invitations=i % 3 != 0)
    # the demo deputy is invited to co-sign a colleague's draft and has not answered yet
    colleague = story.deputies[3]
    invitation = story.draft(anchor - timedelta(days=1), lead=colleague, cosign=False)
    services.invite_cosigners(invitation, actor=colleague.user, deputies=[me])
    withdrawn = story.size.of(4)
    for i in range(withdrawn):
        written = anchor - timedelta(days=rng.randint(10, 60))
        suggestion = story.draft(written, cosign=False)
        if i == withdrawn - 1:
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


