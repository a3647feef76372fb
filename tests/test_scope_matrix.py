"""The scope matrix: every route of the URLconf and every operation of the OpenAPI document, for
every kind of actor, against objects that actor must not see (issue 6, item 3).

Two of each actor are built (deputies A and B, units X and Y, office staff, a leader, a station
keeper, anonymous, and API tokens: "read", "unit-reply" for X, "stats"). Every object carries a
marker unique to its side in its text. For each actor:

- a route with URL kwargs is filled with the ids of objects the actor must not see; GET and POST
  must answer 401/403/404/405 (or send the anonymous to the login page), without the object's
  marker in the body, and nothing may change;
- a route without kwargs (lists, exports, counts, homes) must answer without a foreign marker,
  also as `?export=csv`.

Routes are found by walking `get_resolver()`, so a new app's pages are covered the day they land.
A route whose kwarg no table below can fill fails the test: add a line to `KWARG_TABLES` for it.
"""

import re
from datetime import date, timedelta

import pytest
from django.urls import URLPattern, URLResolver, get_resolver
from django.utils import timezone
from rest_framework.test import APIClient

from congress import roles
from congress.ballots import services as ballot_services
from congress.ballots.models import Ballot, BallotPaper
from congress.models import AuditEvent, Meeting, Term
from deputies import stations_services
from deputies.models import (
    DutyRecord,
    PointRule,
    PointsObjection,
    PointsSummary,
    Reception,
    ReceptionDeputy,
    ReportBack,
    ResidentIssue,
    SignInSheet,
)
from deputies.services import points as points_services
from suggestions import services
from suggestions.models import (
    Assignment,
    Commitment,
    ContactRecord,
    CoSignature,
    Evaluation,
    Extension,
    ReassignmentRequest,
    Reply,
    Suggestion,
)
from tests.conftest import make_user
from tests.congress.factories import MeetingFactory, StationFactory, TermFactory, UnitFactory
from tests.deputies.factories import DeputyFactory, point_table
from tests.livelihood.world import livelihood_world
from tests.oversight import scope_world as oversight_world
from tests.suggestions.factories import CategoryFactory, DraftFactory

pytestmark = pytest.mark.django_db

# --------------------------------------------------------------------------- what routes hold
# One table per app: (route prefix, URL kwarg, object kind). The longest matching prefix wins.
# A new app adds its table here; a kwarg no line can fill fails `test_every_route_kwarg_is_declared`.

