"""Benchmarks of the suggestions app, on 100,000 generated suggestions (quality.md goals 2, 3, 5, 10).

suggestions-api-list: GET /api/v1/suggestions/?status=handling&category_id=<id>&page_size=50 through
    gunicorn with an office token, against a bare WSGI handler running the same SQL
    (`tests/bench/raw_suggestions.py`); the ratio of the throughputs is the framework's cost.
suggestions-reminder-sweep: the daily reminder sweep over the whole set: seconds and queries of a
    first run, then a second run that must create nothing.
suggestions-statistics: the statistics roll-up of every year against one hand-written SQL
    statement (GROUPING SETS) that writes the same rows, best of 5 each.

The set is generated, not driven through the services: rows are written with COPY in one
transaction, with the same shape the services leave (numbers, deadlines, the assignments'
denormalised answer and rating fields, replies, ratings, commitments), relative to a fixed "today"
so that every run on every machine sees the same overdue cases. A seeded database is reused.
"""

import json
import random
from datetime import UTC, date, datetime, time, timedelta

import pgtrigger
from django.apps import apps
from django.conf import settings
from django.contrib.auth.hashers import make_password
from django.contrib.auth.models import Group
from django.db import connection, transaction
from django.test.utils import CaptureQueriesContext
from django.utils import timezone, translation
from psycopg import sql
from psycopg.conninfo import make_conninfo

from congress import roles
from congress.bench import (
    HttpClient,
    best_of,
    compare_with_raw,
    crowd_figures,
    gunicorn,
    result,
    run_for,
    scenario,
    server_figures,
    signed_in_session,
)
from congress.calendar import add_months
from congress.demo import SUBDISTRICTS, UNITS
from congress.models import ApiToken, Meeting, Reminder, Term, Unit, User
from congress.services import issue_api_token
from deputies.bench import ensure_register
from deputies.models import Deputy
from suggestions import statistics
from suggestions.demo import COMMUNITIES, TOPICS_BY_CATEGORY, compose
from suggestions.models import (
    Assignment,
    Category,
    Commitment,
    CoSignature,
    Evaluation,
    NumberSeries,
    Reply,
    Statistic,
    Suggestion,
)
from suggestions.reminders import create_reminders

SUGGESTIONS = 100_000
SEED = 18_100_000
TODAY = date(2026, 11, 20)  # the set's "today": the same overdue cases on every run
LEADS = 1_000               # deputies with an account who lead suggestions (and receive rating reminders)
SECONDS, WARMUP = 5.0, 1.0
CLIENTS = 20  # quality.md goal 3: p95 ≤ 250 ms with 20 concurrent clients
SESSIONS = {number: date(2021 + number, 1, 8) for number in range(1, 6)}
ZONE = timezone.get_fixed_timezone(8 * 60)  # Asia/Shanghai, without DST: enough for generated times

# --------------------------------------------------------------------------- the generated set


class Ids:
    """Explicit primary keys, so that one pass writes parents and children with COPY."""

    def __init__(self, model):
        self.model = model
        self.next = (model.objects.order_by("-pk").values_list("pk", flat=True).first() or 0) + 1

    def take(self) -> int:
        self.next += 1
        return self.next - 1


def at(day: date, hour: int, second: int = 0) -> datetime:
    return datetime.combine(day, time(hour), tzinfo=ZONE) + timedelta(seconds=second)


