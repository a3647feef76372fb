"""The budget import: a clean file is saved and flagged; a file with any error saves nothing and
lists every row's error; the export has the same columns; tier 3 twice running → special review."""

from decimal import Decimal

import pytest
from openpyxl import load_workbook

from oversight import budget
from oversight.models import BudgetExecution, SpecialReview
from tests.congress.factories import UnitFactory
from tests.oversight.factories import user_in, workbook

pytestmark = pytest.mark.django_db


@pytest.fixture
def units(db):
    return UnitFactory(name="区教育委员会", code="jw"), UnitFactory(name="区交通委员会", code="jt")


def test_a_clean_file_is_imported_with_tiers(units, office):
    upload = workbook([["区教育委员会", "P1", "校舍改造", 1000000, 50, 45],
                       ["jt", "P2", "道路", "2000000.50", "60%", 25.5]])
    preview, saved = budget.import_quarter(upload, actor=office, year=2026, quarter=1)
    assert preview.is_clean and saved == 2
    rows = {r.project_code: r for r in BudgetExecution.objects.all()}
    assert rows["P1"].tier == 0 and rows["P2"].tier == 3 and rows["P2"].gap == Decimal("34.50")
    assert rows["P2"].budget_amount == Decimal("2000000.50")


def test_a_file_with_errors_saves_nothing_and_lists_every_row(units, office):
    upload = workbook([
        ["区教育委员会", "P1", "校舍改造", 100, 50, 45],
        ["不存在的单位", "P2", "道路", 100, 50, 45],
        ["jw", "P3", "设备", "一百", "五十", 10],
        ["jw", "P1", "重复", 100, 50, 45],
        ["jw", "P4", "越界", 100, 150, -1],
    ])
    preview, saved = budget.import_quarter(upload, actor=office, year=2026, quarter=1)
    assert saved == 0 and not BudgetExecution.objects.exists()
    by_row = dict(preview.errors)
    assert set(by_row) == {3, 4, 5, 6}
    assert "未知单位" in by_row[3] and "第 2 行" in by_row[5]  # every message in the office's language
    assert "预算金额" in by_row[4] and "计划进度" in by_row[4]


def test_wrong_columns_and_not_excel_are_refused(units, office):
    preview, saved = budget.import_quarter(workbook([["a"]], header=["单位", "金额"]), actor=office, year=2026,
                                           quarter=1)
    assert saved == 0 and preview.errors[0][0] == 1
    from django.core.files.uploadedfile import SimpleUploadedFile

    preview, saved = budget.import_quarter(SimpleUploadedFile("x.xlsx", b"not a zip"), actor=office, year=2026,
                                           quarter=1)
    assert saved == 0 and preview.errors


def test_size_and_row_caps(units, office, settings):
    settings.OVERSIGHT_IMPORT_MAX_ROWS = 2
    preview, saved = budget.import_quarter(workbook([["jw", f"P{i}", "x", 1, 1, 1] for i in range(3)]),
                                           actor=office, year=2026, quarter=1)
    assert saved == 0 and any("超过 2 行" in message for _row, message in preview.errors)
    settings.OVERSIGHT_IMPORT_MAX_BYTES = 10
    preview, saved = budget.import_quarter(workbook([["jw", "P1", "x", 1, 1, 1]]), actor=office, year=2026,
                                           quarter=1)
    assert saved == 0 and preview.errors[0][0] == 0


def test_tier_3_in_two_consecutive_quarters_lists_the_unit_for_special_review(units, office):
    jw, jt = units
    budget.import_quarter(workbook([["jw", "P1", "x", 1, 50, 10], ["jt", "P2", "y", 1, 50, 10]]), actor=office,
                          year=2025, quarter=4)
    budget.import_quarter(workbook([["jw", "P1", "x", 1, 80, 40], ["jt", "P2", "y", 1, 80, 70]]), actor=office,
                          year=2026, quarter=1)
    assert list(budget.two_quarter_units(2026, 1)) == [jw]
    review = SpecialReview.objects.get()
    assert (review.unit, review.year, review.quarter) == (jw, 2026, 1)
    review = budget.record_special_review(review, actor=office, outcome="压减10个项目", budget_cut=Decimal("1518000"),
                                          projects_cut=10)
    assert review.budget_cut == Decimal("1518000.00")


def test_the_export_imports_again(units, office, staff_client):
    budget.import_quarter(workbook([["jw", "P1", "@SUM(1)", 100, 50, 45]]), actor=office, year=2026, quarter=2)
    staff = user_in("staff", "staff2")
    staff_client.force_login(staff)
    response = staff_client.get("/staff/oversight/budget/?year=2026&quarter=2&export=xlsx")
    assert response.status_code == 200
    from io import BytesIO

    sheet = load_workbook(BytesIO(response.content)).active
    rows = list(sheet.iter_rows(values_only=True))
    assert list(rows[0]) == budget.COLUMNS
    assert rows[1][2] == "'@SUM(1)"  # inert
    from django.core.files.uploadedfile import SimpleUploadedFile

    preview, saved = budget.import_quarter(SimpleUploadedFile("again.xlsx", response.content), actor=office,
                                           year=2026, quarter=3)
    assert saved == 1, preview.errors


def test_the_import_page_shows_the_preview_and_refuses_with_400(units, staff_client):
    upload = workbook([["nowhere", "P1", "x", 1, 1, 1]])
    response = staff_client.post("/staff/oversight/budget/import/", {"year": 2026, "quarter": 1, "file": upload})
    assert response.status_code == 400 and "nowhere" in response.content.decode()
    assert not BudgetExecution.objects.exists()


def test_an_exported_inert_cell_imports_as_typed(units, office):
    preview, saved = budget.import_quarter(workbook([["jw", "P1", "'@SUM(1)", 1, 1, 1]]), actor=office, year=2026,
                                           quarter=1)
    assert saved == 1 and BudgetExecution.objects.get().project_name == "@SUM(1)"
