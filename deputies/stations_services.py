"""Stations' work, one function per transition (domain.md §5, rules 27–29): reception shifts,
residents' issues and their routing, the public message form, liaisons, report-backs.

Each is atomic, locks the row it changes (the parent first: a reception before its shifts and
issues), calls the predicate of `deputies.stations_rules`, writes an audit event and its side effects
(notifications are rows: no request talks to the broker).
"""

from __future__ import annotations

import secrets
from collections.abc import Callable
from datetime import date, timedelta

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import Count, Exists, OuterRef, Q
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_noop

from congress import security
from congress.audit import record
from congress.locking import lock
from congress.notifications import notify
from congress.texts import Text
from deputies import stations_rules as rules
from deputies.models import (
    Deputy,
    Liaison,
    PublicSubmission,
    Reception,
    ReceptionDeputy,
    ReportBack,
    ReportBackRating,
    ResidentIssue,
    hash_code,
)

RI = ResidentIssue
# Crockford-like alphabet without 0/O/1/I/L: read out over the phone without mistakes.
CODE_ALPHABET = "23456789ABCDEFGHJKMNPQRSTUVWXYZ"
CODE_LENGTH = 12  # 31^12 ≈ 2^59: not guessable, and failed lookups are throttled per address


def refuse(message, code, field=None):
    raise ValidationError({field: [ValidationError(message, code=code)]} if field else
                          ValidationError(message, code=code))


# --------------------------------------------------------------------------- duty points (h/points)


def _record_duty(deputy, *, item, source, occurred_on, actor=None):
    """Earn `item` for `deputy` from `source` through the points engine (idempotent per deputy,
    source and item: recording a shift twice earns it once)."""
    from deputies.duties import record_duty

    return record_duty(deputy, item=item, source=source, occurred_on=occurred_on, actor=actor)


def _reverse_duty(deputy, *, item, source, actor=None, reason=""):
    from deputies.duties import reverse_duty

    return reverse_duty(source=source, item=item, deputy=deputy, actor=actor, reason=reason)


def new_code() -> str:
    return "".join(secrets.choice(CODE_ALPHABET) for _ in range(CODE_LENGTH))


def _office_url(issue) -> str:
    return f"/staff/deputies/issues/{issue.pk}/"


# --------------------------------------------------------------------------- receptions (rule 27)


@transaction.atomic
def schedule_reception(*, actor, station, starts_at, ends_at, deputies, topic: str = "") -> Reception:
    """Rule 27: a shift is announced (and so visible on the station's public page) when it is
    scheduled, at least DEPUTIES_STATION_NOTICE_DAYS before; each deputy on it is told."""
    rules.can_schedule_reception(actor, station).enforce()
    rules.check_reception_start(starts_at).enforce()
    if ends_at <= starts_at:
        refuse(_("A reception ends after it begins."), "ends_before_start", "ends_at")
    deputies = list(dict.fromkeys(deputies))
    if not deputies:
        refuse(_("Assign at least one deputy to the shift."), "no_deputies", "deputies")
    reception = Reception.objects.create(station=station, starts_at=starts_at, ends_at=ends_at, topic=topic.strip(),
                                         announced_at=timezone.now())
    ReceptionDeputy.objects.bulk_create([ReceptionDeputy(reception=reception, deputy=d) for d in deputies])
    record(reception, "deputies.reception.scheduled", actor=actor, deputies=[d.pk for d in deputies])
    when = timezone.localtime(starts_at).strftime("%Y-%m-%d %H:%M")
    for deputy in deputies:
        if deputy.user_id:
            notify(deputy.user, "deputies.reception.scheduled",
                   Text(gettext_noop("Reception shift at %(station)s on %(when)s"), station=station.name, when=when),
                   url="/portal/deputies/shifts/")
    return reception


@transaction.atomic
def cancel_reception(reception, *, actor, note: str) -> Reception:
    reception = lock(Reception.objects.all(), reception.pk)
    rules.can_cancel_reception(actor, reception).enforce()
    if not note.strip():
        refuse(_("Say why the reception is cancelled: residents were told it would happen."), "note_required", "note")
    reception.status = Reception.Status.CANCELLED
    reception.save(update_fields=["status"])
    record(reception, "deputies.reception.cancelled", actor=actor, note=note.strip())
    return reception