class Generator:
    """Suggestions over the term with the ages, states and shapes an office sees (see `story`)."""

    def __init__(self, rng: random.Random, *, term, sessions, units, subdistricts, handlers, staff, deputies,
                 categories):
        self.rng, self.term, self.sessions = rng, term, sessions
        self.units, self.subdistricts, self.handlers, self.staff = units, subdistricts, handlers, staff
        self.deputies, self.categories = deputies, categories
        self.rows = {name: [] for name in ("suggestion", "cosignature", "assignment", "reply", "evaluation",
                                           "commitment")}
        self.ids = {"suggestion": Ids(Suggestion), "cosignature": Ids(CoSignature), "assignment": Ids(Assignment),
                    "reply": Ids(Reply), "evaluation": Ids(Evaluation), "commitment": Ids(Commitment)}
        self.series: dict[int | None, int] = {}

    def days(self, low: int, high: int) -> timedelta:
        return timedelta(days=self.rng.randint(low, high))

    def number(self, meeting) -> str:
        key = meeting.pk if meeting else None
        self.series[key] = self.series.get(key, 0) + 1
        return f"{self.term.number}-{meeting.number if meeting else 'B'}-{self.series[key]:04d}"

    def text(self, category):
        topic = self.rng.choice(TOPICS_BY_CATEGORY[category.code])
        place = f"{self.rng.choice(SUBDISTRICTS)}{self.rng.choice(COMMUNITIES)}社区"
        return compose(self.rng, topic, place)

    def generate(self, count: int) -> None:
        span = (TODAY - self.term.starts_on).days
        for _ in range(count):
            if self.rng.random() < 0.55:
                meeting = self.rng.choice(self.sessions)
                submitted = meeting.starts_on - self.days(0, 20) if self.rng.random() < 0.5 else meeting.starts_on
                reviewed = meeting.ends_on + self.days(3, 15)
                assigned = reviewed + self.days(5, 20)
            else:
                meeting = None
                submitted = self.term.starts_on + self.days(30, span)
                reviewed = submitted + self.days(1, 3)
                assigned = reviewed + self.days(1, 4)
            self.story(meeting, submitted, reviewed, assigned)

    def story(self, meeting, submitted: date, reviewed: date, assigned: date) -> None:
        """One suggestion as far as TODAY: reviewed, assigned, answered, rated, its promises kept."""
        rng = self.rng
        sid = self.ids["suggestion"].take()
        category = rng.choices(self.categories, weights=[9, 16, 16, 13, 9, 10, 9, 6, 8, 3, 1][:len(self.categories)])[0]
        title, content = self.text(category)
        lead = rng.choice(self.deputies)
        row = {"id": sid, "term_id": self.term.pk, "meeting_id": meeting.pk if meeting else None, "number": "",
               "title": title, "content": content, "category_id": category.pk, "lead_deputy_id": lead.pk,
               "attachment": "", "status": "draft", "handling_mode": "", "merge_group_id": None,
               "created_at": at(submitted - self.days(1, 10), 20), "submitted_at": None, "reviewed_at": None,
               "reject_reason": "", "review_note": "", "assigned_on": None, "closed_at": None, "close_note": ""}
        self.rows["suggestion"].append(row)
        if rng.random() < 0.4:
            for deputy in rng.sample(self.deputies, rng.randint(1, 3)):
                if deputy.pk != lead.pk:
                    self.rows["cosignature"].append({
                        "id": self.ids["cosignature"].take(), "suggestion_id": sid, "deputy_id": deputy.pk,
                        "status": "declined" if rng.random() < 0.1 else "confirmed",
                        "invited_at": row["created_at"], "responded_at": row["created_at"] + timedelta(hours=15)})
        if submitted > TODAY or (TODAY - submitted).days < 3 and rng.random() < 0.4:
            return  # still a draft
        row.update(status="submitted", submitted_at=at(min(submitted, TODAY), 9, rng.randint(0, 3599)))
        if reviewed > TODAY:
            return
        draw = rng.random()
        if draw < 0.04:
            row.update(status="rejected", reviewed_at=at(reviewed, 15), reject_reason="personal")
            return
        if draw < 0.07:
            row.update(status="reference", reviewed_at=at(reviewed, 15))
            return
        if draw < 0.08:
            row.update(status="withdrawn", closed_at=at(reviewed, 20), close_note="申请撤回。")
            return
        row.update(status="accepted", reviewed_at=at(reviewed, 15), number=self.number(meeting))
        if assigned > TODAY:
            return
        separate = rng.random() < 0.12
        row.update(status="handling", handling_mode="separate" if separate else "lead_and_co", assigned_on=assigned)
        units = rng.sample(self.units, 2)
        plan = [(units[0], "separate"), (units[1], "separate")] if separate else [(units[0], "lead")]
        if not separate and rng.random() < 0.3:
            plan.append((rng.choice(self.subdistricts), "co"))
        due = add_months(assigned, 3)
        fate = self.fate(assigned, due)
        statuses = [self.part(row, unit, role, assigned, due, fate) for unit, role in plan]
        row["status"], closed = self.suggestion_status([status for status in statuses if status], fate)
        if closed:
            row["closed_at"] = at(closed, 16)

    def fate(self, assigned: date, due: date) -> dict:
        """When the answer and the rating come, and how they turn out (TODAY cuts it short)."""
        rng = self.rng
        if rng.random() < 0.01:
            return {"withdrawn": assigned + self.days(10, 60)}
        if rng.random() < 0.03:
            replied = None  # never answered: overdue until the office closes it
        elif rng.random() < 0.1:
            replied = due + self.days(1, 40)
        else:
            replied = assigned + self.days(20, max(21, (due - assigned).days - 3))
        rated = None
        if replied is not None and rng.random() > 0.03:
            rated = replied + (self.days(30, 60) if rng.random() < 0.05 else self.days(2, 25))
        satisfaction = rng.choices(["satisfied", "basically_satisfied", "unsatisfied"], weights=[80, 15, 5])[0]
        return {"replied": replied, "rated": rated, "satisfaction": satisfaction,
                "category": rng.choices("ABCD", weights=[55, 25, 12, 8])[0]}

    def part(self, suggestion: dict, unit, role: str, assigned: date, due: date, fate: dict) -> str | None:
        """One unit's part; returns the state the suggestion's status is derived from (None for a co-unit)."""
        rng = self.rng
        row = {"id": self.ids["assignment"].take(), "suggestion_id": suggestion["id"], "unit_id": unit.pk,
               "role": role, "status": "assigned", "assigned_on": assigned, "assigned_by_id": self.staff.pk,
               "due_on": due, "original_due_on": due, "round": 1, "responsible_person": "", "responsible_phone": "",
               "opinion": "", "opinion_at": None, "replied_at": None, "first_replied_on": None, "first_due_on": None,
               "reply_category": "", "satisfaction": "", "rating_due_on": None}
        self.rows["assignment"].append(row)
        if "withdrawn" in fate and fate["withdrawn"] <= TODAY:
            row["status"] = "cancelled"
            return "cancelled" if role != "co" else None
        if role == "co":
            row["due_on"] = row["original_due_on"] = add_months(assigned, 1)
            opinion = assigned + self.days(5, 25)
            if opinion <= TODAY:
                row.update(status="done", opinion="同意主办单位意见。", opinion_at=at(opinion, 14))
            return None
        replied = fate.get("replied")
        if replied is None or replied > TODAY:
            return "assigned"
        promises = []
        reply = self.reply(row, unit, 1, replied, fate["category"], promises)
        row.update(status="replied", first_replied_on=replied, first_due_on=due)
        rated = fate["rated"]
        if rated is None or rated > TODAY:
            return "replied"
        self.rate(row, reply, suggestion, rated, fate["satisfaction"])
        if fate["satisfaction"] == "unsatisfied":
            row.update(status="rehandling", round=2, due_on=rated + timedelta(days=30))
            again = rated + self.days(10, 30)
            if again > TODAY:
                return "rehandling"
            reply = self.reply(row, unit, 2, again, rng.choice("AAB"), promises)
            row["status"] = "replied"
            rated = again + self.days(2, 20)
            if rated > TODAY:
                return "replied"
            self.rate(row, reply, suggestion, rated, rng.choices(["satisfied", "basically_satisfied", "unsatisfied"],
                                                                 weights=[50, 35, 15])[0])
        row["status"] = "done"
        return "tracking" if self.keep(promises, rated) else "done"

    def reply(self, part: dict, unit, round_: int, day: date, category: str, promises: list) -> dict:
        reply = {"id": self.ids["reply"].take(), "assignment_id": part["id"], "round": round_, "category": category,
                 "body": "经认真研究，已按代表建议办理。", "co_unit_opinions": "", "signed_by": "主要负责人",
                 "signed_by_head": False, "attachment": "", "replied_at": at(day, 16),
                 "replied_by_id": self.handlers[unit.pk].pk, "evaluation_due_on": day + timedelta(days=28)}
        self.rows["reply"].append(reply)
        part.update(replied_at=reply["replied_at"], reply_category=category, satisfaction="",
                    rating_due_on=reply["evaluation_due_on"])
        if category in "BC":
            commitment = {"id": self.ids["commitment"].take(), "reply_id": reply["id"],
                          "description": "年内完成整改。", "due_on": day + self.days(60, 330), "status": "open",
                          "resolved_at": None, "resolution": ""}
            self.rows["commitment"].append(commitment)
            promises.append(commitment)
        return reply

    def rate(self, part: dict, reply: dict, suggestion: dict, day: date, satisfaction: str) -> None:
        self.rows["evaluation"].append({
            "id": self.ids["evaluation"].take(), "reply_id": reply["id"], "deputy_id": suggestion["lead_deputy_id"],
            "satisfaction": satisfaction, "attitude": "good", "approach": "good",
            "effect": "good" if satisfaction == "satisfied" else "fair",
            "comment": "答复没有解决问题。" if satisfaction == "unsatisfied" else "", "evaluated_at": at(day, 20),
            "is_late": day > reply["evaluation_due_on"]})
        part["satisfaction"] = satisfaction

    def keep(self, promises: list[dict], after: date) -> bool:
        """The unit keeps its promises, a fifth of them late; True while one is still open on TODAY."""
        still_open = False
        for commitment in promises:
            slips = self.rng.random() < 0.2
            done = commitment["due_on"] + self.days(10, 150) if slips else commitment["due_on"] - self.days(0, 40)
            done = max(done, after + timedelta(days=1))
            if done > TODAY:
                still_open = True
            else:
                commitment.update(status="fulfilled" if self.rng.random() < 0.85 else "explained",
                                  resolved_at=at(done, 11), resolution="已落实。")
        return still_open

    @staticmethod
    def suggestion_status(answering: list[str], fate: dict) -> tuple[str, date | None]:
        """The suggestion's status from its answering parts, as services._common.refresh_status derives it."""
        if "cancelled" in answering:
            return "withdrawn", fate["withdrawn"]
        for state, status in (("rehandling", "rehandling"), ("assigned", "handling"), ("replied", "replied"),
                              ("tracking", "tracking")):
            if state in answering:
                return status, None
        return "closed", fate["rated"]


