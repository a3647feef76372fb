"""Notifications and their delivery.

`notify()` writes an in-app Notification and pending Delivery rows (email, SMS) in the caller's
transaction: the rows are the outbox. No request ever talks to the broker; the beat-driven
sweeps `deliver_pending()` and `deliver_due_reminders()` send what is pending, claiming rows with
`SELECT … FOR UPDATE SKIP LOCKED` so that two workers never send the same row, and committing each
claim before sending so that a killed worker never causes a second send under a new key.
"""

import logging
from collections import defaultdict
from datetime import datetime, time, timedelta

from django.conf import settings
from django.contrib.contenttypes.models import ContentType
from django.core.mail import EmailMessage
from django.core.mail.utils import DNS_NAME
from django.db import transaction
from django.utils import timezone

from congress import sms
from congress.models import Delivery, Notification, Reminder
from congress.texts import Text, as_text

logger = logging.getLogger("congress.notifications")

ALL_CHANNELS = ("email", "sms")


def notify(recipient, kind: str, title: str | Text, *, body: str | Text = "", url: str = "",
           channels=ALL_CHANNELS, clears_on: tuple | None = None) -> Notification:
    """Put a message in `recipient`'s inbox and queue it by email and SMS where they have an address.

    Give `title` and `body` as `congress.texts.Text`: the inbox shows them in the reader's language,
    while email and SMS go out in the office's language (a plain string is shown as it is).
    A notification that asks for an action gives `clears_on=(obj, action)`: the service that does
    that action calls `clear(obj, action)` and the notification is marked read by itself.
    """
    title_text, body_text = as_text(title), as_text(body)
    message = {part: text.to_json() for part, text in (("title", title_text), ("body", body_text)) if text}
    title = title_text.render_for_office()[:200] if title_text else ""
    body = body_text.render_for_office() if body_text else ""
    subject = {}
    if clears_on is not None:
        obj, action = clears_on
        subject = {"subject_type": ContentType.objects.get_for_model(obj), "subject_id": obj.pk, "action": action}
    notification = Notification.objects.create(recipient=recipient, kind=kind, title=title, body=body, url=url,
                                               message=message, **subject)
    text = f"{title}\n{body}".strip()
    deliveries = []
    if "email" in channels and recipient.email:
        deliveries.append(Delivery(notification=notification, channel=Delivery.Channel.EMAIL,
                                   address=recipient.email, subject=title, body=text))
    if "sms" in channels and recipient.phone:
        deliveries.append(Delivery(notification=notification, channel=Delivery.Channel.SMS,
                                   address=recipient.phone, body=text))
    Delivery.objects.bulk_create(deliveries)
    return notification


def mark_read(recipient, notification_ids=None) -> int:
    """Mark some (or all) of one user's notifications read; others' ids are ignored."""
    unread = Notification.objects.filter(recipient=recipient, read_at__isnull=True)
    if notification_ids is not None:
        unread = unread.filter(pk__in=notification_ids)
    return unread.update(read_at=timezone.now())


def clear(subject, action: str | None = None, *, recipients=None) -> int:
    """The action a notification asked for is done: mark the unread notifications about `subject`
    that await `action` (any action when None) read — for everyone told (a unit's other handlers,
    every office staff member: the work is done whoever did it), or only for `recipients`.
    Called by the service that did the action, in its transaction. Returns how many were cleared."""
    unread = Notification.objects.filter(subject_type=ContentType.objects.get_for_model(subject),
                                         subject_id=subject.pk, read_at__isnull=True)
    if action is not None:
        unread = unread.filter(action=action)
    if recipients is not None:
        unread = unread.filter(recipient__in=recipients)
    return unread.update(read_at=timezone.now())


def _clock(value: str) -> time:
    hours, minutes = value.split(":")
    return time(int(hours), int(minutes))


def in_quiet_hours(moment: datetime | None = None) -> bool:
    """Rule 13: no SMS between CONGRESS_SMS_QUIET_START and _END (local time; may span midnight)."""
    now = timezone.localtime(moment).time()
    start, end = _clock(settings.CONGRESS_SMS_QUIET_START), _clock(settings.CONGRESS_SMS_QUIET_END)
    if start == end:
        return False
    return start <= now < end if start < end else (now >= start or now < end)


def _send(delivery: Delivery, sms_backend) -> None:
    key = delivery.idempotency_key
    if delivery.channel == Delivery.Channel.EMAIL:
        # The Message-ID is the idempotency key of email: a repeat after a killed worker carries the
        # same one, which mail servers and clients treat as the same message.
        EmailMessage(delivery.subject, delivery.body, None, [delivery.address],
                     headers={"Message-ID": f"<{key}@{DNS_NAME}>"}).send()
    else:
        sms_backend.send(delivery.address, delivery.body, idempotency_key=key)


