"""Messages stored as *what happened*, rendered in the reader's language when shown.

A service that tells someone something (a notification, a reminder) must not render the text in
the acting user's language: a staff member browsing in English would send English SMS to deputies.
It builds a `Text` instead: the English message id, marked for the catalogue with `gettext_noop`,
and its arguments as plain values. The row keeps `Text.to_json()`; a page renders it in the active
language, SMS and email render it in the office's language (settings.LANGUAGE_CODE).

    Text(gettext_noop("Suggestion %(number)s assigned to you"), number=suggestion.number)

Arguments may be strings and numbers, dates (formatted when rendered, in the reader's format),
other `Text`s, and lazy translations such as a choice's label (rendered in the reader's language).
"""

from __future__ import annotations

from datetime import date, datetime
from typing import Any

from django.conf import settings
from django.utils import translation
from django.utils.formats import date_format
from django.utils.functional import Promise
from django.utils.translation import gettext


def _lazy_msgid(value: Promise) -> str | None:
    """The message id behind `gettext_lazy("…")` (a choice label), so it can be stored and
    rendered later in another language; None for any other lazy object."""
    args = getattr(value, "_args", None)
    if args and isinstance(args[0], str) and len(args) == 1:
        return args[0]
    return None


def _dump(value: Any) -> Any:
    if isinstance(value, Text):
        return {"text": value.to_json()}
    if isinstance(value, datetime):
        return {"datetime": value.isoformat()}
    if isinstance(value, date):
        return {"date": value.isoformat()}
    if isinstance(value, Promise):
        msgid = _lazy_msgid(value)
        return {"msgid": msgid} if msgid is not None else str(value)
    if value is None or isinstance(value, (str, int, float, bool)):
        return value
    return str(value)


def _load(value: Any) -> Any:
    if isinstance(value, dict):
        if "text" in value:
            return Text.from_json(value["text"])
        if "datetime" in value:
            return datetime.fromisoformat(value["datetime"])
        if "date" in value:
            return date.fromisoformat(value["date"])
        if "msgid" in value:
            return _Msgid(value["msgid"])
    return value


class _Msgid(str):
    """A stored label's message id, translated when rendered."""


def _show(value: Any) -> Any:
    if isinstance(value, Text):
        return value.render()
    if isinstance(value, _Msgid):
        return gettext(str(value))
    if isinstance(value, datetime):
        return date_format(value, "DATETIME_FORMAT")
    if isinstance(value, date):
        return date_format(value, "DATE_FORMAT")
    if isinstance(value, Promise):
        return str(value)
    return value


class Text:
    """A translatable message and its arguments; `str()` renders it in the active language."""

    __slots__ = ("msgid", "params")

    def __init__(self, msgid: str, **params: Any):
        self.msgid = msgid
        self.params = params

    def render(self, language: str | None = None) -> str:
        if language is not None:
            with translation.override(language):
                return self.render()
        template = gettext(self.msgid) if self.msgid else ""
        if not self.params:
            return template
        return template % {name: _show(value) for name, value in self.params.items()}

    def render_for_office(self) -> str:
        """In the office's language: SMS, email and the stored plain-text copy."""
        return self.render(settings.LANGUAGE_CODE)

    def __str__(self) -> str:
        return self.render()

    def __repr__(self) -> str:
        return f"Text({self.msgid!r}, **{self.params!r})"

    def __eq__(self, other) -> bool:
        return isinstance(other, Text) and (self.msgid, self.to_json()) == (other.msgid, other.to_json())

    def __hash__(self) -> int:
        return hash(self.msgid)

    def to_json(self) -> dict:
        return {"msgid": self.msgid, "params": {name: _dump(value) for name, value in self.params.items()}}

    @classmethod
    def from_json(cls, data: dict | None) -> Text | None:
        if not data or "msgid" not in data:
            return None
        return cls(data["msgid"], **{name: _load(value) for name, value in (data.get("params") or {}).items()})

    @classmethod
    def plain(cls, value: str) -> Text:
        """Text that is not translated (a deputy's own words, a title typed by a person)."""
        return cls("%(text)s", text=value)


def as_text(value: str | Text | None) -> Text | None:
    if value is None or value == "":
        return None
    return value if isinstance(value, Text) else Text.plain(str(value))


def join(*parts: str | Text | None, separator: str = "\n") -> Text:
    """Several texts as one (a suggestion's title above a sentence), each rendered on its own."""
    texts = [as_text(part) for part in parts]
    texts = [t for t in texts if t is not None]
    names = [f"p{index}" for index in range(len(texts))]
    return Text(separator.join(f"%({name})s" for name in names), **dict(zip(names, texts, strict=True)))