def copy_rows(table: str, rows: list[dict]) -> None:
    if not rows:
        return
    columns = list(rows[0])
    # Columns the generator does not write take their model default (a later migration's
    # `due_is_provisional`, …): COPY would write NULL, and Django sets no database defaults.
    model = next(m for m in apps.get_models() if m._meta.db_table == table)
    fill = {f.column: f.get_default() for f in model._meta.concrete_fields
            if f.column not in columns and f.has_default() and not f.primary_key}
    if fill:
        columns += list(fill)
        rows = [{**row, **fill} for row in rows]
    with connection.connection.cursor() as cursor:
        statement = sql.SQL("COPY {table} ({columns}) FROM STDIN").format(
            table=sql.Identifier(table), columns=sql.SQL(", ").join(map(sql.Identifier, columns)))
        with cursor.copy(statement) as copy:
            for row in rows:
                copy.write_row([row[column] for column in columns])
        cursor.execute(sql.SQL("SELECT setval(pg_get_serial_sequence({name}, 'id'), (SELECT max(id) FROM {table}))")
                       .format(name=sql.Literal(table), table=sql.Identifier(table)))


def ensure_suggestions() -> None:
    """SUGGESTIONS suggestions in the bench database, with fresh planner statistics."""
    if Suggestion.objects.count() < SUGGESTIONS:
        start = datetime.now(UTC)
        seed()
        print(f"[bench] seeded {Suggestion.objects.count():,} suggestions in "
              f"{(datetime.now(UTC) - start).total_seconds():.1f} s")
    with connection.cursor() as cursor:
        cursor.execute("ANALYZE suggestions_suggestion, suggestions_assignment, suggestions_reply, "
                       "suggestions_commitment, suggestions_cosignature, suggestions_evaluation, congress_user, "
                       "congress_reminder")


