"""congress.api.renderers.JSONRenderer writes the bytes DRF's own renderer writes, faster."""

import datetime
import decimal
import uuid
from zoneinfo import ZoneInfo

from django.utils.translation import gettext_lazy, override
from rest_framework import renderers

from congress.api.renderers import JSONRenderer

SHANGHAI = ZoneInfo("Asia/Shanghai")


def both(data, media_type="application/json"):
    return JSONRenderer().render(data, media_type, {}), renderers.JSONRenderer().render(data, media_type, {})


def test_the_answer_is_byte_for_byte_drfs():
    data = {
        "title": "关于改善老旧小区加装电梯的建议\u2028第二行\u2029", "number": "十七届二次第0001号",
        "status_display": gettext_lazy("Being handled"), "share": decimal.Decimal("12.50"), "count": 3,
        "ratio": 0.25, "flags": (True, False, None), "id": uuid.UUID(int=7), "deep": [[{"a": []}]],
        "submitted_at": datetime.datetime(2026, 3, 1, 2, 0, 0, 123456, tzinfo=datetime.UTC),
        "local": datetime.datetime(2026, 3, 1, 10, 0, tzinfo=SHANGHAI), "due_on": datetime.date(2026, 6, 1),
        "took": datetime.timedelta(days=2), 17: "an integer key",
    }
    with override("zh-hans"):
        ours, drfs = both(data)
    assert ours == drfs
    assert "办理中".encode() in ours and b"\\u2028" in ours and b"\xe2\x80\xa8" not in ours


def test_an_indented_answer_and_a_huge_integer_are_drfs_own():
    indented, drfs = both({"a": [1, 2]}, "application/json; indent=2")
    assert indented == drfs and b"\n  " in indented
    huge, drfs = both({"n": 2**70})
    assert huge == drfs == b'{"n":1180591620717411303424}'
