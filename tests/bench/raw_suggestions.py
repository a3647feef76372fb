"""The baseline of suggestions-api-list: the suggestions list as a bare WSGI handler, no Django.

It answers GET /api/v1/suggestions/ with the same JSON as the API gives office staff, from
hand-written SQL: the COUNT its paginator needs, the page's SELECT with the API's joins, filters,
order and limit, then the co-signers and the units' parts of the page's suggestions (as the API's
two prefetches do). Whatever the API costs beyond this is the framework's share: authentication,
the filter set, pagination and rendering.
Started by the scenario as `gunicorn tests.bench.raw_suggestions:application`, configured through
BENCH_RAW_DSN (a libpq connection string), BENCH_RAW_LABELS (the choice labels and the session
title in the office's language) and BENCH_RAW_TIME_ZONE.
"""

import functools
import json
import os
from urllib.parse import parse_qs, urlencode
from zoneinfo import ZoneInfo

import psycopg

PAGE_SIZE, MAX_PAGE_SIZE = 50, 200
COUNT_SQL = "SELECT count(*) FROM suggestions_suggestion s WHERE {where}"
PAGE_SQL = """
    SELECT s.id, s.number, s.title, s.content, c.id, c.name, d.name, m.id, m.kind, m.number, t.number,
           s.status, s.handling_mode, s.assigned_on, ks.id IS NOT NULL, s.submitted_at, s.closed_at
      FROM suggestions_suggestion s
      JOIN suggestions_category c ON c.id = s.category_id
      JOIN deputies_deputy d ON d.id = s.lead_deputy_id
      LEFT JOIN congress_meeting m ON m.id = s.meeting_id
      LEFT JOIN congress_term t ON t.id = m.term_id
      LEFT JOIN suggestions_keysupervision ks ON ks.suggestion_id = s.id
     WHERE {where}
     ORDER BY s.submitted_at DESC, s.id DESC
     LIMIT %(limit)s OFFSET %(offset)s
"""
COSIGNERS_SQL = """
    SELECT cs.suggestion_id, d.name, cs.status, cs.responded_at
      FROM suggestions_cosignature cs
      JOIN deputies_deputy d ON d.id = cs.deputy_id
     WHERE cs.suggestion_id = ANY(%s) AND cs.status <> 'withdrawn'
     ORDER BY cs.invited_at, cs.id
"""
PARTS_SQL = """
    SELECT a.suggestion_id, a.id, u.id, u.name, a.role, a.status, a.due_on, a.due_is_provisional, a.round,
           a.replied_at
      FROM suggestions_assignment a
      JOIN congress_unit u ON u.id = a.unit_id
     WHERE a.suggestion_id = ANY(%s)
     ORDER BY a.suggestion_id, CASE a.role WHEN 'lead' THEN 0 WHEN 'separate' THEN 1 ELSE 2 END, a.id
"""
LABELS = json.loads(os.environ.get("BENCH_RAW_LABELS", "{}"))
ZONE = ZoneInfo(os.environ.get("BENCH_RAW_TIME_ZONE", "UTC"))


@functools.cache
def connection() -> psycopg.Connection:
    """One connection per worker, opened on its first request, i.e. after gunicorn has forked."""
    return psycopg.connect(os.environ["BENCH_RAW_DSN"], autocommit=True)


def moment(value):
    """A timestamp as DRF writes it: ISO 8601 in the site's time zone."""
    if value is None:
        return None
    text = value.astimezone(ZONE).isoformat()
    return text[:-6] + "Z" if text.endswith("+00:00") else text


def day(value):
    return value.isoformat() if value is not None else None


def label(kind: str, value: str) -> str:
    return LABELS.get(kind, {}).get(value, value)