def seed() -> None:
    ensure_register()  # the deputies scenario's 5,000 deputies
    rng = random.Random(SEED)
    with transaction.atomic():
        term = Term.objects.get(number=18)
        sessions = [Meeting.objects.get_or_create(
            term=term, kind=Meeting.Kind.CONGRESS_SESSION, number=number,
            defaults={"starts_on": start, "ends_on": start + timedelta(days=2)})[0]
            for number, start in SESSIONS.items()]
        units = [Unit.objects.get_or_create(code=code, defaults={"name": name, "short_name": short, "kind": kind})[0]
                 for name, short, code, kind in UNITS if kind == Unit.Kind.GOVERNMENT]
        subdistricts = [Unit.objects.get_or_create(code=f"sd{i}", defaults={
            "name": f"{name}(基准)", "short_name": name, "kind": Unit.Kind.SUBDISTRICT})[0]
            for i, name in enumerate(SUBDISTRICTS, 1)]
        handlers = {unit.pk: account(f"bench-unit-{unit.code}", roles.UNIT_HANDLER, unit=unit)
                    for unit in units + subdistricts}
        staff = account("bench-staff", roles.STAFF)
        deputies = lead_accounts(term)
        categories = list(Category.objects.order_by("sort_order"))
        generator = Generator(rng, term=term, sessions=sessions, units=units, subdistricts=subdistricts,
                              handlers=handlers, staff=staff, deputies=deputies, categories=categories)
        generator.generate(SUGGESTIONS - Suggestion.objects.count())
        # Generated history is no history: the row-history triggers stay quiet for this transaction.
        with pgtrigger.ignore(), connection.cursor() as cursor:
            cursor.execute("SELECT 1")  # pgtrigger sets its transaction-local switch with a statement
            for table, name in (("suggestions_suggestion", "suggestion"), ("suggestions_cosignature", "cosignature"),
                                ("suggestions_assignment", "assignment"), ("suggestions_reply", "reply"),
                                ("suggestions_evaluation", "evaluation"), ("suggestions_commitment", "commitment")):
                copy_rows(table, generator.rows[name])
        for meeting in [*sessions, None]:
            series, _created = NumberSeries.objects.get_or_create(term=term, meeting=meeting)
            series.last = max(series.last, generator.series.get(meeting.pk if meeting else None, 0))
            series.save(update_fields=["last"])


