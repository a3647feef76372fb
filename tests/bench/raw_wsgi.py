"""The baseline of deputies-api-list: the deputies list as a bare WSGI handler, no Django.

It answers GET /api/v1/deputies/ with the same JSON as the API (for a user who may see phones)
from hand-written SQL: the page's SELECT with the API's joins, filter, order and limit, and the
COUNT its paginator needs. Whatever the API costs beyond this is the framework's share:
authentication, the filter set, pagination and rendering.
Started by the scenario as `gunicorn tests.bench.raw_wsgi:application`, configured through
BENCH_RAW_DSN (a libpq connection string) and BENCH_RAW_LABELS (the status and level labels).
"""

import functools
import json
import os
from urllib.parse import parse_qs, urlencode

import psycopg

PAGE_SIZE, MAX_PAGE_SIZE = 50, 200
LIST_SQL = """
    SELECT d.id, d.name, d.gender, d.ethnicity, d.birth_date, d.party, d.occupation, d.work_unit,
           d.constituency, g.name, d.level, s.name, t.number, d.status, d.serving_since, d.left_on,
           d.phone
      FROM deputies_deputy d
      JOIN congress_term t ON t.id = d.term_id
      LEFT JOIN congress_station s ON s.id = d.station_id
      LEFT JOIN deputies_delegation g ON g.id = d.delegation_id
     WHERE d.status = ANY(%s)
     ORDER BY d.name, d.id
     LIMIT %s OFFSET %s
"""
COUNT_SQL = "SELECT count(*) FROM deputies_deputy WHERE status = ANY(%s)"
LABELS = json.loads(os.environ.get("BENCH_RAW_LABELS", '{"status": {}, "level": {}}'))


@functools.cache
def connection() -> psycopg.Connection:
    """One connection per worker, opened on its first request, i.e. after gunicorn has forked."""
    return psycopg.connect(os.environ["BENCH_RAW_DSN"], autocommit=True)


def entry(row: tuple) -> dict:
    """One deputy in the API's field order; dates become ISO strings in json.dumps."""
    (pk, name, gender, ethnicity, birth_date, party, occupation, work_unit, constituency, delegation,
     level, station, term, status, serving_since, left_on, phone) = row
    return {
        "id": pk, "name": name, "gender": gender, "ethnicity": ethnicity, "birth_date": birth_date,
        "party": party, "occupation": occupation, "work_unit": work_unit, "constituency": constituency,
        "delegation": delegation, "level": level, "level_display": LABELS["level"].get(level, level),
        "station": station, "term": term, "status": status,
        "status_display": LABELS["status"].get(status, status), "serving_since": serving_since,
        "left_on": left_on, "phone": phone,
    }


def page_link(environ: dict, query: dict, page: int | None) -> str | None:
    if page is None:
        return None
    params = {**query, "page": [str(page)]}
    return f"http://{environ['HTTP_HOST']}{environ['PATH_INFO']}?{urlencode(params, doseq=True)}"


def deputies(environ: dict) -> dict:
    query = parse_qs(environ.get("QUERY_STRING", ""))
    page_size = min(int(query.get("page_size", [PAGE_SIZE])[0]), MAX_PAGE_SIZE)
    page = int(query.get("page", [1])[0])
    statuses = query.get("status") or list(LABELS["status"])
    with connection().cursor() as cursor:
        count = cursor.execute(COUNT_SQL, [statuses]).fetchone()[0]
        cursor.execute(LIST_SQL, [statuses, page_size, (page - 1) * page_size])
        results = [entry(row) for row in cursor]
    return {
        "count": count,
        "next": page_link(environ, query, page + 1 if page * page_size < count else None),
        "previous": page_link(environ, query, page - 1 if page > 1 else None),
        "results": results,
    }


def application(environ, start_response):
    if environ["PATH_INFO"] != "/api/v1/deputies/":
        start_response("404 Not Found", [("Content-Type", "text/plain"), ("Content-Length", "9")])
        return [b"not found"]
    # Compact and not ASCII-escaped, as DRF's JSONRenderer writes it: the same bytes on the wire.
    body = json.dumps(deputies(environ), ensure_ascii=False, separators=(",", ":"), default=str).encode()
    start_response("200 OK", [("Content-Type", "application/json"), ("Content-Length", str(len(body)))])
    return [body]
