"""congress.db: prepared statements for the hot reads, and client-side binding everywhere else."""

import pghistory
import pghistory.models
import pytest
from django.db import connection
from django.test import Client

from congress import roles
from congress.ballots.models import Ballot
from congress.db import Statement, prepared_reads
from congress.models import Unit
from tests.conftest import make_user

pytestmark = pytest.mark.django_db


def prepared() -> list[str]:
    with connection.cursor() as cursor:
        cursor.execute("SELECT statement FROM pg_prepared_statements")
        return [statement for (statement,) in cursor.fetchall()]


def units_named(name):
    return list(Unit.objects.filter(name=name).values_list("name", flat=True))


def test_a_read_repeated_in_prepared_reads_is_prepared_and_answers_the_same():
    Unit.objects.create(name="区交通运输局", code="jt")
    outside = [units_named("区交通运输局") for _ in range(6)]
    assert not any("congress_unit" in s for s in prepared())  # Django's client-side binding
    with prepared_reads(connection):
        inside = [units_named("区交通运输局") for _ in range(6)]
        other = units_named("无此单位")  # another value, the same prepared statement
    assert any("congress_unit" in s for s in prepared())
    assert inside == outside == [["区交通运输局"]] * 6 and other == []


def test_a_block_that_records_row_history_keeps_client_binding():
    """pghistory prefixes statements with set_config(): one call, two statements, which only
    client-side binding can send. The history of a change in the block names its context."""
    with pghistory.context(url="/test/"), prepared_reads(connection):
        for _ in range(6):
            units_named("x")
        unit = Unit.objects.create(name="区水务局", code="sw")
    assert not any("congress_unit" in s for s in prepared())
    event = pghistory.models.Events.objects.filter(pgh_obj_id=unit.pk).get()
    assert event.pgh_context["url"] == "/test/"


def test_signed_in_requests_prepare_the_session_user_and_permission_look_ups(staff_user):
    client = Client()
    client.force_login(staff_user)
    for _ in range(6):
        assert client.get("/staff/").status_code == 200
    statements = " ".join(prepared())
    assert "django_session" in statements and "congress_user" in statements and "auth_permission" in statements


def test_a_deputy_still_cannot_open_staff_pages_with_prepared_look_ups():
    deputy = make_user(roles.DEPUTY)
    client = Client()
    client.force_login(deputy)
    assert [client.get("/staff/").status_code for _ in range(7)] == [403] * 7


def test_sessions_and_users_load_as_django_loads_them(staff_user):
    """congress.db.load_one under the session store and the auth backend: a live session signs
    in; an expired or unknown one does not; a disabled account is signed out."""
    from datetime import timedelta

    from django.contrib.sessions.models import Session
    from django.utils import timezone

    client = Client()
    client.force_login(staff_user)
    assert client.get("/staff/").status_code == 200
    key = client.cookies["sessionid"].value
    Session.objects.filter(session_key=key).update(expire_date=timezone.now() - timedelta(seconds=1))
    assert client.get("/staff/").status_code == 302  # to the sign-in page
    client.cookies["sessionid"] = "no-such-session-key-at-all-here00"
    assert client.get("/staff/").status_code == 302
    client.force_login(staff_user)
    assert client.get("/staff/").status_code == 200
    type(staff_user).objects.filter(pk=staff_user.pk).update(is_active=False)
    assert client.get("/staff/").status_code == 302


UNITS = Statement(lambda ids: Unit.objects.filter(id__any=ids, is_active=True).values("id", "name", "kind"))