def account(username: str, role: str, **fields) -> User:
    user, _created = User.objects.get_or_create(username=username, defaults={
        "name": username, "email": f"{username}@example.org", "password": make_password(None), **fields})
    user.groups.add(Group.objects.get(name=role))
    return user


def lead_accounts(term) -> list[Deputy]:
    """Accounts for the first LEADS serving deputies: the leads, who are reminded of their ratings."""
    deputies = list(Deputy.objects.filter(term=term, status=Deputy.Status.SERVING).order_by("id")[:LEADS])
    missing = [deputy for deputy in deputies if deputy.user_id is None]
    users = User.objects.bulk_create([User(username=f"bench-deputy-{d.pk}", name=d.name, password=make_password(None))
                                      for d in missing])
    group = Group.objects.get(name=roles.DEPUTY)
    User.groups.through.objects.bulk_create([User.groups.through(user_id=u.pk, group_id=group.pk) for u in users])
    for deputy, user in zip(missing, users, strict=True):
        deputy.user = user
    Deputy.objects.bulk_update(missing, ["user"], batch_size=1000)
    return deputies


# --------------------------------------------------------------------------- suggestions-api-list

API = "suggestions-api-list"
TOKEN_NAME = f"bench {API}"


def api_path() -> str:
    category = Category.objects.get(code="transport")
    return f"/api/v1/suggestions/?status=handling&category_id={category.pk}&page_size=50"


