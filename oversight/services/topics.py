from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_noop

from congress import audit
from congress.locking import lock
from congress.notifications import notify
from congress.texts import Text
from deputies.models import Deputy
from oversight import duties, rules
from oversight.models import Activity, DeliberationOpinion, Finding, InquiryQuestion, Participation, Topic


def _topic(topic):
    return lock(Topic.objects.all(), topic.pk)


@transaction.atomic
def start_research(topic, *, actor):
    topic = _topic(topic)
    rules.can_manage(actor).enforce()
    if topic.stage != Topic.Stage.PLANNED:
        raise ValidationError(_("Research starts from a planned topic."), code="state")
    topic.stage = Topic.Stage.RESEARCH
    topic.save(update_fields=["stage"])
    audit.record(topic, "oversight.topic.research", actor=actor)
    return topic


@transaction.atomic
def add_activity(topic, *, actor, kind, title, held_on, location="", capacity=20, notes=""):
    topic = _topic(topic)
    rules.can_manage(actor).enforce()
    activity = Activity.objects.create(topic=topic, kind=kind, title=title, held_on=held_on, location=location,
                                       capacity=capacity, notes=notes)
    audit.record(topic, "oversight.activity.add", actor=actor, activity=activity.pk)
    return activity


@transaction.atomic
def sign_up(activity, *, actor):
    """A deputy signs up in the portal (the activity row is locked so the places are not oversold)."""
    activity = lock(Activity.objects.select_related("topic__plan"), activity.pk)
    deputy = Deputy.objects.filter(user=actor).first() if actor.is_authenticated else None
    rules.can_sign_up(actor, activity, deputy).enforce()
    try:
        with transaction.atomic():
            participation = Participation.objects.create(activity=activity, deputy=deputy)
    except IntegrityError:
        raise ValidationError(_("You have already signed up."), code="duplicate") from None
    audit.record(activity.topic, "oversight.activity.sign_up", actor=actor, activity=activity.pk)
    return participation


@transaction.atomic
def record_attendance(activity, *, actor, deputy_ids):
    """Staff mark who attended; each attendance earns the "oversight.activity" duty (rule 24),
    a removed attendance reverses it."""
    activity = lock(Activity.objects.all(), activity.pk)
    rules.can_manage(actor).enforce()
    wanted = set(deputy_ids)
    for participation in activity.participations.select_related("deputy", "activity"):
        attended = participation.deputy_id in wanted
        if attended == participation.attended:
            continue
        participation.attended = attended
        participation.save(update_fields=["attended"])
        if attended:
            duties.record_activity_duty(participation, actor=actor)
        else:
            duties.reverse_activity_duty(participation, actor=actor)
    audit.record(activity.topic, "oversight.activity.attendance", actor=actor, activity=activity.pk,
                 attended=len(wanted))
    return activity


@transaction.atomic
def record_hearing(topic, *, actor, report_summary, heard_on=None, meeting=None):
    """The unit's report heard at its meeting."""
    topic = _topic(topic)
    rules.can_manage(actor).enforce()
    if topic.stage not in {Topic.Stage.PLANNED, Topic.Stage.RESEARCH}:
        raise ValidationError(_("The report of this topic has already been heard."), code="state")
    topic.report_summary = report_summary
    topic.report_recorded_on = heard_on or timezone.localdate()
    topic.meeting = meeting or topic.meeting
    topic.stage = Topic.Stage.HEARD
    topic.save(update_fields=["report_summary", "report_recorded_on", "meeting", "stage"])
    audit.record(topic, "oversight.topic.hear", actor=actor)
    return topic


@transaction.atomic
def record_question(topic, *, actor, asked_by, answered_by, question, answer="", rating=""):
    """Rule 18: each inquiry question with who asked, who answered, the answer, an optional rating."""
    topic = _topic(topic)
    rules.can_manage(actor).enforce()
    if topic.kind != Topic.Kind.INQUIRY:
        raise ValidationError(_("Questions are recorded for a special inquiry."), code="not_inquiry")
    item = InquiryQuestion.objects.create(topic=topic, asked_by=asked_by, answered_by=answered_by,
                                          question=question, answer=answer, rating=rating)
    audit.record(topic, "oversight.topic.question", actor=actor, question=item.pk)
    return item


@transaction.atomic
def issue_opinion(topic, *, actor, text, findings, issued_on=None, due_on=None):
    """审议意见 with its problem list (rule 17): each finding goes to its unit with the handling
    report's due date (OVERSIGHT_HANDLING_MONTHS after issue unless given). `findings`:
    [(unit, problem, required_action), …]. The units' handlers are notified."""
    topic = _topic(topic)
    rules.can_issue_opinion(actor, topic).enforce()
    if not findings:
        raise ValidationError({"findings": _("An opinion lists at least one finding.")}, code="required")
    issued_on = issued_on or timezone.localdate()
    due_on = due_on or rules.handling_due_on(issued_on)
    if due_on <= issued_on:
        raise ValidationError({"due_on": _("The due date must follow the date of issue.")}, code="due_before_issue")
    opinion = DeliberationOpinion.objects.create(topic=topic, round=topic.round, text=text, issued_on=issued_on,
                                                 due_on=due_on, issued_by=actor)
    created = Finding.objects.bulk_create([
        Finding(opinion=opinion, unit=unit, problem=problem, required_action=action, due_on=due_on)
        for unit, problem, action in findings])
    topic.stage = Topic.Stage.OPINION
    topic.save(update_fields=["stage"])
    audit.record(topic, "oversight.topic.opinion", actor=actor, round=topic.round, findings=len(created))
    from congress.models import User

    units = {finding.unit_id for finding in created}
    for handler in User.objects.filter(unit_id__in=units, is_active=True, groups__name="unit_handler").distinct():
        notify(handler, "oversight.opinion", Text(gettext_noop("Oversight: findings on “%(title)s” for your unit"),
                                                   title=topic.title),
               body=Text(gettext_noop("Report on each finding by %(date)s."), date=due_on),
               url="/portal/oversight/findings/")
    return opinion
