"""Structural secrecy (quality.md goal 17; architecture.md "Ballots and votes"): nothing links a
paper to its voter — not the schema, the history, the audit, notifications, logs, nor after close
the system columns or the physical order of rows."""

import logging
import threading

import pghistory.models
import pytest
from django.conf import settings
from django.db import IntegrityError, connection, models, transaction
from django.test import Client
from django.test.utils import CaptureQueriesContext

from congress.ballots import services
from congress.ballots.models import BallotPaper, BallotParticipation
from congress.models import AuditEvent, Delivery, Notification
from tests.congress.ballots.factories import make_ballot, paper, staff, voters

SYSTEM_COLUMNS = {
    "congress_ballotpaper": "SELECT xmin::text::bigint, ctid, receipt FROM congress_ballotpaper "
                            "WHERE ballot_id = %s ORDER BY ctid",
    "congress_ballotparticipation": "SELECT xmin::text::bigint, ctid, user_id FROM congress_ballotparticipation "
                                    "WHERE ballot_id = %s ORDER BY ctid",
}


def system_columns(table, ballot_id):
    with connection.cursor() as cursor:
        cursor.execute(SYSTEM_COLUMNS[table], [ballot_id])
        return cursor.fetchall()


@pytest.mark.parametrize("model", [BallotPaper, BallotParticipation])
def test_schema_has_no_link(model):
    fields = model._meta.get_fields()
    assert not any(isinstance(f, models.DateField | models.DateTimeField | models.TimeField) for f in fields)
    assert not any(isinstance(f, models.AutoField | models.BigAutoField) for f in fields)
    if model is BallotPaper:
        assert isinstance(model._meta.pk, models.UUIDField)
        assert not any(f.is_relation and f.related_model is not None
                       and f.related_model._meta.label == settings.AUTH_USER_MODEL for f in fields)
        assert {f.name for f in fields if f.concrete} == {"id", "ballot", "marks", "receipt", "valid"}
    else:
        assert isinstance(model._meta.pk, models.UUIDField)
        assert {f.name for f in fields if f.concrete} == {"id", "ballot", "user"}  # who, never what


@pytest.mark.django_db
@pytest.mark.parametrize("table", ["congress_ballotpaper", "congress_ballotparticipation"])
def test_no_history_tracker_or_trigger(table):
    tracked = {getattr(m, "pgh_tracked_model", None) for m in pghistory.models.Event.__subclasses__()}
    assert BallotPaper not in tracked and BallotParticipation not in tracked
    with connection.cursor() as cursor:
        cursor.execute("SELECT count(*) FROM pg_trigger WHERE tgrelid = %s::regclass AND NOT tgisinternal", [table])
        assert cursor.fetchone()[0] == 0
    with connection.cursor() as cursor:  # no column of the paper table could hold a time or a user
        cursor.execute("SELECT column_name, data_type FROM information_schema.columns WHERE table_name = %s", [table])
        columns = dict(cursor.fetchall())
    assert not any("time" in kind or kind == "date" for kind in columns.values())
    if table == "congress_ballotpaper":
        assert columns["id"] == "uuid" and "user_id" not in columns
        cursor = connection.cursor()
        cursor.execute("""SELECT count(*) FROM pg_constraint c JOIN pg_class r ON r.oid = c.confrelid
                          WHERE c.conrelid = %s::regclass AND c.contype = 'f' AND r.relname = 'congress_user'""",
                       [table])
        assert cursor.fetchone()[0] == 0


@pytest.mark.django_db
def test_a_cast_costs_few_queries():
    from rest_framework.test import APIClient

    clerk = staff()
    voter = voters(2)[0]
    ballot = make_ballot(clerk, options=20, seats=13)
    client = APIClient()
    client.force_login(voter)
    marks = paper(ballot, *(["yes"] * 13 + ["no"] * 7))
    with CaptureQueriesContext(connection) as queries:
        assert client.post(f"/api/v1/ballots/{ballot.pk}/cast/", {"marks": marks}, format="json").status_code == 201
    # The test's transaction turns the cast's atomic() into a savepoint; a request has none.
    work = [q["sql"] for q in queries.captured_queries if "SAVEPOINT" not in q["sql"]]
    assert len(work) == 5, work  # the session, the user, the ballot read, the participation, the paper