KWARG_TABLES = {
    "congress": [
        ("api/v1/units/", "pk", "unit"),
        ("api/v1/meetings/", "pk", "meeting"),
    ],
    "ballots": [
        ("staff/ballots/", "ballot_id", "ballot"),
        ("portal/ballots/", "ballot_id", "ballot"),
        ("p/ballots/", "ballot_id", "ballot"),
        ("api/v1/ballots/", "pk", "ballot"),
    ],
    "deputies": [
        ("staff/deputies/", "pk", "deputy"),
        ("api/v1/deputies/", "pk", "deputy"),
        # duty points
        ("staff/deputies/points/records/", "pk", "dutyrecord"),
        ("staff/deputies/points/meetings/", "pk", "meeting"),
        ("staff/deputies/points/import/", "pk", "signinsheet"),
        ("staff/deputies/points/rules/", "pk", "pointrule"),
        ("staff/deputies/points/notices/", "pk", "pointsnotice"),
        ("portal/deputies/records/", "pk", "dutyrecord"),
        ("portal/deputies/notices/", "slug", "pointsnotice"),
        ("p/deputies/notices/", "slug", "pointsnotice"),
        ("api/v1/point-rules/", "pk", "pointrule"),
        ("api/v1/duty-records/", "pk", "dutyrecord"),
        ("api/v1/points/", "pk", "pointssummary"),
        ("api/v1/points-notices/", "pk", "pointsnotice"),
        # stations and residents (h/stations)
        ("staff/deputies/stations/", "pk", "station"),
        ("staff/deputies/issues/", "pk", "residentissue"),
        ("staff/deputies/report-backs/", "pk", "reportback"),
        ("portal/deputies/messages/", "pk", "residentissue"),
        ("portal/deputies/issues/", "pk", "residentissue"),
        ("portal/deputies/receptions/", "pk", "reception"),
        ("portal/suggestions/from-issue/", "pk", "residentissue"),
        ("p/deputies/", "pk", "deputy"),
        ("p/stations/", "code", "stationcode"),
        ("p/report-backs/rate/", "token", "stationcode"),
        ("api/v1/stations/", "pk", "station"),
        ("api/v1/receptions/", "pk", "reception"),
        ("api/v1/resident-issues/", "pk", "residentissue"),
    ],
    "suggestions": [
        ("staff/suggestions/", "pk", "suggestion"),
        ("staff/suggestions/", "extension_pk", "extension"),
        ("staff/suggestions/", "reassignment_pk", "reassignment"),
        ("portal/suggestions/", "pk", "suggestion"),
        ("portal/suggestions/", "signature", "signature"),
        ("portal/suggestions/", "reply", "reply"),
        ("portal/suggestions/replies/", "pk", "reply"),
        ("portal/suggestions/assignments/", "pk", "assignment"),
        ("portal/suggestions/assignments/", "commitment", "commitment"),
        ("api/v1/suggestions/", "pk", "suggestion"),
        ("api/v1/assignments/", "pk", "assignment"),
        ("api/v1/replies/", "pk", "reply"),
        ("api/v1/commitments/", "pk", "commitment"),
        ("api/v1/extension-requests/", "pk", "extension"),
        ("api/v1/reassignment-requests/", "pk", "reassignment"),
    ],
    "oversight": oversight_world.KWARG_TABLE,
    "livelihood": [
        ("staff/livelihood/cycles/", "pk", "lh_cycle"),
        ("staff/livelihood/cycles/", "ballot_pk", "lh_ballot"),
        ("staff/livelihood/proposals/", "pk", "lh_proposal"),
        ("staff/livelihood/projects/", "pk", "lh_project"),
        ("portal/livelihood/cycles/", "pk", "lh_cycle"),
        ("portal/livelihood/cycles/", "ballot_pk", "lh_ballot"),
        ("portal/livelihood/projects/", "pk", "lh_project"),
        ("portal/livelihood/projects/", "sub_pk", "lh_subproject"),
        ("portal/livelihood/projects/", "rect_pk", "lh_rectification"),
        ("api/v1/livelihood/cycles/", "pk", "lh_cycle"),
        ("api/v1/livelihood/proposals/", "pk", "lh_proposal"),
        ("api/v1/livelihood/projects/", "pk", "lh_project"),
        ("api/v1/livelihood/progress-reports/", "pk", "lh_report"),
        ("api/v1/livelihood/ballots/", "pk", "lh_ballot"),
        ("api/v1/livelihood/surveys/", "pk", "lh_summary"),
    ],
}

# Not product surfaces, or covered elsewhere: Django's admin has its own tests (tests/suggestions/
# test_admin.py), i18n and the JS catalogue hold no data, the schema and docs are walked below.
SKIPPED_PREFIXES = ("admin/", "i18n/", "jsi18n/", "static/", "media/", "api/v1/schema/", "api/v1/docs/",
                    # Public pages, open without signing in by design (tests/livelihood/test_pages.py).
                    "p/livelihood/")
# Signing out would end the actor's session in the middle of the walk.
SKIPPED_ROUTES = {"accounts/logout/"}

# --------------------------------------------------------------------------- who sees which side
# Objects belong to a side: "A" (deputy A's submitted suggestion, handled by unit X), "B" (deputy
# B's, handled by unit Y), "draftA"/"draftB" (the deputies' drafts, theirs alone), "public" (the
# registers every signed-in user reads). Each actor lists the sides it may see.

SIDES = ("A", "B", "draftA", "draftB", "public")
SEES = {
    "anonymous": set(),
    "deputy_a": {"A", "draftA", "public"},
    "deputy_b": {"B", "draftB", "public"},
    "unit_x": {"A", "public"},
    "unit_y": {"B", "public"},
    "staff": {"A", "B", "public"},
    "leader": {"A", "B", "public"},
    "station": {"public"},
    "token_read": {"A", "public"},  # on unit X's handler, scope "read"
    "token_unit_x": {"A", "public"},  # on unit X's handler, scopes "read" + "unit-reply", unit X
    "token_stats": set(),  # on the office account, scope "stats" only: no reads at all
}
MARKERS = {"A": "MKSIDEA", "B": "MKSIDEB", "draftA": "MKDRAFTA", "draftB": "MKDRAFTB"}

