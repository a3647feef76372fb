"""The office's actions on duty points: one POST view per service (congress.views.ActionView). A
refusal shows the page again (deputies/points_views.py) with the input and the service's message on
the form; the service's transaction saved nothing. Irreversible ones ask first (`confirm`)."""

from django.http import Http404
from django.shortcuts import get_object_or_404
from django.urls import reverse
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from congress.bounds import parse_id
from congress.http import safe_next
from congress.views import ActionView, StaffRequiredMixin
from deputies import points_views as pages
from deputies.models import DutyRecord, PointRule, PointsFollowUp
from deputies.pages import list_page
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
from deputies.points_table import copy_table, install_default_table
from deputies.services import points as services
from deputies.services import sheets

KEEPS_POINTS = ("congress.access_staff_ui", "deputies.change_dutyrecord")


class RefreshTotalsView(StaffRequiredMixin, ActionView):
    """The nightly totals, now (the year is the ranking's `?year`)."""

    permission_required = KEEPS_POINTS

    def get_object(self):
        return pages.this_year(self.request)

    def perform(self, year, form):
        services.refresh_totals(year)
        return _("The totals of %(year)s were recomputed.") % {"year": year}

    def success_url(self, year):
        return reverse("deputies:points_ranking") + f"?year={year}"

    def page(self, year, failed):
        return list_page(pages.RankingView, self.request)


# --------------------------------------------------------------------------- the verification queue


class RecordDecisionView(StaffRequiredMixin, ActionView):
    """A decision on one pending record, taken on the queue; a refusal shows that record again."""

    permission_required = KEEPS_POINTS
    verb = ""

    def get_page_key(self):
        return f"{self.verb}-{self.kwargs['pk']}"

    def get_object(self):
        return get_object_or_404(DutyRecord.objects.visible_to(self.request.user).select_related("deputy", "rule"),
                                 pk=self.kwargs["pk"])

    def success_url(self, record):
        return safe_next(self.request, reverse("deputies:points_records") + "?status=pending")

    def page(self, record, failed):
        return pages.decision_page(self.request, record, failed)


class VerifyRecordView(RecordDecisionView):
    verb = "verify"
    confirm = gettext_lazy("Verify this duty? It counts in the deputy's points from now on.")

    def perform(self, record, form):
        services.verify_record(record, actor=self.request.user)
        return _("Verified.")


class ReturnRecordView(RecordDecisionView):
    verb = "return"
    form_class = ReasonForm
    confirm = gettext_lazy("Return this report to the deputy? The reason is sent; the decision is final.")

    def perform(self, record, form):
        services.return_record(record, actor=self.request.user, reason=form.cleaned_data["reason"])
        return _("Returned.")


class ApproveAdjustmentView(RecordDecisionView):
    verb = "approve"
    confirm = gettext_lazy("Approve this adjustment? It counts in the deputy's points from now on.")

    def perform(self, record, form):
        services.approve_adjustment(record, actor=self.request.user)
        return _("Approved.")


class RejectAdjustmentView(RecordDecisionView):
    verb = "reject"
    form_class = ReasonForm
    confirm = gettext_lazy("Reject this adjustment? The decision is final.")

    def perform(self, record, form):
        services.reject_adjustment(record, actor=self.request.user, reason=form.cleaned_data["reason"])
        return _("Rejected.")


class RequestAdjustmentView(StaffRequiredMixin, ActionView):
    permission_required = KEEPS_POINTS
    form_class = AdjustmentForm
    page_key = "adjustment"

    def get_object(self):
        return None

    def perform(self, obj, form):
        data = form.cleaned_data
        services.request_adjustment(data["deputy"], actor=self.request.user, points=data["points"],
                                    reason=data["reason"], occurred_on=data["occurred_on"])
        return _("The adjustment waits for a second person's approval.")

    def success_url(self, obj):
        return reverse("deputies:points_records") + "?origin=adjustment&status=pending"

    def page(self, obj, failed):
        return pages.adjustment_page(self.request, failed)


# --------------------------------------------------------------------------- attendance and import


class RecordAttendanceView(StaffRequiredMixin, ActionView):
    permission_required = ("congress.access_staff_ui", "deputies.change_meetingattendance")
    form_class = AttendanceForm
    page_key = "attendance"
    load = pages.get_meeting
    detail_url = "deputies:points_attendance"
    render_page = pages.attendance_page

    def form_kwargs(self, meeting):
        return pages.attendance_form_kwargs(meeting)

    def perform(self, meeting, form):
        marked = form.marked()
        for deputy, status in marked:
            services.set_attendance(meeting, deputy, status, actor=self.request.user)
        return _("Attendance of %(count)s deputies recorded.") % {"count": len(marked)}


class PreviewSheetView(StaffRequiredMixin, ActionView):
    """An upload becomes a preview with every row's error; nothing else is saved."""

    permission_required = ("congress.access_staff_ui", "deputies.add_signinsheet")
    form_class = ImportForm
    page_key = "upload"

    def get_object(self):
        return None

    def perform(self, obj, form):
        self.sheet = sheets.preview_sheet(form.cleaned_data["file"], actor=self.request.user)
        return _("The sheet was read: check every row before it is imported.")

    def success_url(self, obj):
        return reverse("deputies:points_import_preview", args=[self.sheet.pk])

    def page(self, obj, failed):
        return pages.import_page(self.request, failed=failed)


