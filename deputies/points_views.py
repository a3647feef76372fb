"""Staff pages of duty points: the ranking with its charts and Excel export, the records list and
verification queue, attendance, sign-in sheet import, the rules editor, adjustments, the points
notices workflow, follow-ups, and the performance file (履职档案). Every page reads through
`visible_to`; a page that holds forms is a `..._page()` function shown by its GET view and, after a
refusal, by the action (deputies/points_actions.py), which calls one service in `deputies.services`."""

from datetime import date

from django import forms
from django.contrib import messages
from django.db.models import Avg, Count, Q
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views import View
from django.views.generic import TemplateView

from congress import charts
from congress.bounds import parse_year
from congress.exports import Column
from congress.models import Meeting
from congress.views import FilteredListView, PageView, StaffRequiredMixin
from deputies import rules
from deputies.filtersets import DutyRecordFilterSet, PointsFilterSet
from deputies.models import (
    Deputy,
    DutyRecord,
    MeetingAttendance,
    PointRule,
    PointsFollowUp,
    PointsNotice,
    PointsSummary,
    SignInSheet,
)
from deputies.pages import offer
from deputies.points_forms import (
    AdjustmentForm,
    AnswerObjectionForm,
    ApproveNoticeForm,
    AttendanceForm,
    FollowUpForm,
    ImportForm,
    NoticeForm,
    PublishNoticeForm,
    ReasonForm,
    RuleForm,
)
from deputies.selectors import performance_file, yearly_ranking
from deputies.services import sheets


def this_year(request) -> int:
    return parse_year(request.GET.get("year"), timezone.localdate().year)


# --------------------------------------------------------------------------- ranking and charts


class RankingView(FilteredListView):
    """The points ranking of a year (nightly summary rows), with filters and Excel export."""

    model = PointsSummary
    filterset_class = PointsFilterSet
    template_name = "deputies/points/ranking.html"
    export_name = "duty-points"
    permission_required = ("congress.access_staff_ui", "deputies.view_pointssummary")

    def get_queryset(self):
        queryset = super().get_queryset().select_related("deputy__delegation")
        if not self.request.GET.get("year"):
            queryset = queryset.filter(year=this_year(self.request))
        return queryset.order_by("year", "rank", "deputy_id")

    def export_columns(self, user):
        return [
            Column(_("Rank"), lambda s: s.rank),
            Column(_("Name"), lambda s: s.deputy.name),
            Column(_("Delegation"), lambda s: s.deputy.delegation),
            Column(_("Year"), lambda s: s.year),
            Column(_("Total"), lambda s: s.total),
            Column(_("Band"), lambda s: s.get_band_display()),
        ]

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        year = this_year(self.request)
        rows = PointsSummary.objects.filter(year=year)
        # the distribution of this year's points in bands of 10 (one query), and the average per
        # year, as Jiangbei published it
        lows = list(range(-40, 130, 10))
        counts = rows.aggregate(**{f"b{n}": Count("id", filter=Q(total__gte=low, total__lt=low + 10))
                                   for n, low in enumerate(lows)})
        buckets = [{"label": f"{low}–{low + 9}", "count": counts[f"b{n}"]} for n, low in enumerate(lows)]
        shown = [b for b in buckets if b["count"]]
        peak = max([b["count"] for b in shown] + [1])
        distribution = charts.bar_chart(shown, lambda b: b["count"] / peak, label=lambda b: b["label"])
        for bar, bucket in zip(distribution["bars"], shown, strict=True):
            bar["text"] = str(bucket["count"])
        averages = list(PointsSummary.objects.values("year").annotate(avg=Avg("total"), n=Count("id"))
                        .order_by("year"))
        top = max([float(a["avg"]) for a in averages] + [1])
        per_year = charts.bar_chart(averages, lambda a: max(float(a["avg"]), 0) / top, label=lambda a: str(a["year"]))
        for bar, row in zip(per_year["bars"], averages, strict=True):
            bar["text"] = f"{float(row['avg']):.1f}"
        context.update(year=year, distribution=distribution, per_year=per_year,
                       bands=rows.aggregate(good=Count("id", filter=Q(band="good")),
                                            fair=Count("id", filter=Q(band="fair")),
                                            poor=Count("id", filter=Q(band="poor"))))
        return context


# --------------------------------------------------------------------------- records and verification


class RecordListView(FilteredListView):
    """Every duty record; `?status=pending` is the verification queue. The export is a sign-in
    sheet the import reads back."""

    model = DutyRecord
    filterset_class = DutyRecordFilterSet
    template_name = "deputies/points/records.html"
    export_name = "duty-records"
    permission_required = ("congress.access_staff_ui", "deputies.view_dutyrecord")

    def get_queryset(self):
        return sheets.with_meeting_ref(super().get_queryset())

    def export_columns(self, user):
        return sheets.export_columns()

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        context["rows"] = [decision_forms(self.request.user, row) for row in context["object_list"]]
        return context


