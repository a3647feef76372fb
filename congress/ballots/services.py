"""Ballot transitions, one function each, atomic (architecture.md "Ballots and votes").

The ballot's open/close/count/verify/publish are audited; casting is NOT (an audit row would name
the voter next to the moment of the paper). Rules: domain.md 15 (satisfaction), 20–21 (competitive).

Casting, and what it never does:
- it takes a SHARE lock on the ballot row (voters cast side by side; closing takes the row's
  UPDATE lock, so it waits for the casts under way and no paper arrives after the close);
- it inserts the participation and the paper in one transaction; the unique constraint on
  (ballot, user) is the guard against a second paper (an IntegrityError becomes `AlreadyVoted`);
- the inserts run with pghistory's context injection switched off, so no statement that writes a
  paper carries the request's user id (it would reach pg_stat_activity and any statement log);
- nothing is logged, audited or notified; the receipt is returned to the caller only.
"""

from __future__ import annotations

import contextlib
import json
import logging
import secrets
import uuid
from dataclasses import dataclass, field

from django.contrib.contenttypes.models import ContentType
from django.core.exceptions import ValidationError
from django.db import IntegrityError, connection, transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from congress import audit, roles
from congress.ballots import owner_hooks, rules, tally
from congress.ballots.models import (
    Ballot,
    BallotElector,
    BallotOption,
    BallotPaper,
    BallotParticipation,
    EnteredPaper,
    EntryBatch,
)
from congress.locking import lock

logger = logging.getLogger(__name__)

RECEIPT_ALPHABET = "ABCDEFGHJKMNPQRSTVWXYZ23456789"  # no 0/O, 1/I/L, U: read aloud and typed on a phone


class AlreadyVoted(ValidationError):
    """A second paper for the same voter: 409 on the API."""

    def __init__(self):
        super().__init__(_("You have already voted in this ballot."), code="already_voted")


def new_receipt() -> str:
    raw = "".join(secrets.choice(RECEIPT_ALPHABET) for _ in range(12))
    return f"{raw[:4]}-{raw[4:8]}-{raw[8:]}"


def normalise_receipt(text: str) -> str:
    """What a voter types ("abcd efgh jkmn", full-width letters) as the stored form, or ""."""
    import unicodedata

    text = unicodedata.normalize("NFKC", str(text or ""))[:40].upper()
    raw = "".join(ch for ch in text if ch in RECEIPT_ALPHABET)
    return f"{raw[:4]}-{raw[4:8]}-{raw[8:]}" if len(raw) == 12 else ""


@contextlib.contextmanager
def _without_history_context():
    """Take pghistory's statement wrapper off this connection for the block, and put it back.

    The history middleware prefixes every SQL statement of a request with `set_config(...)`
    carrying the signed-in user's id; on the statement that inserts a paper that would name the
    voter next to the paper. Papers have no trigger, so nothing of the history is lost.
    """
    removed = [w for w in connection.execute_wrappers if getattr(w, "__name__", "") == "_inject_history_context"]
    for wrapper in removed:
        connection.execute_wrappers.remove(wrapper)
    try:
        yield
    finally:
        connection.execute_wrappers.extend(removed)


# What casting reads of the ballot; the other fields stay deferred.
CAST_FIELDS = ("id", "content_type_id", "object_id", "kind", "mode", "status", "max_yes")
CAST_READ = """
SELECT b.id, b.content_type_id, b.object_id, b.kind, b.mode, b.status, b.max_yes,
       EXISTS (SELECT 1 FROM congress_ballotelector e WHERE e.ballot_id = b.id AND e.user_id = %(user)s),
       EXISTS (SELECT 1 FROM congress_ballotparticipation p WHERE p.ballot_id = b.id AND p.user_id = %(user)s),
       ARRAY(SELECT o.id FROM congress_ballotoption o WHERE o.ballot_id = b.id ORDER BY o.position, o.id)
FROM congress_ballot b WHERE b.id = %(ballot)s FOR SHARE OF b
"""

# Two statements, never one: a statement's text (pg_stat_activity, a statement log) must not hold
# the voter's id next to the paper.
INSERT_PARTICIPATION = "INSERT INTO congress_ballotparticipation (id, ballot_id, user_id) VALUES (%s, %s, %s)"
INSERT_PAPER = ("INSERT INTO congress_ballotpaper (id, ballot_id, marks, receipt, valid) "
                "VALUES (%s, %s, %s::jsonb, %s, true)")