def staff_token() -> str:
    """A read-scoped token of an office user; each run replaces the previous run's token."""
    user = account("bench-staff", roles.STAFF)
    ApiToken.objects.filter(name=TOKEN_NAME).delete()
    _token, key = issue_api_token(actor=None, name=TOKEN_NAME, user=user, scopes=["read"])
    return key


def raw_environment() -> dict[str, str]:
    db = connection.settings_dict
    params = {"dbname": db["NAME"], "user": db["USER"], "password": db["PASSWORD"],
              "host": db["HOST"], "port": db["PORT"]}
    with translation.override(settings.LANGUAGE_CODE):  # the API answers in it without Accept-Language
        meeting = Meeting(number=0, kind=Meeting.Kind.CONGRESS_SESSION, term=Term(number=0))
        titles = {}
        for kind in Meeting.Kind.values:
            meeting.kind = kind
            titles[kind] = str(meeting).replace("0", "%(number)s", 1).replace("0", "%(term)s", 1)
        labels = {
            "status": {value: str(text) for value, text in Suggestion.Status.choices},
            "handling_mode": {value: str(text) for value, text in Suggestion.HandlingMode.choices},
            "role": {value: str(text) for value, text in Assignment.Role.choices},
            "assignment_status": {value: str(text) for value, text in Assignment.Status.choices},
            "cosignature_status": {value: str(text) for value, text in CoSignature.Status.choices},
            "meeting_title": titles,
            "category_ids": list(Category.objects.values_list("pk", flat=True)),
        }
    return {
        "BENCH_RAW_DSN": make_conninfo(**{key: str(value) for key, value in params.items() if value}),
        "BENCH_RAW_LABELS": json.dumps(labels, ensure_ascii=False),
        "BENCH_RAW_TIME_ZONE": settings.TIME_ZONE,
    }



@scenario(API, app="suggestions")
def suggestions_api_list() -> list[dict]:
    """GET /api/v1/suggestions/ (handling, one category, 50 a page of 100,000) vs a bare WSGI handler."""
    ensure_suggestions()
    key, path = staff_token(), api_path()
    return compare_with_raw(API, path, baseline="raw_suggestions", raw_env=raw_environment(),
                            headers={"Authorization": f"Bearer {key}"})


# --------------------------------------------------------------------------- suggestions-staff-list

PAGE = "suggestions-staff-list"


def staff_session_cookie() -> str:
    """A signed-in office user's session, written directly: the page is measured, not the login form."""
    session = signed_in_session(account("bench-staff", roles.STAFF))
    return f"{settings.SESSION_COOKIE_NAME}={session}"


@scenario(PAGE, app="suggestions")
def suggestions_staff_list() -> list[dict]:
    """GET /staff/suggestions/ (HTML, being handled, one category, of 100,000) as one and as 20 clients."""
    ensure_suggestions()
    category = Category.objects.get(code="transport")
    path = f"/staff/suggestions/?status=handling&category_id={category.pk}"
    headers = {"Cookie": staff_session_cookie(), "Accept-Language": "zh-hans"}
    with gunicorn("congress.wsgi", name="gunicorn-django-pages") as port:
        client = HttpClient(port, headers)
        try:
            status, body = client.get(path)
            if status != 200 or b"<table" not in body:
                raise AssertionError(f"GET {path} answered {status}: {body[:300]!r}")
            one = run_for(lambda: client.get_ok(path), seconds=SECONDS, warmup=WARMUP)
        finally:
            client.close()
        crowd = crowd_figures(PAGE, f"django {CLIENTS} clients", port, path, headers, clients=CLIENTS)
    if one.errors:  # the crowd's errors are a figure of their own, reported, not raised
        raise AssertionError(f"non-200 answers: one client {one.errors}")
    return server_figures(PAGE, "django", one) + crowd