# Where each actor must find its own marker: proof that the markers show when allowed, so an
# empty page cannot pass the matrix by accident.
OWN_PAGES = {
    "deputy_a": [("/portal/suggestions/", "MKSIDEA"), ("/portal/suggestions/?tab=drafts", "MKDRAFTA"),
                 ("/portal/deputies/messages/", "MKSIDEA"),
                 ("/portal/deputies/points/", "MKSIDEA"), ("/api/v1/duty-records/", "MKSIDEA")],
    "unit_x": [("/portal/suggestions/assignments/", "MKSIDEA"), ("/portal/deputies/issues/", "MKSIDEA"),
               ("/portal/oversight/findings/", "MKSIDEA")],
    "staff": [("/staff/suggestions/", "MKSIDEA"), ("/staff/suggestions/", "MKSIDEB"),
              ("/staff/deputies/points/records/?status=pending", "MKSIDEB"), ("/staff/deputies/issues/", "MKSIDEB"),
              ("/staff/oversight/findings/", "MKSIDEA"), ("/staff/oversight/findings/", "MKSIDEB")],
    "leader": [("/staff/suggestions/?export=csv", "MKSIDEB")],
    "token_read": [("/api/v1/suggestions/", "MKSIDEA"), ("/api/v1/replies/", "MKSIDEA")],
    "token_unit_x": [("/api/v1/assignments/", "MKSIDEA"), ("/api/v1/resident-issues/", "MKSIDEA")],
}
# Counts the pages show, which must count the actor's rows only: (path, how to read it, expected).
OWN_COUNTS = {
    "deputy_a": [("/portal/suggestions/", lambda c: dict((k, n) for k, _label, n in c["tabs"])["all"], 2)],
    "unit_x": [("/portal/suggestions/assignments/", lambda c: c["paginator"].count, 1)],
    "staff": [("/staff/suggestions/", lambda c: c["paginator"].count, 2),
              ("/staff/", lambda c: {t["key"]: t["value"] for t in c["tiles"]}["suggestions.requests"], 2)],
    "token_read": [("/api/v1/assignments/", lambda data: data["count"], 1)],
}
REFUSED = {401, 403, 404, 405}
# Public pages by design (no login, domain.md §5): a serving deputy's or an active station's page,
# poster and QR code answer everyone; the walk still checks that they show no side's marker.
PUBLIC_PAGES = ("p/deputies/<pk>/", "p/stations/<code>/")


# --------------------------------------------------------------------------- the world