@transaction.atomic
def record_reception(reception, *, actor, attended_ids, note: str = "", residents_received: int = 0) -> Reception:
    """A held shift records who came; each deputy who came earns "reception.held" (rule 24)."""
    reception = lock(Reception.objects.all(), reception.pk)
    rules.can_record_reception(actor, reception).enforce()
    attended_ids = {int(pk) for pk in attended_ids}
    shifts = list(reception.shifts.select_related("deputy").select_for_update())
    unknown = attended_ids - {s.deputy_id for s in shifts}
    if unknown:
        refuse(_("Only deputies on the shift can be marked as present."), "not_on_shift", "attended")
    for shift in shifts:
        shift.attended = shift.deputy_id in attended_ids
    ReceptionDeputy.objects.bulk_update(shifts, ["attended"])
    reception.status = Reception.Status.HELD
    reception.held_note = note.strip()
    reception.residents_received = max(0, int(residents_received))
    reception.save(update_fields=["status", "held_note", "residents_received"])
    record(reception, "deputies.reception.held", actor=actor, attended=sorted(attended_ids))
    held_on = timezone.localtime(reception.starts_at).date()
    for shift in shifts:
        if shift.attended:
            _record_duty(shift.deputy, item="reception.held", source=reception, occurred_on=held_on, actor=actor)
    return reception


@transaction.atomic
def correct_attendance(reception, *, actor, attended_ids, note: str) -> Reception:
    """The office corrects who came to a held shift; the duty records follow (created or reversed)."""
    reception = lock(Reception.objects.all(), reception.pk)
    if not rules.is_office(actor):
        rules.forbid(_("Only the office can correct a reception's attendance.")).enforce()
    if reception.status != Reception.Status.HELD:
        refuse(_("Only a held reception's attendance can be corrected."), "state")
    attended_ids = {int(pk) for pk in attended_ids}
    held_on = timezone.localtime(reception.starts_at).date()
    for shift in reception.shifts.select_related("deputy").select_for_update():
        came = shift.deputy_id in attended_ids
        if came == bool(shift.attended):
            continue
        shift.attended = came
        shift.save(update_fields=["attended"])
        if came:
            _record_duty(shift.deputy, item="reception.held", source=reception, occurred_on=held_on, actor=actor)
        else:
            _reverse_duty(shift.deputy, item="reception.held", source=reception, actor=actor, reason=note)
    record(reception, "deputies.reception.attendance_corrected", actor=actor, note=note,
           attended=sorted(attended_ids))
    return reception


# --------------------------------------------------------------------------- resident issues (rule 28)


def _create_issue(**fields) -> tuple[ResidentIssue, str]:
    code = new_code()
    issue = ResidentIssue.objects.create(lookup_digest=hash_code(code), **fields)
    return issue, code


def _check_issue_text(subject: str, content: str) -> None:
    if not subject.strip():
        refuse(_("Give the issue a subject."), "required", "subject")
    if not content.strip():
        refuse(_("Describe the issue."), "required", "content")
    if len(content) > settings.RESIDENT_MESSAGE_MAX_LENGTH:
        refuse(_("Keep it within %(limit)d characters.") % {"limit": settings.RESIDENT_MESSAGE_MAX_LENGTH},
               "too_long", "content")


@transaction.atomic
def raise_issue_at_reception(reception, *, actor, subject: str, content: str, resident_name: str = "",
                             resident_contact: str = "", deputy=None) -> tuple[ResidentIssue, str]:
    """A keeper (or the office) logs what a resident raised at a shift; returns the issue and its
    lookup code, to be written on the resident's slip (shown once: only its digest is kept)."""
    reception = lock(Reception.objects.all(), reception.pk)
    rules.can_raise_issue_at(actor, reception).enforce()
    _check_issue_text(subject, content)
    if deputy is not None and not reception.shifts.filter(deputy=deputy).exists():
        refuse(_("Choose a deputy who was on the shift."), "not_on_shift", "deputy")
    issue, code = _create_issue(channel=RI.Channel.RECEPTION, station=reception.station, reception=reception,
                                deputy=deputy, subject=subject.strip(), content=content.strip(),
                                resident_name=resident_name.strip(), resident_contact=resident_contact.strip())
    record(issue, "deputies.resident_issue.raised", actor=actor, channel=issue.channel)
    return issue, code


