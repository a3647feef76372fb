"""One livelihood cycle in headless Chromium, as the people in it do it in their browsers (issue 9).

A resident proposes a project on the public page on a phone and gets a code to follow it; the office,
on a laptop, screens it into a candidate, approves and publishes the list and opens the ballot; a
deputy votes on a phone through the review step and sees the receipt; the office closes, verifies
and publishes; the resident finds that receipt on the public result; the responsible unit posts
progress on a phone. No page of the walk scrolls sideways at its width.

The world (the cycle collecting proposals with two shortlisted candidates, the people) is built
with services; the browser does only what a person does. Two more deputies vote through the service
while the ballot is open, as they would on their own phones. Assertions are on URLs, the page's
structure, what was typed and the database, never on translated text.
"""

import re
from datetime import date, timedelta
from decimal import Decimal

import pytest
from django.utils import timezone
from playwright.sync_api import expect

from congress import roles
from congress.ballots import services as ballots
from congress.ballots.models import Ballot, BallotPaper
from livelihood import services
from livelihood.models import Cycle, ProgressReport, Project, Proposal
from tests.browser.chromium import REQUIRES_CHROMIUM, sign_in
from tests.conftest import make_user
from tests.congress.factories import TermFactory, UnitFactory
from tests.deputies.factories import DeputyFactory

pytestmark = REQUIRES_CHROMIUM

PHONE = {"viewport": {"width": 375, "height": 812}, "is_mobile": True, "has_touch": True, "locale": "zh-CN"}
LAPTOP = {"viewport": {"width": 1366, "height": 768}, "locale": "zh-CN"}

TITLE = "老旧小区加装电梯"
DESCRIPTION = "幸福里小区六层无电梯，老人上下楼困难，建议统一加装电梯。"
PLACE = "幸福里小区"
CANDIDATE = "幸福里小区加装电梯工程"
DOCUMENT = "区政府〔2027〕3号"
PROGRESS = "已完成2部电梯井道施工，正在安装轿厢。"


@pytest.fixture
def town(transactional_db):
    """A cycle collecting proposals (2 projects to adopt) with two candidates already shortlisted,
    the unit that leads them with its handler, three serving deputies and the office."""
    today = timezone.localdate()
    term = TermFactory(number=18, starts_on=date(2022, 1, 6), ends_on=today + timedelta(days=400))
    unit = UnitFactory(name="区住房和城乡建设局", code="zj")
    staff = make_user(roles.STAFF, username="office-zhang", name="代表工委 张敏")
    voters = []
    for n, name in enumerate(("王建国", "李秀英", "赵志强")):
        deputy = DeputyFactory(term=term, name=name)
        deputy.user = make_user(roles.DEPUTY, username=f"deputy-{n}", name=name)
        deputy.save(update_fields=["user"])
        voters.append(deputy.user)
    cycle = services.create_cycle(actor=staff, year=today.year + 1, title=f"{today.year + 1}年民生实事项目", seats=2)
    for name in ("城南农贸市场改造", "社区养老服务站"):
        services.add_candidate(cycle, actor=staff, name=name, budget=Decimal("300"), lead_unit=unit,
                               completion_on=today + timedelta(days=300), subprojects=["一期"])
    return {"cycle": cycle, "unit": unit, "voters": voters,
            "handler": make_user(roles.UNIT_HANDLER, username="handler-zj", name="住建局 陈刚", unit=unit)}


def fits(page, width):
    """The page does not scroll sideways at its width."""
    scroll, client = page.evaluate("[document.documentElement.scrollWidth, document.documentElement.clientWidth]")
    assert client <= width and scroll <= client, f"{page.url} scrolls sideways at {width} px ({scroll} > {client})"


def succeeded(page):
    expect(page.locator(".messages .message-success")).to_be_visible()
    expect(page.locator(".messages .message-error")).to_have_count(0)


def confirm(page):
    """Answer the page's review <dialog> (static/js/app.js, data-confirm) with its confirm button."""
    dialog = page.locator("dialog#confirm-dialog[open]")
    expect(dialog).to_be_visible()
    dialog.locator("button[value=ok]").click()