def build_world():
    term = TermFactory()
    today = timezone.localdate()
    Term.objects.filter(pk=term.pk).update(starts_on=min(term.starts_on, today - timedelta(days=400)),
                                           ends_on=max(term.ends_on, today + timedelta(days=400)))
    session_day = date(2026, 1, 8)
    MeetingFactory(term=term, kind=Meeting.Kind.CONGRESS_SESSION, number=5, starts_on=session_day,
                   ends_on=date(2026, 1, 10))
    category = CategoryFactory(name="城乡建设", code="urban")
    staff = make_user(roles.STAFF, username="m-staff")
    actors = {"staff": staff, "leader": make_user(roles.LEADER, username="m-leader"),
              "station": make_user(roles.STATION_KEEPER, username="m-station")}
    objects = {kind: {} for kind in ("suggestion", "assignment", "reply", "commitment", "extension",
                                     "reassignment", "signature", "contact", "evaluation", "deputy", "unit",
                                     "meeting", "dutyrecord", "signinsheet", "pointrule", "pointsnotice",
                                     "pointssummary", "station", "stationcode", "reception", "residentissue",
                                     "reportback", "ballot")}
    point_table(today.year)
    bystander = DeputyFactory(term=term, name="孙旁观")
    assigned_on = date(2026, 2, 2)
    for side, unit_name, code, deputy_name in (("A", "区交通局", "x", "王甲"), ("B", "区教育委员会", "y", "李乙")):
        mark = MARKERS[side]
        unit = UnitFactory(name=unit_name, code=f"u{code}")
        handler = make_user(roles.UNIT_HANDLER, username=f"m-unit-{code}", unit=unit)
        deputy = DeputyFactory(term=term, name=deputy_name)
        deputy.user = make_user(roles.DEPUTY, username=f"m-deputy-{side.lower()}", name=deputy_name)
        deputy.save()
        actors[f"unit_{code}"] = handler
        actors[f"deputy_{side.lower()}"] = deputy.user

        # The deputy's own draft, with an invitation out: nobody else's to see.
        draft_mark = MARKERS["draft" + side]
        drafted = DraftFactory(term=term, lead_deputy=deputy, category=category, title=f"草稿 {draft_mark}",
                               content=f"草稿正文 {draft_mark}")
        objects["suggestion"]["draft" + side] = drafted
        objects["signature"]["draft" + side] = CoSignature.objects.create(suggestion=drafted, deputy=bystander)

        # A submitted suggestion assigned to the side's unit, with every kind of child row.
        suggestion = DraftFactory(term=term, lead_deputy=deputy, category=category, title=f"建议 {mark}",
                                  content=f"正文 {mark}")
        services.submit_suggestion(suggestion, actor=deputy.user, today=session_day)
        services.accept_suggestion(suggestion, actor=staff)
        services.assign_suggestion(suggestion, actor=staff, lead_unit=unit, today=assigned_on)
        assignment = suggestion.assignments.get()
        contact = services.record_contact(assignment, actor=handler, contacted_on=assigned_on, method="phone",
                                          summary=f"电话沟通 {mark}", today=assigned_on)
        promised = [(f"承诺 {mark}", today + timedelta(days=90))]
        reply = services.reply_to_assignment(assignment, actor=handler, category="B", body=f"答复 {mark}",
                                             signed_by="局长", commitments=promised, today=assigned_on)
        # Requests and a rating written directly: the rows the surfaces must hide, whatever the
        # workflow would allow at this point (the services are tested in tests/suggestions).
        extension = Extension.objects.create(assignment=assignment, reason=f"延期理由 {mark}", requested_by=handler,
                                             requested_due_on=assignment.due_on + timedelta(days=30),
                                             previous_due_on=assignment.due_on)
        reassignment = ReassignmentRequest.objects.create(assignment=assignment, reason=f"退回理由 {mark}",
                                                          requested_by=handler)
        evaluation = Evaluation.objects.create(reply=reply, deputy=deputy, satisfaction="unsatisfied",
                                               attitude="good", approach="good", effect="good",
                                               comment=f"意见 {mark}")
        suggestion.refresh_from_db()
        objects["suggestion"][side] = suggestion
        objects["assignment"][side] = assignment
        objects["reply"][side] = reply
        objects["commitment"][side] = reply.commitments.get()
        objects["extension"][side] = extension
        objects["reassignment"][side] = reassignment
        objects["contact"][side] = contact
        objects["evaluation"][side] = evaluation
        # An open ballot whose electorate is the side's deputy alone (congress/ballots).
        ballot = ballot_services.create_ballot(
            Meeting.objects.first(), title=f"票决 {mark}", kind="competitive", actor=staff,
            options=[f"候选 {mark} 1", f"候选 {mark} 2"], seats=1)
        objects["ballot"][side] = ballot_services.open_ballot(
            ballot.pk, actor=staff, electorate=type(deputy.user).objects.filter(pk=deputy.user.pk))
        objects["deputy"]["public"] = deputy
        objects["unit"]["public"] = unit
        # duty points: the deputy's own unverified report, and a sheet only the office sees
        objects["dutyrecord"][side] = points_services.report_duty(
            deputy, actor=deputy.user, item="training", occurred_on=today, description=f"培训 {mark}")
        objects["signinsheet"][side] = SignInSheet.objects.create(file_name=f"签到 {mark}.xlsx", uploaded_by=staff,
                                                                  rows=[{"row": 2, "note": mark, "errors": []}])
        # stations (h/stations): a held shift of the deputy, an issue raised there and sent to the
        # side's unit, and the deputy's planned report-back
        station = StationFactory(name=f"联络站{side}", code=f"m-station-{code}")
        start = timezone.now() - timedelta(days=1)
        reception = Reception.objects.create(station=station, starts_at=start, ends_at=start + timedelta(hours=2),
                                             announced_at=start - timedelta(days=5), topic=f"接待 {mark}")
        ReceptionDeputy.objects.create(reception=reception, deputy=deputy)
        issue, _code = stations_services.raise_issue_at_reception(
            reception, actor=staff, subject=f"群众意见 {mark}", content=f"内容 {mark}", deputy=deputy,
            resident_contact="13800000000")
        objects["residentissue"][side] = stations_services.route_issue(issue, actor=staff, route="unit", unit=unit)
        objects["reception"][side] = reception
        objects["reportback"][side] = ReportBack.objects.create(deputy=deputy, year=today.year,
                                                                 report=f"述职 {mark}")
        objects["station"]["public"] = station
    objects["meeting"]["public"] = Meeting.objects.first()
    objects["pointrule"]["public"] = PointRule.objects.first()
    points_services.refresh_totals(today.year)
    for side, name in (("A", "王甲"), ("B", "李乙")):
        objects["pointssummary"][side] = PointsSummary.objects.get(deputy__name=name, year=today.year)
    notice = points_services.create_notice(actor=staff, year=today.year, period="year")
    objects["pointsnotice"]["public"] = points_services.publish_notice(notice, actor=staff)
    StationFactory()
    objects["stationcode"]["public"] = type("StationCode", (), {"pk": objects["station"]["public"].code})()
    objects.update(oversight_world.build(actors, MARKERS))
    objects.update(livelihood_world(actors))
    return actors, objects