def rate_limited(kind: str, address: str, limit: int, minutes: int) -> bool:
    since = timezone.now() - timedelta(minutes=minutes)
    return PublicSubmission.objects.filter(kind=kind, address=address, created_at__gte=since).count() >= limit


@transaction.atomic
def submit_public_message(*, request, subject: str, content: str, resident_name: str = "",
                          resident_contact: str = "", deputy=None, station=None) -> tuple[ResidentIssue, str]:
    """The public QR form (no login): rate-limited per address in the database; the deputy is told
    that a message came (without the resident's contact details, which only staff see)."""
    address = security.client_ip(request)
    if rate_limited(PublicSubmission.Kind.MESSAGE, address, settings.RESIDENT_MESSAGE_LIMIT,
                    settings.RESIDENT_MESSAGE_WINDOW_MINUTES):
        refuse(_("Too many messages from this address. Please try again later."), "rate_limited")
    _check_issue_text(subject, content)
    PublicSubmission.objects.create(kind=PublicSubmission.Kind.MESSAGE, address=address)
    channel = RI.Channel.DEPUTY_QR if deputy is not None else RI.Channel.STATION_QR
    station = station or (deputy.station if deputy is not None else None)
    issue, code = _create_issue(channel=channel, deputy=deputy, station=station, subject=subject.strip(),
                                content=content.strip(), resident_name=resident_name.strip(),
                                resident_contact=resident_contact.strip())
    record(issue, "deputies.resident_issue.raised", channel=channel)
    if deputy is not None and deputy.user_id:
        notify(deputy.user, "deputies.resident_issue.message",
               Text(gettext_noop("A resident left you a message: %(subject)s"), subject=issue.subject),
               url=f"/portal/deputies/messages/{issue.pk}/", channels=())
    return issue, code


@transaction.atomic
def route_issue(issue, *, actor, route: str, unit=None, due_on: date | None = None, note: str = "",
                answer: str = "") -> ResidentIssue:
    """Rule 28: answered on the spot (an answer), to a sub-district or a district unit (a due date,
    RESIDENT_ISSUE_DUE_MONTHS by default, never past RESIDENT_ISSUE_MAX_MONTHS), or refused as a
    matter under litigation, arbitration or review (a redirect note). A suggestion is made by the
    deputy: see `convert_issue`."""
    issue = lock(ResidentIssue.objects.all(), issue.pk)
    rules.can_route_issue(actor, issue).enforce()
    now = timezone.now()
    if route == RI.Route.ON_SPOT:
        if not answer.strip():
            refuse(_("Write the answer the resident was given."), "answer_required", "answer")
        issue.answer, issue.answered_at, issue.answered_by = answer.strip(), now, actor
        issue.status = RI.Status.ANSWERED
    elif route in (RI.Route.SUBDISTRICT, RI.Route.UNIT):
        rules.check_route_unit(route, unit).enforce()
        due_on = due_on or rules.default_issue_due()
        rules.check_issue_due(due_on).enforce()
        issue.unit, issue.due_on, issue.status = unit, due_on, RI.Status.ROUTED
    elif route == RI.Route.REFUSED:
        if not note.strip():
            refuse(_("Write where the resident should take the matter (court, arbitration, review body)."),
                   "redirect_note_required", "note")
        issue.status = RI.Status.REFUSED
    else:
        refuse(_("Choose how the issue is handled."), "invalid_route", "route")
    issue.route, issue.routed_at, issue.route_note = route, now, note.strip()
    issue.save()
    record(issue, "deputies.resident_issue.routed", actor=actor, note=issue.route_note, route=route,
           unit=issue.unit_id, due_on=issue.due_on.isoformat() if issue.due_on else None)
    if issue.status == RI.Status.ROUTED:
        for handler in issue.unit.handlers.filter(is_active=True):
            notify(handler, "deputies.resident_issue.routed",
                   Text(gettext_noop("A resident issue to answer by %(date)s: %(subject)s"),
                        date=issue.due_on.isoformat(), subject=issue.subject),
                   url=f"/portal/deputies/issues/{issue.pk}/")
    return issue