def _ballot_for_share(ballot_id, user) -> tuple[Ballot, bool, bool, list[int]]:
    """Read the ballot under a SHARE row lock (many voters at once, never beside the close), with
    whether `user` is an elector, has voted, and the option ids: one round trip. A plain cursor
    and `from_db`: a RawQuerySet costs twice the query itself in Python."""
    with connection.cursor() as cursor:
        cursor.execute(CAST_READ, {"ballot": int(ballot_id), "user": user.pk})
        row = cursor.fetchone()
    if row is None:
        raise Ballot.DoesNotExist
    read = dict(zip(CAST_FIELDS, row, strict=False))
    ballot = Ballot.from_db(connection.alias, CAST_FIELDS,  # from_db wants the values in field order
                            [read[f.attname] for f in Ballot._meta.concrete_fields if f.attname in read])
    is_elector, has_voted, option_ids = row[len(CAST_FIELDS):]
    return ballot, is_elector, has_voted, option_ids


def _write(ballot_id: int, user_id: int, marks: dict, receipt: str) -> None:
    """Insert the participation, then the paper, in the caller's transaction: plain SQL, as the
    ORM's create() costs more than the insert itself on the hot path."""
    with _without_history_context(), connection.cursor() as cursor:
        try:  # no savepoint: a subtransaction's own xid would be one more system column to reason about
            cursor.execute(INSERT_PARTICIPATION, [uuid.uuid4(), ballot_id, user_id])
        except IntegrityError:
            raise AlreadyVoted() from None  # leaves the transaction, which rolls back whole
        cursor.execute(INSERT_PAPER, [uuid.uuid4(), ballot_id, json.dumps(marks), receipt])


# --------------------------------------------------------------------------- setting up


@dataclass
class OptionSpec:
    label: str
    target: object | None = None
    description: str = ""


@transaction.atomic
def create_ballot(owner, *, title: str, kind: str, options: list, actor=None, seats: int = 1,
                  max_yes: int | None = None, majority_base: str = Ballot.MajorityBase.ALL_ELECTORS,
                  quorum: int | None = None, receipts_with_marks: bool = False,
                  mode: str = Ballot.Mode.ELECTRONIC, runoff_of: Ballot | None = None) -> Ballot:
    """A draft ballot owned by `owner`, with its options (OptionSpec, or plain labels).

    Competitive (rule 21): `seats` K, at most `max_yes` "yes" a paper (default K); rule 20 (more
    options than seats) is checked when it opens. Satisfaction (rule 15): each option is a subject
    rated 满意 / 基本满意 / 不满意; `seats` is unused.
    """
    if kind not in Ballot.Kind.values:
        raise ValidationError(_("Unknown kind of ballot."), code="kind")
    max_yes = seats if max_yes is None else max_yes
    if not 1 <= max_yes <= seats:
        raise ValidationError(_("A paper may hold between 1 and K \"yes\" marks."), code="max_yes")
    ballot = Ballot.objects.create(
        content_type=ContentType.objects.get_for_model(owner), object_id=owner.pk, title=title[:200],
        kind=kind, seats=seats, max_yes=max_yes, majority_base=majority_base, quorum=quorum,
        receipts_with_marks=receipts_with_marks, mode=mode, runoff_of=runoff_of,
        created_by=actor if actor is not None and actor.is_authenticated else None,
    )
    for position, spec in enumerate(options):
        spec = spec if isinstance(spec, OptionSpec) else OptionSpec(label=str(spec))
        target = spec.target
        BallotOption.objects.create(
            ballot=ballot, position=position, label=spec.label[:200], description=spec.description,
            content_type=ContentType.objects.get_for_model(target) if target is not None else None,
            object_id=target.pk if target is not None else None,
        )
    audit.record(ballot, "congress.ballot.create", actor=actor, kind=kind, seats=seats, options=len(options))
    return ballot


def ballots_of(owner):
    """The ballots an object owns (a cycle's candidate ballot and its run-offs, a topic's votes)."""
    return Ballot.objects.filter(content_type=ContentType.objects.get_for_model(owner), object_id=owner.pk)


def electorate_of(ballot):
    """Who would be in the electorate if the ballot opened now (the owner's hook, or every active
    user in the deputy role)."""
    from django.contrib.auth import get_user_model

    hooks = owner_hooks(ballot)
    if hooks is not None and hooks.electorate is not None:
        return hooks.electorate(ballot)
    return get_user_model().objects.filter(is_active=True, groups__name=roles.DEPUTY).distinct()