def test_a_statement_answers_as_its_queryset_with_one_text_for_any_number_of_ids():
    """congress.db.Statement: written by the ORM once, then run as plain SQL with the ids as one
    array parameter, so one text (one prepared statement) serves a page of any size."""
    units = [Unit.objects.create(name=f"单位{n}", code=f"u{n}", is_active=n != 2) for n in range(4)]
    ids = [unit.pk for unit in units]
    answers = [UNITS.rows(chosen) for chosen in ([], ids[:1], ids, [*ids, 10**12])]
    for _ in range(3):  # pages of one to four rows, each run more often than psycopg's threshold
        for size in range(1, 5):
            UNITS.rows(ids[:size])
    assert len([text for text in prepared() if "congress_unit" in text]) == 1
    expected = [list(Unit.objects.filter(id__in=chosen, is_active=True).values("id", "name", "kind"))
                for chosen in ([], ids[:1], ids, ids)]
    assert answers == expected
    assert [row["name"] for row in answers[2]] == ["单位0", "单位1", "单位3"]  # the inactive one is filtered


def test_a_statement_over_a_column_that_needs_converting_is_refused():
    """A JSON column comes from the database as text that the ORM converts; plain rows would hand
    out the text, so such a statement is refused when first run."""
    tallies = Statement(lambda ids: Ballot.objects.filter(id__any=ids).values("id", "tally"))
    with pytest.raises(TypeError, match="converting"):
        tallies.rows([1])


def test_timestamps_load_as_django_loads_them():
    """congress.db.base reads timestamptz with psycopg's compiled loader; the values are Django's:
    aware, in UTC as `datetime.timezone.utc`, to the microsecond, on client and server binding."""
    import datetime  # noqa: PLC0415

    expected = datetime.datetime(2026, 3, 1, 2, 0, 0, 123456, tzinfo=datetime.UTC)
    sql = "SELECT '2026-03-01 10:00:00.123456+08'::timestamptz"
    with connection.cursor() as cursor:
        cursor.execute(sql)
        (plain,) = cursor.fetchone()
    with prepared_reads(connection), connection.cursor() as cursor:
        cursor.execute(sql)
        (bound,) = cursor.fetchone()
    assert plain == bound == expected
    assert plain.tzinfo is datetime.UTC and bound.tzinfo is datetime.UTC


def backend_pid() -> int:
    with connection.cursor() as cursor:
        cursor.execute("SELECT pg_backend_pid()")
        return cursor.fetchone()[0]


@pytest.mark.django_db(transaction=True)
def test_a_connection_the_server_closed_is_replaced_at_the_next_request_and_a_live_one_kept():
    """CONN_HEALTH_CHECKS without a round trip (congress.db.base.DatabaseWrapper.is_usable): a kept
    connection that the server closed (a restart, a terminated backend) is replaced when the next
    request begins, so that request works; a live one is kept."""
    import time  # noqa: PLC0415

    from django.db import close_old_connections  # noqa: PLC0415

    connection.close()  # a fresh connection, well within CONN_MAX_AGE: this is about health, not age
    first = backend_pid()
    close_old_connections()  # what Django does as a request begins
    assert backend_pid() == first and connection.is_usable()

    other = connection.copy()
    with other.cursor() as cursor:
        cursor.execute("SELECT pg_terminate_backend(%s)", [first])
    other.close()
    deadline = time.monotonic() + 5
    while connection.is_usable() and time.monotonic() < deadline:  # the goodbye is on its way
        time.sleep(0.05)
    assert not connection.is_usable()

    close_old_connections()
    Unit.objects.create(name="区水务局", code="sw")  # the request's first statement works
    assert backend_pid() != first and units_named("区水务局") == ["区水务局"]


def test_a_statements_ids_are_one_array_whether_bound_on_the_server_or_written_in():
    """The backend writes a Statement's ids as one bigint[] (congress.db.base.IdsDumper), bound on
    the server inside prepared_reads and written into the text outside it; an id that is not a
    number is refused before anything is sent."""
    units = [Unit.objects.create(name=f"单位{n}", code=f"a{n}") for n in range(3)]
    ids = [unit.pk for unit in units]
    with prepared_reads(connection):
        bound = UNITS.rows(ids)
    with pghistory.context(url="/test/"), prepared_reads(connection):  # client-side binding
        written = UNITS.rows(ids)
    assert [row["id"] for row in bound] == [row["id"] for row in written] == ids
    with pytest.raises(ValueError, match="invalid literal"):
        UNITS.rows([ids[0], "1},{2"])
