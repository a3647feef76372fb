"""The baseline of oversight-findings-api-list: the findings list as a bare WSGI handler, no Django.

It answers GET /api/v1/oversight/findings/ with the same JSON as the API gives office staff, from
hand-written SQL (the paginator's COUNT and the page's SELECT with the API's joins, filters, order
and limit). Configured through BENCH_RAW_DSN (a libpq connection string).
"""

import functools
import json
import os
from urllib.parse import parse_qs, urlencode

import psycopg

PAGE_SIZE, MAX_PAGE_SIZE = 50, 200
WHERE = "f.state = ANY(%(state)s) AND (%(unit)s::bigint IS NULL OR f.unit_id = %(unit)s)"
COUNT_SQL = f"SELECT count(*) FROM oversight_finding f WHERE {WHERE}"  # noqa: S608 (constants only)
PAGE_SQL = f"""
    SELECT f.id, o.topic_id, f.unit_id, u.name, f.problem, f.required_action, f.due_on, f.state, f.closed_on
      FROM oversight_finding f
      JOIN oversight_deliberationopinion o ON o.id = f.opinion_id
      JOIN congress_unit u ON u.id = f.unit_id
     WHERE {WHERE}
     ORDER BY f.due_on, f.id
     LIMIT %(limit)s OFFSET %(offset)s
"""  # noqa: S608 (constants only)
STATES = json.loads(os.environ.get("BENCH_RAW_STATES", "[]"))


@functools.cache
def connection() -> psycopg.Connection:
    return psycopg.connect(os.environ["BENCH_RAW_DSN"], autocommit=True)


def day(value):
    return value.isoformat() if value is not None else None


def page_link(environ: dict, query: dict, page: int | None) -> str | None:
    if page is None:
        return None
    params = sorted({**query, "page": [str(page)]}.items())
    return f"http://{environ['HTTP_HOST']}{environ['PATH_INFO']}?{urlencode(params, doseq=True)}"


def findings(environ: dict) -> dict:
    query = parse_qs(environ.get("QUERY_STRING", ""))
    page_size = min(int(query.get("page_size", [PAGE_SIZE])[0]), MAX_PAGE_SIZE)
    page = int(query.get("page", [1])[0])
    unit = query.get("unit", [None])[0]
    params = {"state": query.get("state") or STATES, "unit": int(unit) if unit else None,
              "limit": page_size, "offset": (page - 1) * page_size}
    with connection().cursor() as cursor:
        count = cursor.execute(COUNT_SQL, params).fetchone()[0]
        rows = cursor.execute(PAGE_SQL, params).fetchall()
    return {
        "count": count,
        "next": page_link(environ, query, page + 1 if page * page_size < count else None),
        "previous": page_link(environ, query, page - 1 if page > 1 else None),
        "results": [{"id": pk, "topic": topic, "unit": unit_id, "unit_name": unit_name, "problem": problem,
                     "required_action": action, "due_on": day(due_on), "state": state, "closed_on": day(closed_on)}
                    for pk, topic, unit_id, unit_name, problem, action, due_on, state, closed_on in rows],
    }


def application(environ, start_response):
    if environ["PATH_INFO"] != "/api/v1/oversight/findings/":
        start_response("404 Not Found", [("Content-Type", "text/plain"), ("Content-Length", "9")])
        return [b"not found"]
    body = json.dumps(findings(environ), ensure_ascii=False, separators=(",", ":")).encode()
    start_response("200 OK", [("Content-Type", "application/json"), ("Content-Length", str(len(body)))])
    return [body]