@transaction.atomic
def open_ballot(ballot_id, *, actor, papers_issued: int | None = None, electorate=None) -> Ballot:
    """Open: snapshot the electorate (`electorate`, a User queryset, or `electorate_of(ballot)`),
    record its size and the quorum (rule 15) and, for a paper ballot, the number of papers issued
    (never more than the electorate)."""
    ballot = lock(Ballot.objects.all(), ballot_id)
    rules.can_open(actor, ballot).enforce()
    users = list((electorate if electorate is not None else electorate_of(ballot)).values_list("pk", flat=True))
    if not users:
        raise ValidationError(_("The electorate is empty."), code="empty_electorate")
    BallotElector.objects.bulk_create([BallotElector(ballot=ballot, user_id=pk) for pk in users])
    ballot.electorate_size = len(users)
    if ballot.quorum is None:
        ballot.quorum = tally.default_quorum(len(users))
    if ballot.mode == Ballot.Mode.PAPER:
        issued = len(users) if papers_issued is None else papers_issued
        if not 0 <= issued <= len(users):
            raise ValidationError(_("More papers issued than electors."), code="issued")
        ballot.papers_issued = issued
    ballot.status = Ballot.Status.OPEN
    ballot.opened_at = timezone.now()
    ballot.save(update_fields=["electorate_size", "quorum", "papers_issued", "status", "opened_at"])
    audit.record(ballot, "congress.ballot.open", actor=actor, electorate=len(users), quorum=ballot.quorum)
    return ballot


# --------------------------------------------------------------------------- casting


def cast(ballot_id, user, marks) -> str:
    """Cast `user`'s paper; return its receipt (shown to the voter once, stored nowhere with them).

    Refusals: not in the electorate (PermissionDenied), not open / paper ballot / already voted /
    an invalid paper (ValidationError; AlreadyVoted for the second paper, also from the race).
    """
    with transaction.atomic():
        ballot, is_elector, has_voted, option_ids = _ballot_for_share(ballot_id, user)
        verdict = rules.can_cast(user, ballot, is_elector=is_elector, has_voted=has_voted)
        if not verdict and verdict.code == "already_voted":
            raise AlreadyVoted()
        verdict.enforce()
        keys = [str(pk) for pk in option_ids]
        try:
            valid = tally.check_paper(ballot, keys, marks)
        except tally.PaperRefused as refused:
            raise ValidationError(str(refused), code="invalid_paper") from None
        if not valid:
            raise ValidationError(
                _("A paper may hold at most %(n)d \"yes\" marks; more would make it invalid.") % {"n": ballot.max_yes},
                code="too_many_yes")
        receipt = new_receipt()
        _write(ballot.pk, user.pk, {k: marks[k] for k in keys}, receipt)
        hooks = owner_hooks(ballot)
        if hooks is not None and hooks.on_cast is not None:
            hooks.on_cast(ballot, user)  # the voter only, never the marks
    return receipt


def turnout(ballot) -> int:
    """Live turnout: the number of participations, nothing else."""
    return BallotParticipation.objects.filter(ballot_id=ballot.pk).count()


# --------------------------------------------------------------------------- closing and counting


def _rewrite_papers(ballot: Ballot) -> None:
    """Delete the ballot's papers and insert them again, fresh keys, sorted by receipt, in the
    closing transaction: every paper then has that transaction's xmin, and ctids follow the
    (random) receipt order instead of the order of casting."""
    rows = list(BallotPaper.objects.filter(ballot_id=ballot.pk).values_list("receipt", "valid", "marks"))
    BallotPaper.objects.filter(ballot_id=ballot.pk).delete()
    BallotPaper.objects.bulk_create(
        [BallotPaper(ballot_id=ballot.pk, receipt=r, valid=v, marks=m) for r, v, m in sorted(rows)]
    )


def _vacuum_papers() -> None:
    """After the close commits, let VACUUM reclaim the dead (cast-order) tuples (README: secrecy)."""
    try:
        with connection.cursor() as cursor:
            cursor.execute("VACUUM congress_ballotpaper")
    except Exception:  # the close has committed; autovacuum will do it later
        logger.warning("VACUUM of the ballot papers failed; autovacuum will reclaim them", exc_info=True)


def _count(ballot: Ballot, actor) -> None:
    ballot.tally = tally.count(ballot.pk)
    ballot.digest = tally.stored_digest(ballot.pk)
    keys = [str(pk) for pk in ballot.options.values_list("pk", flat=True)]
    ballot.result = tally.decide(tally.Rules.of(ballot), ballot.tally, keys)
    ballot.status = Ballot.Status.COUNTED
    ballot.save(update_fields=["tally", "digest", "result", "status"])
    audit.record(ballot, "congress.ballot.count", actor=actor, papers=ballot.tally["papers"], digest=ballot.digest)