def client_for(name, actors, token_client):
    if name == "anonymous":
        return APIClient()
    if name == "token_read":
        return token_client(actors["unit_x"], scopes=("read",))[0]
    if name == "token_unit_x":
        unit = actors["unit_x"].unit
        return token_client(actors["unit_x"], scopes=("read", "unit-reply"), unit=unit)[0]
    if name == "token_stats":
        return token_client(actors["staff"], scopes=("stats",))[0]
    client = APIClient()
    client.force_login(actors[name])
    return client


def snapshot():
    return {
        "suggestions": sorted(Suggestion.objects.values_list("pk", "status", "title")),
        "assignments": sorted(Assignment.objects.values_list("pk", "status", "due_on", "responsible_person")),
        "replies": Reply.objects.count(), "evaluations": Evaluation.objects.count(),
        "commitments": sorted(Commitment.objects.values_list("pk", "status")),
        "contacts": ContactRecord.objects.count(),
        "extensions": sorted(Extension.objects.values_list("pk", "decision")),
        "reassignments": sorted(ReassignmentRequest.objects.values_list("pk", "decision")),
        "signatures": sorted(CoSignature.objects.values_list("pk", "status")),
        "events": AuditEvent.objects.count(),
        "ballots": sorted(Ballot.objects.values_list("pk", "status")),
        "papers": BallotPaper.objects.count(),
        "duty_records": sorted(DutyRecord.objects.values_list("pk", "status")),
        "objections": PointsObjection.objects.count(),
        "sheets": sorted(SignInSheet.objects.values_list("pk", "status")),
        "receptions": sorted(Reception.objects.values_list("pk", "status")),
        "issues": sorted(ResidentIssue.objects.values_list("pk", "status", "answer")),
        "report_backs": sorted(ReportBack.objects.values_list("pk", "status")),
    }


# --------------------------------------------------------------------------- the routes

_ROUTE_KWARG = re.compile(r"<(?:\w+:)?(\w+)>")
_REGEX_KWARG = re.compile(r"\(\?P<(\w+)>[^)]*\)")


def _template(pattern) -> str:
    """A route as `staff/suggestions/<pk>/accept/`, whether it was written as a path or a regex."""
    text = str(pattern)
    text = _REGEX_KWARG.sub(r"<\1>", text)
    text = _ROUTE_KWARG.sub(r"<\1>", text)
    return text.replace("^", "").replace("$", "").replace("\\", "")


def walk(patterns=None, prefix=""):
    """Every (template, callback) of the URLconf, skipping what is not a product surface."""
    for entry in get_resolver().url_patterns if patterns is None else patterns:
        template = prefix + _template(entry.pattern)
        if template.startswith(SKIPPED_PREFIXES) or template in SKIPPED_ROUTES:
            continue
        if isinstance(entry, URLResolver):
            yield from walk(entry.url_patterns, template)
        elif isinstance(entry, URLPattern):
            yield template


def kwargs_of(template: str) -> list[str]:
    return re.findall(r"<(\w+)>", template)


def kind_for(template: str, kwarg: str) -> str | None:
    kwarg = "pk" if kwarg == "id" else kwarg
    matches = [(len(prefix), kind) for table in KWARG_TABLES.values() for prefix, name, kind in table
               if name == kwarg and template.startswith(prefix)]
    return max(matches)[1] if matches else None


def schema_operations():
    """(template, method) of every operation of the OpenAPI document, templates like the URLconf's."""
    from drf_spectacular.generators import SchemaGenerator

    document = SchemaGenerator().get_schema(request=None, public=True)
    for path, operations in document["paths"].items():
        template = re.sub(r"\{(\w+)\}", r"<\1>", path).lstrip("/")
        for method in operations:
            if method in {"get", "post", "put", "patch", "delete"}:
                yield template, method