@transaction.atomic
def convert_issue(issue, *, actor, make_draft: Callable[..., object]) -> ResidentIssue:
    """The deputy turns the issue into a draft suggestion (rule 28). `make_draft(actor=, title=,
    content=)` is given by the caller — the suggestions app owns drafts and sits above this one, so
    it passes its own `create_draft` (suggestions/from_issues.py); it runs in this transaction, so a
    refused draft leaves the issue as it was."""
    issue = lock(ResidentIssue.objects.select_related("reception"), issue.pk)
    rules.can_convert_issue(actor, issue).enforce()
    content = _("Raised by a resident on %(date)s:\n\n%(content)s") % {
        "date": timezone.localtime(issue.created_at).date().isoformat(), "content": issue.content}
    suggestion = make_draft(actor=actor, title=issue.subject, content=content)
    issue.route, issue.status, issue.routed_at = RI.Route.SUGGESTION, RI.Status.CONVERTED, timezone.now()
    issue.suggestion_ref = suggestion.pk
    issue.save(update_fields=["route", "status", "routed_at", "suggestion_ref"])
    record(issue, "deputies.resident_issue.converted", actor=actor, suggestion=suggestion.pk)
    return issue


@transaction.atomic
def answer_issue(issue, *, actor, answer: str) -> ResidentIssue:
    """The handling unit answers; the resident reads it with the lookup code and rates it."""
    issue = lock(ResidentIssue.objects.all(), issue.pk)
    rules.can_answer_issue(actor, issue).enforce()
    if not answer.strip():
        refuse(_("Write the answer."), "answer_required", "answer")
    if len(answer) > settings.CONGRESS_MAX_TEXT_LENGTH:
        refuse(_("The answer is too long."), "too_long", "answer")
    issue.answer, issue.answered_at, issue.answered_by = answer.strip(), timezone.now(), actor
    issue.status = RI.Status.ANSWERED
    issue.save(update_fields=["answer", "answered_at", "answered_by", "status"])
    record(issue, "deputies.resident_issue.answered", actor=actor)
    if issue.deputy_id and issue.deputy.user_id:
        notify(issue.deputy.user, "deputies.resident_issue.answered",
               Text(gettext_noop("A resident's issue was answered: %(subject)s"), subject=issue.subject),
               url=f"/portal/deputies/messages/{issue.pk}/", channels=())
    return issue


def find_issue_by_code(*, request, code: str) -> ResidentIssue | None:
    """The resident's lookup (no login). Unknown codes count against the address; past
    RESIDENT_LOOKUP_FAILURE_LIMIT an hour, lookups are refused, so codes cannot be enumerated."""
    address = security.client_ip(request)
    if rate_limited(PublicSubmission.Kind.LOOKUP_FAILURE, address, settings.RESIDENT_LOOKUP_FAILURE_LIMIT, 60):
        refuse(_("Too many unknown codes from this address. Please try again in an hour."), "rate_limited")
    cleaned = "".join(ch for ch in code.upper() if ch in CODE_ALPHABET)
    issue = None
    if len(cleaned) == CODE_LENGTH:
        issue = ResidentIssue.objects.select_related("unit", "deputy", "station").filter(
            lookup_digest=hash_code(cleaned)).first()
    if issue is None:
        note_lookup_failure(request)
    return issue


def note_lookup_failure(request) -> None:
    """A code that matched nothing (or was not even well-formed) counts against its address."""
    PublicSubmission.objects.create(kind=PublicSubmission.Kind.LOOKUP_FAILURE, address=security.client_ip(request))


