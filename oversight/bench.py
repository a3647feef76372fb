"""Bench scenarios of the oversight app (`make bench ARGS="oversight-findings-api-list"`).

oversight-findings-api-list: 50,000 findings; GET /api/v1/oversight/findings/?state=open&unit=…
(50 a page) with a staff read token against gunicorn, and the same page from a bare WSGI handler
with hand-written SQL (tests/bench/raw_findings.py); requests/s, p50, p95 and the ratio.
oversight-budget-import: a 10,000-row quarter file checked and saved (seconds), and one with an
error every 50 rows checked and refused (nothing saved).

Where the list's time went (cProfile, 100 requests in-process through the test client): the
serializer's page built 150 model instances (finding, unit, opinion) and ran DRF's per-field calls
over them; the COUNT of the row query kept its unit and opinion joins (the raw baseline counts the
findings alone); the unit filter looked its unit up, a query of its own and a seventh of the
request on a loaded machine. The list now reads plain rows (FindingViewSet.list_fields, counted
apart) and checks the unit id's shape only: three queries, as many as the raw handler's two plus the
token. What is left is the token's query, DRF and the middleware.
"""

import json
import time
from datetime import date, timedelta
from io import BytesIO

from django.contrib.auth.hashers import make_password
from django.contrib.auth.models import Group
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import connection, transaction
from openpyxl import Workbook
from psycopg.conninfo import make_conninfo

from congress import roles
from congress.bench import (
    compare_with_raw,
    result,
    scenario,
)
from congress.models import ApiToken, Committee, Unit, User
from congress.services import issue_api_token
from oversight import budget
from oversight.models import BudgetExecution, DeliberationOpinion, Finding, OversightPlan, Topic

API = "oversight-findings-api-list"
IMPORT = "oversight-budget-import"
FINDINGS = 50_000
UNITS = 20
ROWS = 10_000
TOKEN_NAME = f"bench {API}"


def account(username: str, role: str) -> User:
    user, _created = User.objects.get_or_create(username=username, defaults={
        "name": username, "email": f"{username}@example.org", "password": make_password(None)})
    user.groups.add(Group.objects.get(name=role))
    return user


def bench_units() -> list[Unit]:
    for i in range(UNITS):
        Unit.objects.get_or_create(code=f"bench-ov-{i}", defaults={"name": f"基准监督单位{i:02d}"})
    return list(Unit.objects.filter(code__startswith="bench-ov-").order_by("code"))


def seed() -> None:
    """One plan, 250 topics, one opinion each, 200 findings per opinion spread over the units."""
    office = account("bench-ov-staff", roles.STAFF)
    units = bench_units()
    committee, _ = Committee.objects.get_or_create(code="bench-ov", defaults={"name": "基准委员会"})
    with transaction.atomic():
        plan, _ = OversightPlan.objects.get_or_create(year=2099, defaults={"title": "基准监督计划"})
        topics = Topic.objects.bulk_create([Topic(plan=plan, kind=Topic.Kind.WORK_REPORT, title=f"基准议题{i}",
                                                  lead_committee=committee, stage=Topic.Stage.OPINION)
                                            for i in range(250)])
        opinions = DeliberationOpinion.objects.bulk_create([
            DeliberationOpinion(topic=t, text="审议意见", issued_on=date(2026, 1, 1), due_on=date(2026, 3, 1),
                                issued_by=office) for t in topics])
        states = [Finding.State.OPEN, Finding.State.OPEN, Finding.State.REPORTED, Finding.State.CLOSED]
        findings = []
        for o_index, opinion in enumerate(opinions):
            for i in range(FINDINGS // len(opinions)):
                n = o_index * 1000 + i
                findings.append(Finding(opinion=opinion, unit=units[n % UNITS], problem=f"问题{n}：整改不到位",
                                        required_action="限期整改", due_on=date(2026, 1, 1) + timedelta(days=n % 365),
                                        state=states[n % 4]))
        Finding.objects.bulk_create(findings, batch_size=5000)


def ensure_findings() -> None:
    if Finding.objects.filter(unit__code__startswith="bench-ov-").count() < FINDINGS:
        start = time.perf_counter()
        seed()
        print(f"[bench] seeded {FINDINGS:,} findings in {time.perf_counter() - start:.1f} s")
    with connection.cursor() as cursor:
        cursor.execute("ANALYZE oversight_finding, oversight_deliberationopinion, congress_unit")


def raw_environment() -> dict[str, str]:
    db = connection.settings_dict
    params = {"dbname": db["NAME"], "user": db["USER"], "password": db["PASSWORD"], "host": db["HOST"],
              "port": db["PORT"]}
    return {"BENCH_RAW_DSN": make_conninfo(**{k: str(v) for k, v in params.items() if v}),
            "BENCH_RAW_STATES": json.dumps(list(Finding.State.values))}


@scenario(API, app="oversight")
def oversight_findings_api_list() -> list[dict]:
    """GET /api/v1/oversight/findings/ (open, one unit, 50 a page of 50,000) vs a bare WSGI handler."""
    ensure_findings()
    user = account("bench-ov-staff", roles.STAFF)
    ApiToken.objects.filter(name=TOKEN_NAME).delete()
    _token, key = issue_api_token(actor=None, name=TOKEN_NAME, user=user, scopes=["read"])
    unit = Unit.objects.get(code="bench-ov-3")
    path = f"/api/v1/oversight/findings/?state=open&unit={unit.pk}&page_size=50"
    return compare_with_raw(API, path, baseline="raw_findings", raw_env=raw_environment(),
                            headers={"Authorization": f"Bearer {key}"})


def quarter_file(units: list[Unit], *, error_every: int = 0) -> SimpleUploadedFile:
    book = Workbook(write_only=True)
    sheet = book.create_sheet()
    sheet.append(budget.COLUMNS)
    for i in range(ROWS):
        planned = 25 + i % 50
        actual = "未报" if error_every and i % error_every == 0 else max(0, planned - i % 40)
        sheet.append([units[i % len(units)].name, f"BP{i:05d}", f"项目{i}", 100000 + i, planned, actual])
    buffer = BytesIO()
    book.save(buffer)
    return SimpleUploadedFile("quarter.xlsx", buffer.getvalue())


@scenario(IMPORT, app="oversight")
def oversight_budget_import() -> list[dict]:
    """The budget import of a 10,000-row file: clean (checked and saved) and with errors (refused)."""
    units = bench_units()
    office = account("bench-ov-staff", roles.STAFF)
    rows = []
    for label, errors in (("clean file", 0), ("file with errors", 50)):
        upload = quarter_file(units, error_every=errors)
        start = time.perf_counter()
        preview, saved = budget.import_quarter(upload, actor=office, year=2098, quarter=1)
        seconds = time.perf_counter() - start
        if errors and (saved or len(preview.errors) != ROWS // errors):
            raise AssertionError(f"expected {ROWS // errors} errors, got {len(preview.errors)}; saved {saved}")
        if not errors and saved != ROWS:
            raise AssertionError(f"saved {saved} of {ROWS}: {preview.errors[:3]}")
        rows.append(result(IMPORT, f"{label} ({ROWS:,} rows)", round(seconds, 2), "s"))
    BudgetExecution.objects.filter(year=2098).delete()
    rows.append(result(IMPORT, "errors listed (file with errors)", ROWS // 50, "rows"))
    return rows