@transaction.atomic
def close_ballot(ballot_id, *, actor) -> Ballot:
    """Close: no paper after this. A portal ballot is rewritten, digested and counted at once; a paper
    ballot waits for the double entry (enter_paper, count_paper_ballots)."""
    ballot = lock(Ballot.objects.all(), ballot_id)
    rules.can_close(actor, ballot).enforce()
    ballot.status = Ballot.Status.CLOSED
    ballot.closed_at = timezone.now()
    ballot.save(update_fields=["status", "closed_at"])
    audit.record(ballot, "congress.ballot.close", actor=actor, participations=turnout(ballot))
    if ballot.mode == Ballot.Mode.ELECTRONIC:
        _rewrite_papers(ballot)
        _count(ballot, actor)
        transaction.on_commit(_vacuum_papers)
    return ballot


# --------------------------------------------------------------------------- paper ballots


def _batch_for(ballot, actor) -> EntryBatch:
    batch = EntryBatch.objects.filter(ballot=ballot, entered_by=actor).first()
    if batch is None:
        taken = set(EntryBatch.objects.filter(ballot=ballot).values_list("number", flat=True))
        free = [n for n in (1, 2) if n not in taken]
        if not free:
            raise ValidationError(_("Two clerks are already entering these papers."), code="two_batches")
        batch = EntryBatch.objects.create(ballot=ballot, number=free[0], entered_by=actor)
    return batch


@transaction.atomic
def enter_paper(ballot_id, *, actor, serial: int, marks: dict) -> EnteredPaper:
    """One clerk enters one returned paper (its serial number and marks; {} for a blank paper).
    A paper that marks more "yes" than allowed is entered as it is and counts as invalid; the
    papers returned never exceed the papers issued."""
    ballot = lock(Ballot.objects.all(), ballot_id)
    rules.can_enter(actor, ballot).enforce()
    batch = _batch_for(ballot, actor)
    if batch.submitted:
        raise ValidationError(_("Your entry has been submitted."), code="submitted")
    keys = [str(pk) for pk in ballot.options.values_list("pk", flat=True)]
    if marks:
        try:
            tally.check_paper(ballot, keys, marks)
        except tally.PaperRefused as refused:
            raise ValidationError(str(refused), code="invalid_paper") from None
    if not 1 <= serial <= (ballot.papers_issued or 0):
        raise ValidationError(_("The paper number must be between 1 and the papers issued (%(n)d).")
                              % {"n": ballot.papers_issued or 0}, code="returned_exceeds_issued")
    entry, _created = EnteredPaper.objects.update_or_create(batch=batch, serial=serial, defaults={"marks": marks})
    return entry


@transaction.atomic
def submit_entry(ballot_id, *, actor) -> EntryBatch:
    ballot = lock(Ballot.objects.all(), ballot_id)
    rules.can_enter(actor, ballot).enforce()
    batch = _batch_for(ballot, actor)
    batch.submitted = True
    batch.save(update_fields=["submitted"])
    audit.record(ballot, "congress.ballot.entry_submitted", actor=actor, batch=batch.number,
                 papers=batch.papers.count())
    return batch


@dataclass
class Mismatch:
    serial: int
    first: dict | None
    second: dict | None


def mismatches(ballot) -> list[Mismatch]:
    """Papers the two clerks read differently (or only one of them entered)."""
    batches = {b.number: {p.serial: p.marks for p in b.papers.all()}
               for b in EntryBatch.objects.filter(ballot=ballot).prefetch_related("papers")}
    one, two = batches.get(1, {}), batches.get(2, {})
    return [Mismatch(s, one.get(s), two.get(s)) for s in sorted(set(one) | set(two)) if one.get(s) != two.get(s)]


@transaction.atomic
def resolve_mismatch(ballot_id, *, actor, serial: int, marks: dict) -> None:
    """The clerks look at the paper together and record what it says, in both entries (audited)."""
    ballot = lock(Ballot.objects.all(), ballot_id)
    rules.can_enter(actor, ballot).enforce()
    keys = [str(pk) for pk in ballot.options.values_list("pk", flat=True)]
    if marks:
        try:
            tally.check_paper(ballot, keys, marks)
        except tally.PaperRefused as refused:
            raise ValidationError(str(refused), code="invalid_paper") from None
    batches = list(EntryBatch.objects.filter(ballot=ballot))
    if len(batches) != 2:
        raise ValidationError(_("Both clerks must enter the papers first."), code="two_batches")
    for batch in batches:
        EnteredPaper.objects.update_or_create(batch=batch, serial=serial, defaults={"marks": marks})
    audit.record(ballot, "congress.ballot.mismatch_resolved", actor=actor, serial=serial)