@pytest.mark.django_db
def test_casting_through_the_page_leaves_no_trace(caplog):
    clerk = staff()
    electorate = voters(2)
    ballot = make_ballot(clerk, options=3)
    voter = electorate[0]
    client = Client()
    client.force_login(voter)
    before = (AuditEvent.objects.count(), pghistory.models.Context.objects.count(),
              Notification.objects.count(), Delivery.objects.count())
    data = {"step": "cast", **{f"o{o.pk}": m for o, m in zip(ballot.options.all(), ["yes", "no", "no"], strict=True)}}
    connection.force_debug_cursor = True  # log every SQL statement with its parameters
    try:
        with caplog.at_level(logging.DEBUG), caplog.at_level(logging.DEBUG, logger="django.db.backends"):
            response = client.post(f"/portal/ballots/{ballot.pk}/", data)
    finally:
        connection.force_debug_cursor = False
    assert response.status_code == 200
    stored = BallotPaper.objects.get()
    after = (AuditEvent.objects.count(), pghistory.models.Context.objects.count(),
             Notification.objects.count(), Delivery.objects.count())
    assert after == before  # no audit row, no history context, no notification, no SMS on casting
    texts = [record.getMessage() + " " + repr(getattr(record, "params", "")) + repr(getattr(record, "sql", ""))
             for record in caplog.records]
    paper_records = [t for t in texts if str(stored.id) in t or str(stored.id).replace("-", "") in t
                     or stored.receipt in t]
    assert paper_records, "the SQL log was captured, so the check below means something"
    for text in paper_records:
        assert voter.username not in text
        assert "pghistory" not in text and "context_metadata" not in text  # no user id from the middleware
        assert "ballotparticipation" not in text and f"user_id\" = {voter.pk}" not in text


@pytest.mark.django_db(transaction=True)
def test_system_columns_after_close_link_nothing():
    """While open, a paper's xmin equals its participation's (README: what a DBA could see). After
    close, every paper has the closing transaction's xmin and ctid order is receipt order, which is
    random with respect to the order of casting."""
    with connection.cursor() as cursor:
        # Earlier tests' rolled-back rows leave holes the free-space map would fill first; a
        # compact table shows the physical order plainly (README: where new rows go).
        cursor.execute("VACUUM FULL congress_ballotpaper")
        cursor.execute("VACUUM FULL congress_ballotparticipation")
    clerk = staff()
    electorate = voters(24)
    ballot = make_ballot(clerk, options=3)
    cast_order = []
    for user in electorate:
        cast_order.append(services.cast(ballot.pk, user, paper(ballot, "yes", "no", "abstain")))
    old_ids = set(BallotPaper.objects.values_list("id", flat=True))
    open_papers = system_columns("congress_ballotpaper", ballot.pk)
    open_participations = system_columns("congress_ballotparticipation", ballot.pk)
    assert len({x for x, _c, _r in open_papers}) == 24  # one transaction per paper while open …
    assert {x for x, _c, _u in open_participations} == {x for x, _c, _r in open_papers}  # … shared with the voter
    assert [r for _x, _c, r in open_papers] == cast_order  # and the heap follows the order of casting

    services.close_ballot(ballot.pk, actor=clerk)
    closed = system_columns("congress_ballotpaper", ballot.pk)
    assert len({x for x, _c, _r in closed}) == 1
    assert not {x for x, _c, _r in closed} & {x for x, _c, _u in open_participations}
    assert [r for _x, _c, r in closed] == sorted(cast_order)  # ctid order is receipt order
    assert sorted(cast_order) != cast_order  # receipts are random: 1 in 24! to fail
    assert old_ids.isdisjoint(BallotPaper.objects.values_list("id", flat=True))  # fresh keys too


@pytest.mark.django_db(transaction=True)
def test_twenty_threads_one_paper():
    """quality.md goal 11: 20 requests for the same voter at once: one 201, nineteen 409."""
    from rest_framework.test import APIClient

    clerk = staff()
    voter = voters(3)[0]
    ballot = make_ballot(clerk, options=3)
    marks = paper(ballot, "yes", "no", "no")
    clients = []
    for _ in range(20):
        client = APIClient(enforce_csrf_checks=False)
        client.force_login(voter)
        clients.append(client)
    barrier = threading.Barrier(20)
    codes = []

    def run(client):
        try:
            barrier.wait()
            codes.append(client.post(f"/api/v1/ballots/{ballot.pk}/cast/", {"marks": marks}, format="json").status_code)
        finally:
            connection.close()

    threads = [threading.Thread(target=run, args=(c,)) for c in clients]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    assert sorted(codes) == [201] + [409] * 19
    assert BallotPaper.objects.filter(ballot=ballot).count() == 1
    assert BallotParticipation.objects.filter(ballot=ballot).count() == 1


@pytest.mark.django_db
def test_the_database_constraint_is_the_real_guard():
    clerk = staff()
    voter = voters(2)[0]
    ballot = make_ballot(clerk)
    BallotParticipation.objects.create(ballot=ballot, user=voter)
    with pytest.raises(IntegrityError), transaction.atomic():
        BallotParticipation.objects.create(ballot=ballot, user=voter)  # the service's check bypassed