# --------------------------------------------------------------------------- suggestions-reminder-sweep

SWEEP = "suggestions-reminder-sweep"


@scenario(SWEEP, app="suggestions")
def suggestions_reminder_sweep() -> list[dict]:
    """create_reminders over 100,000 suggestions: seconds and queries, then a second run creates 0."""
    ensure_suggestions()
    Reminder.objects.filter(kind__startswith="suggestions.").delete()  # the first run starts from nothing
    open_parts = Assignment.objects.filter(status__in=Assignment.OPEN_STATUSES + (Assignment.Status.REPLIED,)).count()
    runs = []
    for _ in range(2):
        with CaptureQueriesContext(connection) as queries:
            start = datetime.now(UTC)
            created = create_reminders(today=TODAY)
            seconds = (datetime.now(UTC) - start).total_seconds()
        runs.append((created, seconds, len(queries)))
    (first, first_seconds, first_queries), (second, second_seconds, second_queries) = runs
    print(f"[bench] {SWEEP}: first run created {first:,} reminders, second run created {second:,}")
    if second:
        raise AssertionError(f"the second sweep created {second} reminders")
    return [
        result(SWEEP, "parts being handled or awaiting a rating", open_parts, "parts"),
        result(SWEEP, "first run", round(first_seconds, 3), "s"),
        result(SWEEP, "first run reminders created", first, "rows"),
        result(SWEEP, "first run queries", first_queries, "queries"),
        result(SWEEP, "second run", round(second_seconds, 3), "s"),
        result(SWEEP, "second run reminders created", second, "rows"),
        result(SWEEP, "second run queries", second_queries, "queries"),
    ]


# --------------------------------------------------------------------------- suggestions-statistics

