"""Staff pages of duty points: the ranking with its charts and Excel export, the records list and
verification queue, attendance, sign-in sheet import, the rules editor, adjustments, the points
notices workflow, follow-ups, and the performance file (履职档案). Every page reads through
`visible_to`, every change goes through one service in `deputies.services`."""

from datetime import date

from django import forms
from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.db.models import Avg, Count, Q
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views import View
from django.views.generic import TemplateView

from congress import charts
from congress.exports import Column
from congress.http import safe_next
from congress.models import Meeting
from congress.views import FilteredListView, StaffRequiredMixin
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
from deputies.points_table import copy_table, install_default_table
from deputies.selectors import performance_file, yearly_ranking
from deputies.services import points as services
from deputies.services import sheets


def messages_of(error: ValidationError) -> list[str]:
    return [str(m) for m in error.messages]


def run(request, call, success: str):
    """Call one service; its refusal is shown once, its success too."""
    try:
        call()
    except ValidationError as error:
        for message in messages_of(error):
            messages.error(request, message)
        return False
    messages.success(request, success)
    return True


def ascii_id(value) -> int | None:
    text = str(value or "")
    return int(text) if text.isascii() and text.isdigit() and len(text) <= 10 else None


def this_year(request) -> int:
    year = ascii_id(request.GET.get("year"))
    return year if year and 2000 <= year <= 2200 else timezone.localdate().year


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


class RefreshTotalsView(StaffRequiredMixin, View):
    permission_required = ("congress.access_staff_ui", "deputies.change_dutyrecord")

    def post(self, request):
        year = this_year(request)
        services.refresh_totals(year)
        messages.success(request, _("The totals of %(year)s were recomputed.") % {"year": year})
        return redirect(reverse("deputies:points_ranking") + f"?year={year}")


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


class ReturnForm(forms.Form):
    reason = forms.CharField(label=gettext_lazy("Reason"), max_length=500)


class RecordActionView(StaffRequiredMixin, View):
    """verify / return a self-reported duty; approve / reject an adjustment."""

    permission_required = ("congress.access_staff_ui", "deputies.change_dutyrecord")
    verb = ""

    def post(self, request, pk):
        verb = self.verb
        record = get_object_or_404(DutyRecord.objects.visible_to(request.user), pk=pk)
        reason = request.POST.get("reason", "")
        calls = {
            "verify": (lambda: services.verify_record(record, actor=request.user), _("Verified.")),
            "return": (lambda: services.return_record(record, actor=request.user, reason=reason), _("Returned.")),
            "approve": (lambda: services.approve_adjustment(record, actor=request.user), _("Approved.")),
            "reject": (lambda: services.reject_adjustment(record, actor=request.user, reason=reason),
                       _("Rejected.")),
        }
        if verb not in calls:
            raise Http404
        call, success = calls[verb]
        run(request, call, success)
        return redirect(safe_next(request, reverse("deputies:points_records") + "?status=pending"))


class AdjustmentForm(forms.Form):
    deputy = forms.ModelChoiceField(queryset=Deputy.objects.serving(), label=gettext_lazy("Deputy"))
    points = forms.DecimalField(label=gettext_lazy("Points"), max_digits=5, decimal_places=1, min_value=-100,
                                max_value=100)
    reason = forms.CharField(label=gettext_lazy("Reason"), max_length=500, widget=forms.Textarea(attrs={"rows": 3}))
    occurred_on = forms.DateField(label=gettext_lazy("Date"), required=False, widget=forms.DateInput(
        attrs={"type": "date"}))


class AdjustmentView(StaffRequiredMixin, View):
    """A manual adjustment: a reason now, a second person's approval in the queue (rule 24)."""

    permission_required = ("congress.access_staff_ui", "deputies.change_dutyrecord")
    template_name = "deputies/points/adjustment.html"

    def get(self, request):
        return render(request, self.template_name, {"form": AdjustmentForm()})

    def post(self, request):
        form = AdjustmentForm(request.POST)
        if form.is_valid():
            data = form.cleaned_data
            try:
                services.request_adjustment(data["deputy"], actor=request.user, points=data["points"],
                                            reason=data["reason"], occurred_on=data["occurred_on"])
            except ValidationError as error:
                form.add_error(None, error)
            else:
                messages.success(request, _("The adjustment waits for a second person's approval."))
                return redirect(reverse("deputies:points_records") + "?origin=adjustment&status=pending")
        return render(request, self.template_name, {"form": form})


# --------------------------------------------------------------------------- attendance and import


