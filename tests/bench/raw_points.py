"""The baseline of deputies-points-api-list: the points list as a bare WSGI handler, no Django.

It answers GET /api/v1/points/?year=… with the same JSON as the API (summary rows of one year in
rank order) from hand-written SQL, plus the COUNT its paginator needs. Started by the scenario as
`gunicorn tests.bench.raw_points:application` with BENCH_RAW_DSN.
"""

import functools
import json
import os
from urllib.parse import parse_qs, urlencode

import psycopg

PAGE_SIZE, MAX_PAGE_SIZE = 50, 200
LIST_SQL = """
    SELECT ps.deputy_id, d.name, ps.year, ps.total, ps.rank, ps.band, ps.by_category
      FROM deputies_pointssummary ps
      JOIN deputies_deputy d ON d.id = ps.deputy_id
     WHERE ps.year = %s
     ORDER BY ps.year, ps.rank, ps.deputy_id
     LIMIT %s OFFSET %s
"""
COUNT_SQL = "SELECT count(*) FROM deputies_pointssummary WHERE year = %s"


@functools.cache
def connection() -> psycopg.Connection:
    return psycopg.connect(os.environ["BENCH_RAW_DSN"], autocommit=True)


def page_link(environ: dict, query: dict, page: int | None) -> str | None:
    if page is None:
        return None
    params = {**query, "page": [str(page)]}
    return f"http://{environ['HTTP_HOST']}{environ['PATH_INFO']}?{urlencode(params, doseq=True)}"


def points(environ: dict) -> dict:
    query = parse_qs(environ.get("QUERY_STRING", ""))
    page_size = min(int(query.get("page_size", [PAGE_SIZE])[0]), MAX_PAGE_SIZE)
    page = int(query.get("page", [1])[0])
    year = int(query.get("year", ["2026"])[0])
    with connection().cursor() as cursor:
        count = cursor.execute(COUNT_SQL, [year]).fetchone()[0]
        cursor.execute(LIST_SQL, [year, page_size, (page - 1) * page_size])
        results = [{"deputy": pk, "deputy_name": name, "year": y, "total": str(total), "rank": rank, "band": band,
                    "by_category": by_category} for pk, name, y, total, rank, band, by_category in cursor]
    return {
        "count": count,
        "next": page_link(environ, query, page + 1 if page * page_size < count else None),
        "previous": page_link(environ, query, page - 1 if page > 1 else None),
        "results": results,
    }


def application(environ, start_response):
    if environ["PATH_INFO"] != "/api/v1/points/":
        start_response("404 Not Found", [("Content-Type", "text/plain"), ("Content-Length", "9")])
        return [b"not found"]
    body = json.dumps(points(environ), ensure_ascii=False, separators=(",", ":"), default=str).encode()
    start_response("200 OK", [("Content-Type", "application/json"), ("Content-Length", str(len(body)))])
    return [body]