def fill(template, actor, objects):
    """The path with every kwarg set to an object of the actor's foreign sides (any object when the
    actor may see every object of that kind); None when no kwarg could be foreign."""
    path, foreign_markers, any_foreign = template, set(), False
    for kwarg in kwargs_of(template):
        kind = kind_for(template, kwarg)
        assert kind is not None, f"{template}: no table in KWARG_TABLES fills <{kwarg}>"
        by_side = objects[kind]
        foreign = [(side, obj) for side, obj in by_side.items() if side not in SEES[actor]]
        side, obj = foreign[0] if foreign else next(iter(by_side.items()))
        if foreign:
            any_foreign = True
            if side in MARKERS:
                foreign_markers.add(MARKERS[side])
        path = path.replace(f"<{kwarg}>", str(obj.pk), 1)
    return ("/" + path if any_foreign else None), foreign_markers


def foreign_markers_of(actor):
    return [marker for side, marker in MARKERS.items() if side not in SEES[actor]]


def refused(response) -> bool:
    if response.status_code in REFUSED:
        return True
    return response.status_code == 302 and response["Location"].startswith("/accounts/login/")


def body(response) -> str:
    if getattr(response, "streaming", False):
        return b"".join(response.streaming_content).decode("utf-8", "replace")
    return response.content.decode("utf-8", "replace")


# --------------------------------------------------------------------------- the tests


def test_every_route_kwarg_is_declared():
    """A new route with an id in its path needs a line in KWARG_TABLES, or this fails."""
    missing = [f"{t} <{k}>" for t in walk() for k in kwargs_of(t) if kind_for(t, k) is None]
    missing += [f"{t} <{k}>" for t, _m in schema_operations() for k in kwargs_of(t) if kind_for(t, k) is None]
    assert not missing, "routes with kwargs no KWARG_TABLES line fills:\n" + "\n".join(sorted(set(missing)))


def test_the_walk_finds_the_product_routes():
    templates = set(walk())
    assert "staff/suggestions/<pk>/accept/" in templates
    assert "portal/suggestions/assignments/<pk>/reply/" in templates
    assert "api/v1/assignments/<pk>/reply/" in templates
    assert not any(t.startswith("admin/") for t in templates)


@pytest.mark.parametrize("actor", sorted(SEES))
def test_no_actor_reaches_what_it_must_not_see(actor, token_client, settings):
    settings.SUGGESTIONS_CONTACT_BEFORE_REPLY = True
    actors, objects = build_world()
    client = client_for(actor, actors, token_client)
    problems = []

    for path, marker in OWN_PAGES.get(actor, []):
        response = client.get(path)
        if response.status_code != 200 or marker not in body(response):
            problems.append(f"own page {path} (HTTP {response.status_code}) does not show {marker}")

    for path, read, expected in OWN_COUNTS.get(actor, []):
        response = client.get(path)
        source = response.json() if path.startswith("/api/") else response.context
        if read(source) != expected:
            problems.append(f"{path} counts {read(source)}, expected {expected}")

    before = snapshot()
    routes = [(t, m) for t in walk() if kwargs_of(t) for m in ("get", "post")]
    routes += [(t, m) for t, m in schema_operations() if kwargs_of(t)]
    for template, method in sorted(set(routes)):
        path, markers = fill(template, actor, objects)
        if path is None:
            continue  # this actor may see every object such a route names
        response = getattr(client, method)(path)
        text = body(response)
        if not refused(response) and not template.startswith(PUBLIC_PAGES):
            problems.append(f"{method.upper()} {path} answered HTTP {response.status_code}")
        leaked = [m for m in markers if m in text]
        if leaked:
            problems.append(f"{method.upper()} {path} shows {leaked}")
    if snapshot() != before:
        problems.append("requests on foreign objects changed data")

    lists = sorted({t for t in walk() if not kwargs_of(t)} | {t for t, m in schema_operations()
                                                              if not kwargs_of(t) and m == "get"})
    hidden = foreign_markers_of(actor)
    for template in lists:
        for method, suffix in (("get", ""), ("get", "?export=csv"), ("get", "?page_size=1000"), ("post", "")):
            response = getattr(client, method)("/" + template + suffix)
            if response.status_code >= 500:
                problems.append(f"{method.upper()} /{template}{suffix} answered HTTP {response.status_code}")
                continue
            leaked = [m for m in hidden if m in body(response)]
            if leaked:
                problems.append(f"{method.upper()} /{template}{suffix} shows {leaked}")

    assert not problems, f"{actor}:\n" + "\n".join(problems)