def decision_forms(user, record, failed=None):
    """A pending record with the forms the user may use on it: verify / return a reported duty,
    approve / reject an adjustment (the services decide; a refusal comes back on the record)."""
    if record.status != DutyRecord.Status.PENDING or not user.has_perm("deputies.change_dutyrecord"):
        return record
    yes, no = ("verify", "return") if record.origin == DutyRecord.Origin.SELF_REPORTED else ("approve", "reject")
    if record.origin in (DutyRecord.Origin.SELF_REPORTED, DutyRecord.Origin.ADJUSTMENT):
        record.yes_form = offer(failed, f"{yes}-{record.pk}", forms.Form)
        record.no_form = offer(failed, f"{no}-{record.pk}", ReasonForm)
    return record


def decision_page(request, record, failed) -> tuple[str, dict]:
    """One record and its decision, shown again when a decision taken on the queue was refused."""
    return "deputies/points/record_decision.html", {
        "record": decision_forms(request.user, record, failed),
        "back": reverse("deputies:points_records") + "?status=pending"}


def adjustment_page(request, failed=None) -> tuple[str, dict]:
    """A manual adjustment: a reason now, a second person's approval in the queue (rule 24)."""
    return "deputies/points/adjustment.html", {"form": offer(failed, "adjustment", AdjustmentForm)}


class AdjustmentView(StaffRequiredMixin, View):
    permission_required = ("congress.access_staff_ui", "deputies.change_dutyrecord")

    def get(self, request):
        template, context = adjustment_page(request)
        return render(request, template, context)


# --------------------------------------------------------------------------- attendance and import


def get_meeting(user, pk) -> Meeting:
    return get_object_or_404(Meeting.objects.visible_to(user), pk=pk)


def attendance_form_kwargs(meeting) -> dict:
    deputies = Deputy.objects.filter(term=meeting.term).serving().order_by("name", "id")
    recorded = dict(MeetingAttendance.objects.filter(meeting=meeting).values_list("deputy_id", "status"))
    return {"deputies": deputies, "recorded": recorded}


def attendance_page(request, meeting, failed=None) -> tuple[str, dict]:
    """签到 for one meeting: every serving deputy of its term, one choice each."""
    form = offer(failed, "attendance", AttendanceForm, **attendance_form_kwargs(meeting))
    return "deputies/points/attendance.html", {
        "meeting": meeting, "form": form, "rows": [(d, form[f"d{d.pk}"]) for d in form.deputies],
        "choices": MeetingAttendance.Status.choices}


class AttendanceView(StaffRequiredMixin, PageView):
    permission_required = ("congress.access_staff_ui", "deputies.change_meetingattendance")
    load = get_meeting
    render_page = attendance_page


class MeetingListView(StaffRequiredMixin, TemplateView):
    permission_required = ("congress.access_staff_ui", "deputies.view_meetingattendance")
    template_name = "deputies/points/meetings.html"

    def get_context_data(self, **kwargs):
        meetings = Meeting.objects.visible_to(self.request.user).select_related("term").annotate(
            recorded=Count("attendances"))[:50]
        return {**super().get_context_data(**kwargs), "meetings": meetings}


def import_page(request, sheet=None, failed=None) -> tuple[str, dict]:
    """Upload → a preview with every row's error → import (only when no row has one)."""
    context = {"sheet": sheet, "headers": sheets.HEADERS}
    if sheet is None:
        context["form"] = offer(failed, "upload", ImportForm)
    elif sheet.status == SignInSheet.Status.PREVIEW and not sheet.error_count:
        context["apply_form"] = offer(failed, "apply", forms.Form)
    return "deputies/points/import.html", context


def get_sheet(user, pk) -> SignInSheet:
    return get_object_or_404(SignInSheet.objects.visible_to(user), pk=pk)


class ImportView(StaffRequiredMixin, View):
    permission_required = ("congress.access_staff_ui", "deputies.add_signinsheet")

    def get(self, request, pk=None):
        template, context = import_page(request, get_sheet(request.user, pk) if pk else None)
        return render(request, template, context)


# --------------------------------------------------------------------------- rules editor


def rules_page(request, year, failed=None) -> tuple[str, dict]:
    """The point table of a year; next year's is prepared from it without touching this one."""
    table = PointRule.objects.for_year(year).annotate(used=Count("records"))
    context = {"year": year, "table": table, "can_edit": request.user.has_perm("deputies.change_pointrule")}
    if context["can_edit"]:
        context["prepare_form"] = offer(failed, "prepare", forms.Form)
        context["default_form"] = offer(failed, "default", forms.Form)
    return "deputies/points/rules.html", context