@transaction.atomic
def rate_issue(issue, *, rating: str, comment: str = "") -> ResidentIssue:
    """The resident rates the answer (with the lookup code); the issue is closed."""
    issue = lock(ResidentIssue.objects.all(), issue.pk)
    rules.can_rate_issue(issue).enforce()
    if rating not in RI.Rating.values:
        refuse(_("Choose a rating."), "invalid_rating", "rating")
    if len(comment) > settings.RESIDENT_MESSAGE_MAX_LENGTH:
        refuse(_("Keep it within %(limit)d characters.") % {"limit": settings.RESIDENT_MESSAGE_MAX_LENGTH},
               "too_long", "comment")
    issue.rating, issue.rating_comment, issue.rated_at = rating, comment.strip(), timezone.now()
    issue.status = RI.Status.CLOSED
    issue.save(update_fields=["rating", "rating_comment", "rated_at", "status"])
    record(issue, "deputies.resident_issue.rated", rating=rating)
    return issue


# --------------------------------------------------------------------------- liaisons


@transaction.atomic
def add_liaison(*, actor, deputy, name: str, kind: str = Liaison.Kind.LIAISON, community: str = "",
                phone: str = "") -> Liaison:
    rules.can_manage_liaisons(actor).enforce()
    if not name.strip():
        refuse(_("Give the person's name."), "required", "name")
    liaison = Liaison.objects.create(deputy=deputy, kind=kind, name=name.strip(), community=community.strip(),
                                     phone=phone.strip())
    record(deputy, "deputies.liaison.added", actor=actor, liaison=liaison.pk, kind=kind)
    return liaison


# --------------------------------------------------------------------------- report-backs (rule 29)


def deputies_without_report_back(term):
    """Serving deputies of `term` with no report-back held in it (rule 29: once per term)."""
    held = ReportBack.objects.filter(deputy=OuterRef("pk"), status__in=[ReportBack.Status.HELD,
                                                                        ReportBack.Status.PUBLISHED],
                                     year__gte=term.starts_on.year, year__lte=term.ends_on.year)
    return Deputy.objects.serving().filter(term=term).exclude(Exists(held))


@transaction.atomic
def plan_report_backs(*, actor, term, year: int) -> list[ReportBack]:
    """Plan the year's report-backs: DEPUTIES_REPORT_BACK_SHARE of the serving deputies, those who
    have not reported this term first, and in the term's last year every one still missing (rule 29).
    Running it again tops the plan up to the quota and never plans a deputy twice in a year."""
    rules.can_plan_report_backs(actor).enforce()
    if term is None:
        refuse(_("There is no current term."), "no_term")
    serving = Deputy.objects.serving().filter(term=term)
    quota = rules.report_back_quota(serving.count())
    planned = ReportBack.objects.filter(year=year, deputy__term=term)
    missing = deputies_without_report_back(term).exclude(report_backs__year=year)
    planned_any = ReportBack.objects.filter(deputy=OuterRef("pk"), year__gte=term.starts_on.year)
    # Those never planned in this term first, then by name: stable, so the plan is reproducible.
    candidates = missing.annotate(was_planned=Exists(planned_any)).order_by("was_planned", "name", "id")
    wanted = candidates if year >= term.ends_on.year else candidates[:max(0, quota - planned.count())]
    created = ReportBack.objects.bulk_create(
        [ReportBack(deputy=d, year=year, station_id=d.station_id) for d in wanted], ignore_conflicts=True)
    for report_back in created:
        if report_back.pk:
            record(report_back, "deputies.report_back.planned", actor=actor)
    return created


@transaction.atomic
def record_report_back(report_back, *, actor, held_on: date, report: str, comments: str = "") -> str:
    """The meeting is recorded and opened for rating; returns the rating token of its QR code
    (shown once; only its digest is kept). The deputy earns "report_back" (rule 24)."""
    report_back = lock(ReportBack.objects.select_related("deputy"), report_back.pk)
    rules.can_record_report_back(actor, report_back).enforce()
    if held_on > timezone.localdate():
        refuse(_("A report-back is recorded after it is held."), "in_future", "held_on")
    if not report.strip():
        refuse(_("Attach the text or summary of the report."), "required", "report")
    token = secrets.token_urlsafe(24)
    report_back.status, report_back.held_on = ReportBack.Status.HELD, held_on
    report_back.report, report_back.comments = report.strip(), comments.strip()
    report_back.rating_digest, report_back.rating_open = hash_code(token), True
    report_back.save()
    record(report_back, "deputies.report_back.held", actor=actor, held_on=held_on.isoformat())
    _record_duty(report_back.deputy, item="report_back", source=report_back, occurred_on=held_on, actor=actor)
    return token


