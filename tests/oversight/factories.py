"""Oversight test data: a published plan with a topic aimed at two units, members, and helpers that
walk a topic through its loop with the real services."""

from datetime import date
from io import BytesIO

from django.contrib.auth.models import Group
from django.core.files.uploadedfile import SimpleUploadedFile
from openpyxl import Workbook

from congress import roles
from oversight import budget, services
from oversight.models import Finding, HandlingReport, OversightPlan, Topic
from tests.congress.factories import CommitteeFactory, UnitFactory, UserFactory

PDF = b"%PDF-1.4\n%test evidence\n"


def user_in(role, username, **fields):
    user = UserFactory(username=username, **fields)
    user.groups.add(Group.objects.get(name=role))
    return user


def members(n, prefix="member"):
    return [user_in(roles.COMMITTEE_MEMBER, f"{prefix}{i}") for i in range(n)]


def pdf(name="evidence.pdf"):
    return SimpleUploadedFile(name, PDF, content_type="application/pdf")


def plan_with_topic(office, *, units=None, kind=Topic.Kind.WORK_REPORT, year=2026):
    units = units or [UnitFactory(name="区教育委员会", code="jw"), UnitFactory(name="区交通委员会", code="jt")]
    plan = OversightPlan.objects.create(year=year, title=f"{year}年度监督工作计划",
                                        call_opens_on=date(year - 1, 9, 1), call_closes_on=date(year - 1, 10, 31))
    topic = services.add_topic(plan, actor=office, kind=kind, title="义务教育优质均衡发展情况",
                               lead_committee=CommitteeFactory(), target_units=units,
                               steps=[("调研", date(year, 4, 1)), ("听取报告", date(year, 6, 20))])
    services.adopt_plan(plan, actor=office, approval_document="主任会议纪要〔2026〕3号")
    services.publish_plan(plan, actor=office)
    return plan, topic, units


def opinion_sent(office, topic, units, issued_on=date(2026, 6, 25)):
    services.record_hearing(topic, actor=office, report_summary="区政府关于义务教育的报告")
    return services.issue_opinion(topic, actor=office, text="审议意见", issued_on=issued_on, findings=[
        (unit, f"{unit.name}的问题", "整改") for unit in units])


def handler(unit, username=None):
    return user_in(roles.UNIT_HANDLER, username or f"h-{unit.code}", unit=unit)


def report_all(topic, handlers):
    for finding in Finding.objects.filter(opinion__topic=topic, opinion__round=Topic.objects.get(pk=topic.pk).round):
        services.report_on_finding(finding, actor=handlers[finding.unit_id], outcome=HandlingReport.Outcome.DONE,
                                   content="已整改", file=pdf())


def workbook(rows, header=None) -> SimpleUploadedFile:
    book = Workbook()
    sheet = book.active
    sheet.append(header or budget.COLUMNS)
    for row in rows:
        sheet.append(row)
    buffer = BytesIO()
    book.save(buffer)
    return SimpleUploadedFile("budget.xlsx", buffer.getvalue())