def test_a_cycle_from_a_residents_proposal_to_the_units_progress(live_server, new_page, town):
    base, cycle = live_server.url, town["cycle"]

    # 1. A resident, on a phone: the public page, propose, keep the code.
    resident = new_page(**PHONE)
    resident.goto(f"{base}/p/livelihood/cycles/{cycle.pk}/")
    fits(resident, 375)
    resident.locator(f'main a[href="/p/livelihood/cycles/{cycle.pk}/propose/"]').tap()
    expect(resident).to_have_url(f"{base}/p/livelihood/cycles/{cycle.pk}/propose/")
    fits(resident, 375)
    resident.fill("main input[name=title]", TITLE)
    resident.fill("main textarea[name=description]", DESCRIPTION)
    resident.fill("main input[name=place]", PLACE)
    resident.select_option("main select[name=category]", "housing")
    resident.locator("main form button[type=submit]").tap()
    resident.wait_for_url(re.compile(r"/p/livelihood/follow/\?code=.+"))
    proposal = Proposal.objects.get(title=TITLE)
    assert resident.url == f"{base}/p/livelihood/follow/?code={proposal.code}"
    assert (proposal.description, proposal.place, proposal.source, proposal.status) == (
        DESCRIPTION, PLACE, "resident", "received")
    succeeded(resident)
    expect(resident.locator(".messages .message-success")).to_contain_text(proposal.code)
    expect(resident.locator("main section.card h2")).to_have_text(TITLE)
    fits(resident, 375)

    # 2. The office, on a laptop: from the menu to the proposal, then to the cycle's dashboard.
    office = new_page(**LAPTOP)
    sign_in(office, base, "office-zhang")
    expect(office).to_have_url(f"{base}/staff/")
    office.click('.sidebar a[href="/staff/livelihood/proposals/"]')
    expect(office).to_have_url(f"{base}/staff/livelihood/proposals/")
    fits(office, 1366)
    office.locator(f'table.data a[href="/staff/livelihood/proposals/{proposal.pk}/"]').click()
    expect(office.locator("main h1")).to_have_text(TITLE)
    fits(office, 1366)
    office.click('.sidebar a[href="/staff/livelihood/"]')
    office.locator(f'table.data a[href="/staff/livelihood/cycles/{cycle.pk}/"]').click()
    expect(office).to_have_url(f"{base}/staff/livelihood/cycles/{cycle.pk}/")
    fits(office, 1366)

    # Screen it into a candidate: name, budget, lead unit, completion date, sub-projects, from the proposal.
    add = office.locator(f'form[action="/staff/livelihood/cycles/{cycle.pk}/candidate/"]')
    add.locator("xpath=ancestor::details").locator("summary").click()
    add.locator("input[name=name]").fill(CANDIDATE)
    add.locator("input[name=budget]").fill("680")
    add.locator("select[name=lead_unit]").select_option(str(town["unit"].pk))
    add.locator("input[name=completion_on]").fill((timezone.localdate() + timedelta(days=330)).isoformat())
    add.locator("textarea[name=subprojects]").fill("1号楼\n2号楼")
    add.locator("select[name=proposals]").select_option(str(proposal.pk))
    add.locator("button[type=submit]").click()
    succeeded(office)
    candidate = Project.objects.get(cycle=cycle, name=CANDIDATE)
    assert (candidate.budget, candidate.lead_unit, candidate.subprojects.count()) == (Decimal("680"), town["unit"], 2)
    assert Proposal.objects.get(pk=proposal.pk).status == "candidate"
    expect(office.locator("table.data tbody tr")).to_have_count(3)

    approve = office.locator(f'form[action="/staff/livelihood/cycles/{cycle.pk}/approve/"]')
    approve.locator("input[name=document]").fill(DOCUMENT)
    approve.locator("button[type=submit]").click()
    confirm(office)  # approving cannot be undone: the page asks first
    succeeded(office)
    expect(approve).to_have_count(0)
    office.locator(f'form[action="/staff/livelihood/cycles/{cycle.pk}/publish/"] button[type=submit]').click()
    confirm(office)
    succeeded(office)
    cycle.refresh_from_db()
    assert cycle.candidate_document == DOCUMENT and cycle.candidates_published_at and cycle.stage == "ballot"

    office.locator(f'form[action="/staff/livelihood/cycles/{cycle.pk}/open_ballot/"] button[type=submit]').click()
    confirm(office)
    succeeded(office)
    cycle.refresh_from_db()
    ballot = Ballot.objects.get(pk=cycle.candidate_ballot_id)
    assert (ballot.status, ballot.electorate_size, ballot.max_yes) == ("open", 3, 2)
    expect(office.locator(f'form[action$="/ballots/{ballot.pk}/close/"]')).to_be_visible()
    fits(office, 1366)

    # 3. A deputy, on a phone: the vote from the portal home, marks, the review step, the receipt.
    deputy = new_page(**PHONE)
    sign_in(deputy, base, "deputy-0")
    expect(deputy).to_have_url(f"{base}/portal/")
    vote_link = deputy.locator(f'main a[href="/portal/livelihood/cycles/{cycle.pk}/ballots/{ballot.pk}/"]')
    expect(vote_link).to_be_visible()
    fits(deputy, 375)
    vote_link.first.tap()
    expect(deputy).to_have_url(f"{base}/portal/livelihood/cycles/{cycle.pk}/ballots/{ballot.pk}/")
    fits(deputy, 375)
    options = {o.label: o.key for o in ballot.options.all()}
    wanted = {CANDIDATE: "yes", "社区养老服务站": "yes", "城南农贸市场改造": "no"}
    for label, mark in wanted.items():
        deputy.locator(f'label.choice:has(input[name="mark_{options[label]}"][value="{mark}"])').tap()
    deputy.locator("main form button[type=submit]").tap()
    review = deputy.locator("ul.review li")
    expect(review).to_have_count(3)  # the review step: nothing is cast yet
    assert BallotPaper.objects.filter(ballot=ballot).count() == 0
    fits(deputy, 375)
    deputy.locator("main form button[type=submit]").tap()
    receipt = deputy.locator("p.receipt code")
    expect(receipt).to_be_visible()
    fits(deputy, 375)
    code = receipt.inner_text().strip()
    paper = BallotPaper.objects.get(ballot=ballot)
    assert paper.receipt == ballots.normalise_receipt(code)
    assert paper.marks == {options[label]: mark for label, mark in wanted.items()}
    for voter in town["voters"][1:]:  # the others vote on their own phones
        ballots.cast(ballot.pk, voter, {options[CANDIDATE]: "yes", options["社区养老服务站"]: "yes",
                                        options["城南农贸市场改造"]: "no"})

    # 4. The office: close, verify, publish; each asks first.
    office.reload()
    for action in ("close", "verify", "publish"):
        office.locator(f'form[action="/staff/livelihood/cycles/{cycle.pk}/ballots/{ballot.pk}/{action}/"] '
                       "button[type=submit]").click()
        confirm(office)
        succeeded(office)
    assert Ballot.objects.get(pk=ballot.pk).status == "published"
    assert Cycle.objects.get(pk=cycle.pk).stage == "implementation"
    candidate.refresh_from_db()
    assert candidate.status == "adopted" and candidate.yes_votes == 3
    expect(office.locator("section.card table.data").filter(has_text=CANDIDATE).first).to_be_visible()
    fits(office, 1366)

    # 5. The resident: the published result, and the deputy's receipt looked up on it.
    resident.goto(f"{base}/p/livelihood/cycles/{cycle.pk}/")
    expect(resident.locator("main")).to_contain_text(CANDIDATE)
    expect(resident.locator("main code").first).to_have_text(Ballot.objects.get(pk=ballot.pk).digest)
    fits(resident, 375)
    resident.locator(f'main a[href="/p/livelihood/cycles/{cycle.pk}/receipts/"]').tap()
    resident.fill("main input[name=receipt]", code)
    resident.locator("main form button[type=submit]").tap()
    expect(resident.locator("p.ballot-found")).to_be_visible()
    fits(resident, 375)
    resident.goto(f"{base}/p/livelihood/follow/?code={proposal.code}")
    expect(resident.locator("main section.card strong")).to_have_text(
        Proposal.objects.get(pk=proposal.pk).get_status_display())
    assert Proposal.objects.get(pk=proposal.pk).status == "adopted"

    # 6. The unit's handler, on a phone: the project from the portal home, post progress.
    handler = new_page(**PHONE)
    sign_in(handler, base, "handler-zj")
    expect(handler).to_have_url(f"{base}/portal/")
    project_link = handler.locator(f'main a[href="/portal/livelihood/projects/{candidate.pk}/"]')
    expect(project_link).to_be_visible()
    fits(handler, 375)
    project_link.tap()
    expect(handler).to_have_url(f"{base}/portal/livelihood/projects/{candidate.pk}/")
    fits(handler, 375)
    post = handler.locator(f'form[action="/portal/livelihood/projects/{candidate.pk}/progress/"]')
    post.locator("input[name=percent]").fill("40")
    post.locator("textarea[name=text]").fill(PROGRESS)
    post.locator("button[type=submit]").tap()
    succeeded(handler)
    expect(handler.locator("main article.card").first).to_contain_text(PROGRESS)
    report = ProgressReport.objects.get(project=candidate)
    assert (report.percent, report.text, report.reported_by) == (40, PROGRESS, town["handler"])
    fits(handler, 375)