class RulesView(StaffRequiredMixin, View):
    permission_required = ("congress.access_staff_ui", "deputies.view_pointrule")

    def get(self, request):
        template, context = rules_page(request, this_year(request))
        return render(request, template, context)


def get_rule(user, pk) -> PointRule:
    return get_object_or_404(PointRule.objects.visible_to(user), pk=pk)


def rule_page(request, rule, failed=None) -> tuple[str, dict]:
    return "deputies/points/rule_edit.html", {
        "rule": rule, "form": offer(failed, "rule", RuleForm, instance=rule)}


class RuleEditView(StaffRequiredMixin, View):
    permission_required = ("congress.access_staff_ui", "deputies.change_pointrule")

    def get(self, request, pk):
        rule = get_rule(request.user, pk)
        verdict = rules.can_edit_rule(request.user, rule)
        if not verdict:
            messages.error(request, verdict.reason)
            return redirect("deputies:points_rules")
        template, context = rule_page(request, rule)
        return render(request, template, context)


# --------------------------------------------------------------------------- notices


def notices_page(request, failed=None) -> tuple[str, dict]:
    notices = PointsNotice.objects.visible_to(request.user).annotate(
        lines=Count("entries", distinct=True),
        open_objections=Count("objections", filter=Q(objections__status="open"), distinct=True))
    context = {"notices": notices}
    if rules.can_manage_notice(request.user):
        context["form"] = offer(failed, "notice", NoticeForm, initial={"year": timezone.localdate().year})
    return "deputies/points/notices.html", context


class NoticeListView(StaffRequiredMixin, View):
    permission_required = ("congress.access_staff_ui", "deputies.view_pointsnotice")

    def get(self, request):
        template, context = notices_page(request)
        return render(request, template, context)


def get_notice(user, pk) -> PointsNotice:
    return get_object_or_404(PointsNotice.objects.visible_to(user), pk=pk)


def notice_page(request, notice, failed=None) -> tuple[str, dict]:
    """One notice: publish (freeze) it, answer each objection, approve it so it becomes final."""
    user, today = request.user, timezone.localdate()
    objections = list(notice.objections.select_related("entry", "submitted_by", "answered_by"))
    for objection in objections:
        objection.notice = notice  # the predicate reads it: no query per objection
        if rules.can_answer_objection(user, objection):
            objection.answer_form = offer(failed, f"objection-{objection.pk}", AnswerObjectionForm,
                                          initial={"objection": objection.pk})
    context = {
        "notice": notice, "entries": notice.entries.all()[:2000], "objections": objections,
        "preview": yearly_ranking(notice.year, as_of=notice.as_of)[:20]
        if notice.status == PointsNotice.Status.DRAFT else None,
    }
    if rules.can_publish_notice(user, notice):
        context["publish_form"] = offer(failed, "publish", PublishNoticeForm)
    elif notice.status == PointsNotice.Status.PUBLISHED and rules.can_manage_notice(user):
        # shown even while approval is not yet possible: the reason stands beside the button
        context["approve_form"] = offer(failed, "approve", ApproveNoticeForm)
        context["can_approve"] = rules.can_approve_notice(user, notice, today=today)
    return "deputies/points/notice.html", context


class NoticeDetailView(StaffRequiredMixin, PageView):
    permission_required = ("congress.access_staff_ui", "deputies.view_pointsnotice")
    load = get_notice
    render_page = notice_page


# --------------------------------------------------------------------------- follow-ups and the file


def follow_ups_page(request, status, failed=None) -> tuple[str, dict]:
    """约谈 tasks, review flags and re-nomination candidates: for people to decide (rule 26)."""
    rows = PointsFollowUp.objects.visible_to(request.user).select_related("deputy", "done_by")
    if status in PointsFollowUp.Status.values:
        rows = rows.filter(status=status)
    rows = list(rows[:500])
    for row in rows:
        if rules.can_close_follow_up(request.user, row):
            row.outcome_form = offer(failed, f"follow-up-{row.pk}", FollowUpForm, initial={"follow_up": row.pk})
    return "deputies/points/follow_ups.html", {"rows": rows, "status": status}


class FollowUpListView(StaffRequiredMixin, View):
    permission_required = ("congress.access_staff_ui", "deputies.view_pointsfollowup")

    def get(self, request):
        template, context = follow_ups_page(request, request.GET.get("status", "open"))
        return render(request, template, context)


class PerformanceFileView(StaffRequiredMixin, TemplateView):
    """履职档案: printable (A4)."""

    permission_required = ("congress.access_staff_ui", "deputies.view_dutyrecord")
    template_name = "deputies/points/performance_file.html"

    def get_context_data(self, **kwargs):
        deputy = get_object_or_404(Deputy.objects.visible_to(self.request.user).for_list(), pk=kwargs["pk"])
        return {**super().get_context_data(**kwargs), "deputy": deputy, "file": performance_file(deputy),
                "today": date.today()}