def _release_stale_claims() -> int:
    """Put back rows left "sending" longer than CONGRESS_DELIVERY_CLAIM_SECONDS: their worker died
    between claiming and recording the send. They go out again with the same idempotency key, so a
    gateway that already has the message drops the repeat. (The claim time outlasts
    CELERY_TASK_TIME_LIMIT, so a live worker's claim is never taken from it.)"""
    stale = timezone.now() - timedelta(seconds=settings.CONGRESS_DELIVERY_CLAIM_SECONDS)
    released = Delivery.objects.filter(state=Delivery.State.SENDING, claimed_at__lt=stale).update(
        state=Delivery.State.PENDING)
    if released:
        logger.warning("%s deliveries were left sending by a stopped worker; retrying them with their keys",
                       released)
    return released


def _claim(*, quiet: bool, skip: list[int]) -> Delivery | None:
    """Take one pending row to send, in a transaction of its own that commits before anything is sent."""
    with transaction.atomic():
        rows = (Delivery.objects.select_for_update(skip_locked=True)
                .filter(state=Delivery.State.PENDING).exclude(pk__in=skip))
        if quiet:
            rows = rows.exclude(channel=Delivery.Channel.SMS)
        delivery = rows.order_by("created_at", "id").first()
        if delivery is None:
            return None
        delivery.state, delivery.claimed_at = Delivery.State.SENDING, timezone.now()
        delivery.attempts += 1
        delivery.save(update_fields=["state", "claimed_at", "attempts"])
    return delivery


def deliver_pending(batch: int | None = None, now: datetime | None = None) -> int:
    """Send up to `batch` pending deliveries; SMS waits while quiet hours last. Returns how many were sent.

    Each row is claimed ("sending", with the claim time) in its own committed transaction, sent,
    then marked sent in another: a worker killed mid-sweep leaves at most the row it was sending,
    which a later sweep retries with the same idempotency key; everything marked sent stays sent.
    A failure is recorded on the row and retried by the next sweep, up to
    CONGRESS_DELIVERY_MAX_ATTEMPTS; then the row is marked failed and stays visible to staff.
    """
    batch = batch or settings.CONGRESS_DELIVERY_BATCH
    quiet = in_quiet_hours(now or timezone.now())
    sms_backend = sms.get_backend()
    _release_stale_claims()
    sent, seen = 0, []
    while len(seen) < batch:
        delivery = _claim(quiet=quiet, skip=seen)
        if delivery is None:
            break
        seen.append(delivery.pk)
        try:
            _send(delivery, sms_backend)
        except Exception as exc:  # any gateway error: keep the row, retry later
            failed = delivery.attempts >= settings.CONGRESS_DELIVERY_MAX_ATTEMPTS
            Delivery.objects.filter(pk=delivery.pk).update(
                state=Delivery.State.FAILED if failed else Delivery.State.PENDING, claimed_at=None,
                last_error=f"{type(exc).__name__}: {exc}"[:2000])
            logger.warning("delivery %s failed (attempt %s): %s", delivery.pk, delivery.attempts, exc)
        else:
            Delivery.objects.filter(pk=delivery.pk).update(state=Delivery.State.SENT, sent_at=timezone.now())
            sent += 1
    return sent


def deliver_due_reminders(today=None, batch: int | None = None) -> int:
    """Turn pending reminders due today or earlier into notifications; each is sent once.

    Before sending, each kind's rule (congress/reminders.py) is asked, in one query per rule for the
    whole batch, which targets still need it: the reminders of work that has stopped (a closed
    suggestion, an answered case) are cancelled, not sent — whichever service stopped the work.
    Returns how many were sent.
    """
    from congress.reminders import rule_for

    today = today or timezone.localdate()
    batch = batch or settings.CONGRESS_DELIVERY_BATCH
    with transaction.atomic():
        due = list(
            Reminder.objects.select_for_update(skip_locked=True, of=("self",))
            .filter(state=Reminder.State.PENDING, due_on__lte=today)
            .select_related("recipient")
            .order_by("due_on", "id")[:batch]
        )
        by_rule = defaultdict(list)
        for reminder in due:
            by_rule[rule_for(reminder.kind)].append(reminder)
        live, dead = [], []
        for rule, reminders in by_rule.items():
            alive = rule.live_ids({r.object_id for r in reminders}) if rule else {r.object_id for r in reminders}
            for reminder in reminders:
                (live if reminder.object_id in alive else dead).append(reminder)
        now = timezone.now()
        for reminder in live:
            message = reminder.message or {}
            title = Text.from_json(message.get("title")) or reminder.title
            body = Text.from_json(message.get("body")) or reminder.body
            notify(reminder.recipient, reminder.kind, title, body=body, url=reminder.url, channels=reminder.channels)
            reminder.state, reminder.sent_at = Reminder.State.SENT, now
        for reminder in dead:
            reminder.state = Reminder.State.CANCELLED
        Reminder.objects.bulk_update(due, ["state", "sent_at"])
        if dead:
            logger.info("cancelled %s reminders whose work has stopped", len(dead))
    return len(live)


def cancel_reminders(obj, kinds=None) -> int:
    """Stop the pending reminders about `obj` (a withdrawn suggestion, a finished task)."""
    pending = Reminder.objects.filter(
        content_type=ContentType.objects.get_for_model(obj), object_id=obj.pk, state=Reminder.State.PENDING
    )
    if kinds:
        pending = pending.filter(kind__in=kinds)
    return pending.update(state=Reminder.State.CANCELLED)