STATS = "suggestions-statistics"
COUNT_COLUMNS = statistics.COUNTS
RAW_STATISTICS = """
WITH part AS (
    SELECT a.unit_id, s.category_id, s.meeting_id,
           count(*) AS assigned,
           count(*) FILTER (WHERE a.first_replied_on IS NOT NULL) AS replied,
           count(*) FILTER (WHERE a.first_replied_on <= a.first_due_on) AS replied_on_time,
           count(*) FILTER (WHERE a.status IN ('assigned', 'rehandling') AND a.due_on < %(today)s) AS overdue,
           count(*) FILTER (WHERE a.reply_category = 'A') AS category_a,
           count(*) FILTER (WHERE a.reply_category = 'B') AS category_b,
           count(*) FILTER (WHERE a.reply_category = 'C') AS category_c,
           count(*) FILTER (WHERE a.reply_category = 'D') AS category_d,
           count(*) FILTER (WHERE s.assign_by < a.assigned_on) AS assigned_late,
           count(*) FILTER (WHERE a.satisfaction <> '') AS evaluated,
           count(*) FILTER (WHERE a.satisfaction = 'satisfied') AS satisfied,
           count(*) FILTER (WHERE a.satisfaction = 'basically_satisfied') AS basically_satisfied,
           count(*) FILTER (WHERE a.satisfaction = 'unsatisfied') AS unsatisfied,
           count(*) FILTER (WHERE a.satisfaction = '' AND a.first_replied_on IS NOT NULL
                              AND (a.status = 'replied' AND a.rating_due_on < %(today)s OR a.status = 'cancelled'))
               AS rating_missing,
           count(*) FILTER (WHERE a.round > 1) AS rehandled,
           0 AS commitments, 0 AS commitments_fulfilled
      FROM suggestions_assignment a JOIN suggestions_suggestion s ON s.id = a.suggestion_id
     WHERE a.role IN ('lead', 'separate') AND a.status <> 'returned'
       AND (a.status <> 'cancelled' OR a.first_replied_on IS NOT NULL)
       AND a.assigned_on BETWEEN %(first)s AND %(last)s
     GROUP BY 1, 2, 3
     UNION ALL
    SELECT a.unit_id, s.category_id, s.meeting_id, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0,
           count(*), count(*) FILTER (WHERE c.status = 'fulfilled')
      FROM suggestions_commitment c
      JOIN suggestions_reply r ON r.id = c.reply_id
      JOIN suggestions_assignment a ON a.id = r.assignment_id
      JOIN suggestions_suggestion s ON s.id = a.suggestion_id
     WHERE a.role IN ('lead', 'separate') AND a.status <> 'returned'
       AND (a.status <> 'cancelled' OR a.first_replied_on IS NOT NULL)
       AND a.assigned_on BETWEEN %(first)s AND %(last)s
     GROUP BY 1, 2, 3
)
INSERT INTO suggestions_statistic (year, meeting_id, dimension, unit_id, category_id, {columns}, category_counts,
                                   computed_at)
SELECT %(year)s, CASE WHEN GROUPING(meeting_id) = 0 THEN meeting_id END,
       CASE WHEN GROUPING(unit_id) = 0 THEN 'unit' ELSE 'category' END,
       CASE WHEN GROUPING(unit_id) = 0 THEN unit_id END, CASE WHEN GROUPING(category_id) = 0 THEN category_id END,
       {sums}, jsonb_build_object('A', sum(category_a), 'B', sum(category_b), 'C', sum(category_c),
                                  'D', sum(category_d)), now()
  FROM part
 GROUP BY GROUPING SETS ((unit_id), (unit_id, meeting_id), (category_id), (category_id, meeting_id))
HAVING GROUPING(meeting_id) = 1 OR meeting_id IS NOT NULL
"""


def raw_statistics(year: int, today: date) -> None:
    """The same summary rows as refresh_statistics(year), by hand: one statement."""
    statement = RAW_STATISTICS.format(columns=", ".join(COUNT_COLUMNS),
                                      sums=", ".join(f"sum({column})" for column in COUNT_COLUMNS))
    with transaction.atomic(), connection.cursor() as cursor:
        cursor.execute("DELETE FROM suggestions_statistic WHERE year = %s", [year])
        cursor.execute(statement, {"year": year, "today": today, "first": date(year, 1, 1), "last": date(year, 12, 31)})


def snapshot(years) -> set[tuple]:
    return set(Statistic.objects.filter(year__in=years).values_list(
        "year", "meeting_id", "dimension", "unit_id", "category_id", *COUNT_COLUMNS))


@scenario(STATS, app="suggestions")
def suggestions_statistics() -> list[dict]:
    """The statistics roll-up of every year of 100,000 suggestions vs hand-written SQL (best of 5)."""
    ensure_suggestions()
    years = sorted(set(statistics.years_with_assignments()))
    orm = best_of(lambda: [statistics.refresh_statistics(year, today=TODAY) for year in years], 5)
    expected = snapshot(years)
    raw = best_of(lambda: [raw_statistics(year, TODAY) for year in years], 5)
    if snapshot(years) != expected:
        raise AssertionError("the hand-written SQL and refresh_statistics disagree")
    for year in years:  # leave the application's own rows behind
        statistics.refresh_statistics(year, today=TODAY)
    return [
        result(STATS, f"refresh_statistics, {len(years)} years", round(orm * 1000, 1), "ms",
               ratio=round(orm / raw, 3), baseline="hand-written SQL"),
        result(STATS, "hand-written SQL", round(raw * 1000, 1), "ms"),
        result(STATS, "summary rows", len(expected), "rows"),
    ]