class AttendanceView(StaffRequiredMixin, View):
    """签到 for one meeting: every serving deputy of its term, one choice each."""

    permission_required = ("congress.access_staff_ui", "deputies.change_meetingattendance")
    template_name = "deputies/points/attendance.html"

    def context(self, meeting):
        deputies = Deputy.objects.filter(term=meeting.term).serving().order_by("name", "id")
        recorded = dict(MeetingAttendance.objects.filter(meeting=meeting).values_list("deputy_id", "status"))
        return {"meeting": meeting, "rows": [(d, recorded.get(d.pk, "")) for d in deputies],
                "choices": MeetingAttendance.Status.choices}

    def get(self, request, pk):
        meeting = get_object_or_404(Meeting.objects.visible_to(request.user), pk=pk)
        return render(request, self.template_name, self.context(meeting))

    def post(self, request, pk):
        meeting = get_object_or_404(Meeting.objects.visible_to(request.user), pk=pk)
        changed = 0
        for deputy in Deputy.objects.filter(term=meeting.term).serving():
            value = request.POST.get(f"d{deputy.pk}", "")
            if value in MeetingAttendance.Status.values:
                services.set_attendance(meeting, deputy, value, actor=request.user)
                changed += 1
        messages.success(request, _("Attendance of %(count)s deputies recorded.") % {"count": changed})
        return redirect("deputies:points_attendance", pk=meeting.pk)


class MeetingListView(StaffRequiredMixin, TemplateView):
    permission_required = ("congress.access_staff_ui", "deputies.view_meetingattendance")
    template_name = "deputies/points/meetings.html"

    def get_context_data(self, **kwargs):
        meetings = Meeting.objects.visible_to(self.request.user).select_related("term").annotate(
            recorded=Count("attendances"))[:50]
        return {**super().get_context_data(**kwargs), "meetings": meetings}


class ImportForm(forms.Form):
    file = forms.FileField(label=gettext_lazy("Sign-in sheet (.xlsx)"))


class ImportView(StaffRequiredMixin, View):
    """Upload → a preview with every row's error → import (only when no row has one)."""

    permission_required = ("congress.access_staff_ui", "deputies.add_signinsheet")
    template_name = "deputies/points/import.html"

    def get(self, request, pk=None):
        sheet = get_object_or_404(SignInSheet.objects.visible_to(request.user), pk=pk) if pk else None
        return render(request, self.template_name, {"form": ImportForm(), "sheet": sheet,
                                                    "headers": sheets.HEADERS})

    def post(self, request, pk=None):
        if pk:
            sheet = get_object_or_404(SignInSheet.objects.visible_to(request.user), pk=pk)
            if run(request, lambda: sheets.apply_sheet(sheet, actor=request.user), _("The sheet was imported.")):
                return redirect("deputies:points_records")
            return redirect("deputies:points_import_preview", pk=sheet.pk)
        form = ImportForm(request.POST, request.FILES)
        if form.is_valid():
            try:
                sheet = sheets.preview_sheet(form.cleaned_data["file"], actor=request.user)
            except ValidationError as error:
                form.add_error("file" if hasattr(error, "error_dict") and "file" in error.error_dict else None,
                               error.error_dict.get("file", error) if hasattr(error, "error_dict") else error)
            else:
                return redirect("deputies:points_import_preview", pk=sheet.pk)
        return render(request, self.template_name, {"form": form, "sheet": None, "headers": sheets.HEADERS})


# --------------------------------------------------------------------------- rules editor


class RuleForm(forms.ModelForm):
    class Meta:
        model = PointRule
        fields = ["name", "category", "points", "yearly_cap", "mode"]


class RulesView(StaffRequiredMixin, View):
    """The point table of a year; next year's is prepared from it without touching this one."""

    permission_required = ("congress.access_staff_ui", "deputies.view_pointrule")
    template_name = "deputies/points/rules.html"

    def get(self, request):
        year = this_year(request)
        table = PointRule.objects.for_year(year).annotate(used=Count("records"))
        return render(request, self.template_name, {"year": year, "table": table,
                                                    "can_edit": request.user.has_perm("deputies.change_pointrule")})

    def post(self, request):
        if not request.user.has_perm("deputies.change_pointrule"):
            raise PermissionDenied
        year = this_year(request)
        if request.POST.get("copy"):
            source = year if PointRule.objects.filter(year=year).exists() else None
            made = copy_table(source, year + 1) if source else install_default_table(year + 1)
            messages.success(request, _("%(count)s items prepared for %(year)s.") % {"count": made, "year": year + 1})
            return redirect(reverse("deputies:points_rules") + f"?year={year + 1}")
        made = install_default_table(year)
        messages.success(request, _("%(count)s items prepared for %(year)s.") % {"count": made, "year": year})
        return redirect(reverse("deputies:points_rules") + f"?year={year}")


class RuleEditView(StaffRequiredMixin, View):
    permission_required = ("congress.access_staff_ui", "deputies.change_pointrule")
    template_name = "deputies/points/rule_edit.html"

    def rule(self, request, pk):
        rule = get_object_or_404(PointRule.objects.visible_to(request.user), pk=pk)
        rules.can_edit_rule(request.user, rule).enforce()
        return rule

    def get(self, request, pk):
        try:
            rule = self.rule(request, pk)
        except ValidationError as error:
            messages.error(request, messages_of(error)[0])
            return redirect("deputies:points_rules")
        return render(request, self.template_name, {"form": RuleForm(instance=rule), "rule": rule})

    def post(self, request, pk):
        try:
            rule = self.rule(request, pk)
        except ValidationError as error:
            messages.error(request, messages_of(error)[0])
            return redirect("deputies:points_rules")
        form = RuleForm(request.POST, instance=rule)
        if form.is_valid():
            form.save()
            from congress import audit

            audit.record(rule, "deputies.pointrule.changed", actor=request.user, points=str(rule.points))
            messages.success(request, _("Saved."))
            return redirect(reverse("deputies:points_rules") + f"?year={rule.year}")
        return render(request, self.template_name, {"form": form, "rule": rule})