def entry(row, cosigners, parts) -> dict:
    (pk, number, title, content, category_id, category, deputy, meeting_id, meeting_kind, meeting_number,
     term_number, status, mode, assigned_on, is_key, submitted_at, closed_at) = row
    meeting = None
    if meeting_id is not None:
        meeting = {"id": meeting_id, "title": LABELS["meeting_title"][meeting_kind]
                   % {"number": meeting_number, "term": term_number}}
    return {
        "id": pk, "number": number, "title": title, "content": content,
        "category": {"id": category_id, "name": category}, "lead_deputy": deputy,
        "co_signers": [{"name": name, "status": state, "status_display": label("cosignature_status", state),
                        "responded_at": moment(responded)} for name, state, responded in cosigners],
        "meeting": meeting, "status": status, "status_display": label("status", status),
        "handling_mode": mode, "handling_mode_display": label("handling_mode", mode),
        "assigned_on": day(assigned_on),
        "assignments": [
            {"id": part_id, "unit": {"id": unit_id, "name": unit}, "role": role,
             "role_display": label("role", role), "status": state,
             "status_display": label("assignment_status", state), "due_on": day(due_on),
             "due_is_provisional": provisional, "round": rounds, "replied_at": moment(replied_at)}
            for part_id, unit_id, unit, role, state, due_on, provisional, rounds, replied_at in parts],
        "is_key": is_key, "submitted_at": moment(submitted_at), "closed_at": moment(closed_at),
    }


def page_link(environ: dict, query: dict, page: int | None) -> str | None:
    if page is None:
        return None
    params = sorted({**query, "page": [str(page)]}.items())  # DRF sorts the parameters of its links
    return f"http://{environ['HTTP_HOST']}{environ['PATH_INFO']}?{urlencode(params, doseq=True)}"


def where(query: dict) -> tuple[str, dict]:
    """The conditions as the API's filter set writes them, so both run the same plan: one value is
    `column = value`, several are one condition over all of them, none is no condition."""
    conditions, params = ["s.status <> 'draft'"], {}
    for column, key, cast in (("s.status", "status", str), ("s.category_id", "category_id", int)):
        values = [cast(value) for value in query.get(key, [])]
        if len(values) == 1:
            conditions.append(f"{column} = %({key})s")
            params[key] = values[0]
        elif values:
            conditions.append(f"{column} = ANY(%({key})s)")
            params[key] = values
    return " AND ".join(conditions), params


def suggestions(environ: dict) -> dict:
    query = parse_qs(environ.get("QUERY_STRING", ""))
    page_size = min(int(query.get("page_size", [PAGE_SIZE])[0]), MAX_PAGE_SIZE)
    page = int(query.get("page", [1])[0])
    conditions, params = where(query)
    params.update(limit=page_size, offset=(page - 1) * page_size)
    with connection().cursor() as cursor:
        count = cursor.execute(COUNT_SQL.format(where=conditions), params).fetchone()[0]
        rows = cursor.execute(PAGE_SQL.format(where=conditions), params).fetchall()
        ids = [row[0] for row in rows]
        cosigners, parts = {}, {}
        for suggestion_id, *rest in cursor.execute(COSIGNERS_SQL, [ids]):
            cosigners.setdefault(suggestion_id, []).append(rest)
        for suggestion_id, *rest in cursor.execute(PARTS_SQL, [ids]):
            parts.setdefault(suggestion_id, []).append(rest)
    return {
        "count": count,
        "next": page_link(environ, query, page + 1 if page * page_size < count else None),
        "previous": page_link(environ, query, page - 1 if page > 1 else None),
        "results": [entry(row, cosigners.get(row[0], []), parts.get(row[0], [])) for row in rows],
    }


def application(environ, start_response):
    if environ["PATH_INFO"] != "/api/v1/suggestions/":
        start_response("404 Not Found", [("Content-Type", "text/plain"), ("Content-Length", "9")])
        return [b"not found"]
    # Compact and not ASCII-escaped, as DRF's JSONRenderer writes it: the same bytes on the wire.
    body = json.dumps(suggestions(environ), ensure_ascii=False, separators=(",", ":")).encode()
    start_response("200 OK", [("Content-Type", "application/json"), ("Content-Length", str(len(body)))])
    return [body]