@transaction.atomic
def count_paper_ballots(ballot_id, *, actor) -> Ballot:
    """Count the hand-entered papers once both entries are submitted and agree: each becomes a
    stored paper (blank or over-marked ones invalid), in receipt order, then digest and tally."""
    ballot = lock(Ballot.objects.all(), ballot_id)
    rules.can_count(actor, ballot).enforce()
    batches = list(EntryBatch.objects.filter(ballot=ballot, submitted=True))
    if len(batches) != 2:
        raise ValidationError(_("Both clerks must submit their entry first."), code="two_batches")
    if mismatches(ballot):
        raise ValidationError(_("Resolve the mismatches first."), code="mismatches")
    entered = list(batches[0].papers.all())
    if len(entered) > (ballot.papers_issued or 0):
        raise ValidationError(_("More papers returned than issued."), code="returned_exceeds_issued")
    keys = [str(pk) for pk in ballot.options.values_list("pk", flat=True)]
    papers = []
    for paper in entered:
        valid = bool(paper.marks) and tally.check_paper(ballot, keys, paper.marks)
        papers.append(BallotPaper(ballot=ballot, marks=paper.marks, valid=valid, receipt=new_receipt()))
    BallotPaper.objects.bulk_create(sorted(papers, key=lambda p: p.receipt))
    _count(ballot, actor)
    return ballot


# --------------------------------------------------------------------------- verify, publish, run-off


@dataclass
class Verification:
    tally_matches: bool
    digest_matches: bool
    recount: dict = field(default_factory=dict)
    digest: str = ""

    @property
    def ok(self) -> bool:
        return self.tally_matches and self.digest_matches


def recount(ballot) -> Verification:
    """Recompute tally and digest from the stored papers and compare them with what closing stored."""
    fresh = tally.count(ballot.pk)
    digest = tally.stored_digest(ballot.pk)
    return Verification(tally_matches=fresh == ballot.tally, digest_matches=digest == ballot.digest,
                        recount=fresh, digest=digest)


@transaction.atomic
def verify_ballot(ballot_id, *, actor) -> Verification:
    """Staff verification: the recount must equal the stored tally and digest; then `verified`."""
    ballot = lock(Ballot.objects.all(), ballot_id)
    rules.can_verify(actor, ballot).enforce()
    check = recount(ballot)
    audit.record(ballot, "congress.ballot.verify", actor=actor, ok=check.ok, digest=check.digest)
    if check.ok:
        ballot.status = Ballot.Status.VERIFIED
        ballot.save(update_fields=["status"])
    return check


@transaction.atomic
def publish_ballot(ballot_id, *, actor) -> Ballot:
    """Publish the verified result and the receipts; the owner's `on_published` hook runs here."""
    ballot = lock(Ballot.objects.all(), ballot_id)
    rules.can_publish(actor, ballot).enforce()
    if not recount(ballot).ok:
        raise ValidationError(_("The papers no longer match the count: verify again."), code="verify_failed")
    ballot.status = Ballot.Status.PUBLISHED
    ballot.published_at = timezone.now()
    ballot.save(update_fields=["status", "published_at"])
    audit.record(ballot, "congress.ballot.publish", actor=actor)
    hooks = owner_hooks(ballot)
    if hooks is not None and hooks.on_published is not None:
        hooks.on_published(ballot)
    return ballot


@transaction.atomic
def start_runoff(ballot_id, *, actor) -> Ballot:
    """A run-off among the options tied at the cut-off, for the seats still open (rule 21), with
    the same rules and owner; it opens with a fresh electorate snapshot."""
    ballot = lock(Ballot.objects.all(), ballot_id)
    rules.can_start_runoff(actor, ballot).enforce()
    tied = [o for o in ballot.options.all() if o.key in ballot.result["runoff"]]
    seats = ballot.result["runoff_seats"]
    runoff = create_ballot(
        ballot.owner, title=_("%(title)s (run-off)") % {"title": ballot.title}, kind=ballot.kind,
        options=[OptionSpec(o.label, o.target, o.description) for o in tied], actor=actor, seats=seats,
        max_yes=min(ballot.max_yes, seats), majority_base=ballot.majority_base,
        receipts_with_marks=ballot.receipts_with_marks, mode=ballot.mode, runoff_of=ballot,
    )
    audit.record(ballot, "congress.ballot.runoff", actor=actor, runoff=runoff.pk, options=len(tied), seats=seats)
    return runoff