@transaction.atomic
def add_paper_ratings(report_back, *, actor, satisfied: int = 0, basically: int = 0, unsatisfied: int = 0):
    """Paper forms counted by staff, entered as ratings."""
    report_back = lock(ReportBack.objects.all(), report_back.pk)
    if not rules.is_office(actor):
        rules.forbid(_("Only the office enters paper ratings.")).enforce()
    rules.can_rate_report_back(report_back).enforce()
    counts = {ResidentIssue.Rating.SATISFIED: satisfied, ResidentIssue.Rating.BASICALLY: basically,
              ResidentIssue.Rating.UNSATISFIED: unsatisfied}
    if any(n < 0 or n > 10_000 for n in counts.values()):
        refuse(_("Enter the number of forms, between 0 and 10000."), "invalid_count")
    ReportBackRating.objects.bulk_create([
        ReportBackRating(report_back=report_back, rating=rating, channel=ReportBackRating.Channel.PAPER)
        for rating, n in counts.items() for _i in range(n)])
    record(report_back, "deputies.report_back.paper_ratings", actor=actor, **{str(k): v for k, v in counts.items()})


@transaction.atomic
def rate_report_back_by_phone(*, request, token: str, rating: str, comment: str = "") -> ReportBack:
    """A resident at the meeting rates on the phone through the meeting's QR code (rate-limited)."""
    address = security.client_ip(request)
    if rate_limited(PublicSubmission.Kind.RATING, address, settings.RESIDENT_MESSAGE_LIMIT,
                    settings.RESIDENT_MESSAGE_WINDOW_MINUTES):
        refuse(_("Too many ratings from this address."), "rate_limited")
    report_back = ReportBack.objects.filter(rating_digest=hash_code(token), rating_open=True).first() if token else None
    if report_back is None:
        refuse(_("This rating link is not open."), "not_open")
    report_back = lock(ReportBack.objects.all(), report_back.pk)
    rules.can_rate_report_back(report_back).enforce()
    if rating not in ResidentIssue.Rating.values:
        refuse(_("Choose a rating."), "invalid_rating", "rating")
    if len(comment) > settings.RESIDENT_MESSAGE_MAX_LENGTH:
        refuse(_("Keep it within %(limit)d characters.") % {"limit": settings.RESIDENT_MESSAGE_MAX_LENGTH},
               "too_long", "comment")
    PublicSubmission.objects.create(kind=PublicSubmission.Kind.RATING, address=address)
    ReportBackRating.objects.create(report_back=report_back, rating=rating, comment=comment.strip(),
                                    channel=ReportBackRating.Channel.PHONE)
    return report_back


@transaction.atomic
def publish_report_back(report_back, *, actor) -> ReportBack:
    """Rule 29: the rating is counted from the stored ratings, published and returned to the deputy."""
    report_back = lock(ReportBack.objects.select_related("deputy__user"), report_back.pk)
    rules.can_publish_report_back(actor, report_back).enforce()
    counts = report_back.ratings.aggregate(
        satisfied=Count("id", filter=Q(rating=ResidentIssue.Rating.SATISFIED)),
        basically=Count("id", filter=Q(rating=ResidentIssue.Rating.BASICALLY)),
        unsatisfied=Count("id", filter=Q(rating=ResidentIssue.Rating.UNSATISFIED)))
    for name, value in counts.items():
        setattr(report_back, name, value)
    report_back.status, report_back.rating_open = ReportBack.Status.PUBLISHED, False
    report_back.published_at = timezone.now()
    report_back.save()
    record(report_back, "deputies.report_back.published", actor=actor, **counts)
    if report_back.deputy.user_id:
        notify(report_back.deputy.user, "deputies.report_back.published",
               Text(gettext_noop("The result of your %(year)s report-back is published"), year=report_back.year),
               url="/portal/deputies/report-backs/", channels=("email",))
    return report_back