# --------------------------------------------------------------------------- notices


class NoticeForm(forms.Form):
    year = forms.IntegerField(label=gettext_lazy("Year"), min_value=2000, max_value=2200)
    period = forms.ChoiceField(label=gettext_lazy("Period"), choices=PointsNotice.Period.choices)


class NoticeListView(StaffRequiredMixin, View):
    permission_required = ("congress.access_staff_ui", "deputies.view_pointsnotice")
    template_name = "deputies/points/notices.html"

    def get(self, request, form=None):
        notices = PointsNotice.objects.visible_to(request.user).annotate(
            lines=Count("entries", distinct=True),
            open_objections=Count("objections", filter=Q(objections__status="open"), distinct=True))
        return render(request, self.template_name, {
            "notices": notices, "form": form or NoticeForm(initial={"year": timezone.localdate().year})})

    def post(self, request):
        form = NoticeForm(request.POST)
        if form.is_valid():
            try:
                notice = services.create_notice(actor=request.user, **form.cleaned_data)
            except ValidationError as error:
                form.add_error(None, error)
            else:
                return redirect("deputies:points_notice", pk=notice.pk)
        return self.get(request, form)


class NoticeDetailView(StaffRequiredMixin, View):
    permission_required = ("congress.access_staff_ui", "deputies.view_pointsnotice")
    template_name = "deputies/points/notice.html"

    def get(self, request, pk):
        notice = get_object_or_404(PointsNotice.objects.visible_to(request.user), pk=pk)
        today = timezone.localdate()
        return render(request, self.template_name, {
            "notice": notice, "entries": notice.entries.all()[:2000],
            "objections": notice.objections.select_related("entry", "submitted_by", "answered_by"),
            "can_publish": rules.can_publish_notice(request.user, notice),
            "can_approve": rules.can_approve_notice(request.user, notice, today=today),
            "preview": yearly_ranking(notice.year, as_of=notice.as_of)[:20]
            if notice.status == PointsNotice.Status.DRAFT else None,
        })

    def post(self, request, pk):
        notice = get_object_or_404(PointsNotice.objects.visible_to(request.user), pk=pk)
        verb = request.POST.get("verb")
        if verb == "publish":
            days = ascii_id(request.POST.get("days"))
            run(request, lambda: services.publish_notice(notice, actor=request.user, objection_days=days),
                _("Published: the objection period is open."))
        elif verb == "approve":
            run(request, lambda: services.approve_notice(notice, actor=request.user,
                                                         note=request.POST.get("note", "")),
                _("Approved: the notice is final."))
        elif verb == "answer":
            objection = get_object_or_404(notice.objections.all(), pk=ascii_id(request.POST.get("objection")) or 0)
            run(request, lambda: services.answer_objection(
                objection, actor=request.user, upheld=request.POST.get("upheld") == "1",
                answer=request.POST.get("answer", "")), _("Answered."))
        else:
            raise Http404
        return redirect("deputies:points_notice", pk=notice.pk)


# --------------------------------------------------------------------------- follow-ups and the file


class FollowUpListView(StaffRequiredMixin, View):
    """约谈 tasks, review flags and re-nomination candidates: for people to decide (rule 26)."""

    permission_required = ("congress.access_staff_ui", "deputies.view_pointsfollowup")
    template_name = "deputies/points/follow_ups.html"

    def get(self, request):
        rows = PointsFollowUp.objects.visible_to(request.user).select_related("deputy", "done_by")
        status = request.GET.get("status", "open")
        if status in PointsFollowUp.Status.values:
            rows = rows.filter(status=status)
        return render(request, self.template_name, {"rows": rows[:500], "status": status})

    def post(self, request):
        follow_up = get_object_or_404(PointsFollowUp.objects.visible_to(request.user),
                                      pk=ascii_id(request.POST.get("follow_up")) or 0)
        run(request, lambda: services.close_follow_up(follow_up, actor=request.user,
                                                      outcome=request.POST.get("outcome", "")), _("Recorded."))
        return redirect("deputies:points_follow_ups")


class PerformanceFileView(StaffRequiredMixin, TemplateView):
    """履职档案: printable (A4)."""

    permission_required = ("congress.access_staff_ui", "deputies.view_dutyrecord")
    template_name = "deputies/points/performance_file.html"

    def get_context_data(self, **kwargs):
        deputy = get_object_or_404(Deputy.objects.visible_to(self.request.user).for_list(), pk=kwargs["pk"])
        return {**super().get_context_data(**kwargs), "deputy": deputy, "file": performance_file(deputy),
                "today": date.today()}