class ApplySheetView(StaffRequiredMixin, ActionView):
    permission_required = ("congress.access_staff_ui", "deputies.add_signinsheet")
    page_key = "apply"
    confirm = gettext_lazy("Import these rows? Every record is written at once.")
    load = pages.get_sheet
    render_page = pages.import_page

    def perform(self, sheet, form):
        sheets.apply_sheet(sheet, actor=self.request.user)
        return _("The sheet was imported.")

    def success_url(self, sheet):
        return reverse("deputies:points_records")


# --------------------------------------------------------------------------- the point table


class TableAction(StaffRequiredMixin, ActionView):
    permission_required = ("congress.access_staff_ui", "deputies.change_pointrule")

    def get_object(self):
        return pages.this_year(self.request)

    def page(self, year, failed):
        return pages.rules_page(self.request, year, failed)


class PrepareNextTableView(TableAction):
    """Next year's table from this year's (or the default one), this year's results untouched."""

    page_key = "prepare"

    def perform(self, year, form):
        self.year = year + 1
        made = copy_table(year, self.year) if PointRule.objects.filter(year=year).exists() \
            else install_default_table(self.year)
        return _("%(count)s items prepared for %(year)s.") % {"count": made, "year": self.year}

    def success_url(self, year):
        return reverse("deputies:points_rules") + f"?year={self.year}"


class LoadDefaultTableView(TableAction):
    page_key = "default"

    def perform(self, year, form):
        made = install_default_table(year)
        return _("%(count)s items prepared for %(year)s.") % {"count": made, "year": year}

    def success_url(self, year):
        return reverse("deputies:points_rules") + f"?year={year}"


class ChangeRuleView(StaffRequiredMixin, ActionView):
    permission_required = ("congress.access_staff_ui", "deputies.change_pointrule")
    form_class = RuleForm
    page_key = "rule"
    load = pages.get_rule
    render_page = pages.rule_page

    def form_kwargs(self, rule):
        return {"instance": rule}

    def perform(self, rule, form):
        services.change_point_rule(rule, actor=self.request.user, **form.cleaned_data)
        return _("Saved.")

    def success_url(self, rule):
        return reverse("deputies:points_rules") + f"?year={rule.year}"


# --------------------------------------------------------------------------- notices (rule 25)

READS_NOTICES = ("congress.access_staff_ui", "deputies.view_pointsnotice")


class CreateNoticeView(StaffRequiredMixin, ActionView):
    permission_required = READS_NOTICES
    form_class = NoticeForm
    page_key = "notice"

    def get_object(self):
        return None

    def perform(self, obj, form):
        self.notice = services.create_notice(actor=self.request.user, **form.cleaned_data)
        return _("The notice is drafted: check the preview, then publish it.")

    def success_url(self, obj):
        return reverse("deputies:points_notice", args=[self.notice.pk])

    def page(self, obj, failed):
        return pages.notices_page(self.request, failed)


class NoticeAction(StaffRequiredMixin, ActionView):
    permission_required = READS_NOTICES
    load = pages.get_notice
    detail_url = "deputies:points_notice"
    render_page = pages.notice_page


class PublishNoticeView(NoticeAction):
    form_class = PublishNoticeForm
    page_key = "publish"
    confirm = gettext_lazy("Publish this notice? Its lines are frozen now and the objection period opens.")

    def perform(self, notice, form):
        services.publish_notice(notice, actor=self.request.user, objection_days=form.cleaned_data["objection_days"])
        return _("Published: the objection period is open.")


class ApproveNoticeView(NoticeAction):
    form_class = ApproveNoticeForm
    page_key = "approve"
    confirm = gettext_lazy("Approve this notice? It becomes final and can never change.")

    def perform(self, notice, form):
        services.approve_notice(notice, actor=self.request.user, note=form.cleaned_data["note"])
        return _("Approved: the notice is final.")


class AnswerObjectionView(NoticeAction):
    """The objection's id comes with the form (one form per objection on the notice's page)."""

    form_class = AnswerObjectionForm
    confirm = gettext_lazy("Send this answer? An objection is answered once.")

    def get_page_key(self):
        return f"objection-{parse_id(self.request.POST.get('objection'))}"

    def perform(self, notice, form):
        objection = notice.objections.filter(pk=form.cleaned_data["objection"]).first()
        if objection is None:
            raise Http404
        services.answer_objection(objection, actor=self.request.user, upheld=form.cleaned_data["upheld"] == "1",
                                  answer=form.cleaned_data["answer"])
        return _("Answered.")


# --------------------------------------------------------------------------- follow-ups (rule 26)


class CloseFollowUpView(StaffRequiredMixin, ActionView):
    """The follow-up's id comes with the form (one form per open line of the list)."""

    permission_required = ("congress.access_staff_ui", "deputies.view_pointsfollowup")
    form_class = FollowUpForm
    confirm = gettext_lazy("Record this outcome? The follow-up is then closed.")

    def get_page_key(self):
        return f"follow-up-{parse_id(self.request.POST.get('follow_up'))}"

    def get_object(self):
        return None

    def perform(self, obj, form):
        follow_up = get_object_or_404(PointsFollowUp.objects.visible_to(self.request.user),
                                      pk=form.cleaned_data["follow_up"])
        services.close_follow_up(follow_up, actor=self.request.user, outcome=form.cleaned_data["outcome"])
        return _("Recorded.")

    def success_url(self, obj):
        return reverse("deputies:points_follow_ups")

    def page(self, obj, failed):
        return pages.follow_ups_page(self.request, "open", failed)

