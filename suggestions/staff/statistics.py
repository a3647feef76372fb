"""The statistics page (办理情况统计): per unit and per category, the honour and warning boards,
two charts, the download, and the office's "recompute now" button."""

from django.contrib import messages
from django.db.models import Q
from django.shortcuts import redirect
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views import View
from django.views.generic import TemplateView

from congress import exports
from congress.bounds import parse_year
from congress.charts import bar_chart, percent
from congress.http import parse_id, safe_next
from congress.models import AuditEvent
from congress.views import StaffRequiredMixin
from suggestions import forms, rules, selectors
from suggestions.models import Statistic
from suggestions.staff.exports import statistics_columns
from suggestions.staff.views import REVIEW
from suggestions.statistics import refresh_statistics, years_with_assignments


class StatLine:
    """One row of a statistics table with its rates ready to print."""

    def __init__(self, row: Statistic, label: str):
        self.row, self.label = row, label
        self.on_time = percent(row.on_time_rate)
        self.satisfaction = percent(row.satisfaction_rate)
        self.strict_satisfaction = percent(row.strict_satisfaction_rate)
        self.fulfilment = percent(row.fulfilment_rate)
        self.shares = [percent(row.rate(getattr(row, f"category_{c}"), row.replied)) for c in "abcd"]


def unit_chart(lines, value, strict=None) -> dict:
    return bar_chart(lines, lambda line: value(line.row), strict=strict and (lambda line: strict(line.row)),
                     label=lambda line: line.label)


def changes_since(computed_at) -> int:
    """How many things happened to suggestions since the figures were computed (one indexed
    COUNT, capped): the page says the figures are stale rather than passing them off as current."""
    return AuditEvent.objects.filter(created_at__gt=computed_at, action__startswith="suggestions.")[:1000].count()


class StatisticsView(StaffRequiredMixin, TemplateView):
    permission_required = ("congress.access_staff_ui", "suggestions.view_statistic")
    template_name = "suggestions/staff/statistics.html"

    def get_filters(self):
        today = timezone.localdate()
        years = sorted({today.year, *years_with_assignments()}, reverse=True)
        form = forms.StatisticsForm(self.request.GET or None, years=years)
        # The session choice lists the chosen year's sessions only, not every year's (issue 7, Staff).
        asked = parse_year(self.request.GET.get("year"))
        shown_year = asked if asked in years else today.year
        form.fields["meeting"].queryset = form.fields["meeting"].queryset.filter(
            Q(starts_on__year=shown_year) | Q(ends_on__year=shown_year)).order_by("starts_on")
        year, meeting = today.year, None
        if form.is_bound and form.is_valid():
            year = form.cleaned_data["year"] or today.year
            meeting = form.cleaned_data["meeting"]
        return form, year, meeting

    def get(self, request, *args, **kwargs):
        if request.GET.get("export") == "xlsx":
            _form, year, meeting = self.get_filters()
            lines, total = self.unit_lines(year, meeting)
            suffix = f"-{meeting.pk}" if meeting else ""
            return exports.xlsx_response(f"suggestion-statistics-{year}{suffix}", statistics_columns(),
                                         [*lines, total])
        return super().get(request, *args, **kwargs)

    def unit_lines(self, year, meeting):
        rows = list(selectors.statistics(year, meeting=meeting, dimension=Statistic.Dimension.UNIT))
        lines = [StatLine(row, row.unit.name if row.unit else "—") for row in rows]
        return lines, StatLine(selectors.totals(rows), _("Total"))

    def category_lines(self, year, meeting):
        rows = list(selectors.statistics(year, meeting=meeting, dimension=Statistic.Dimension.CATEGORY))
        lines = [StatLine(row, row.category.name if row.category else "—") for row in rows]
        return lines, StatLine(selectors.totals(rows), _("Total"))

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        form, year, meeting = self.get_filters()
        unit_lines, unit_total = self.unit_lines(year, meeting)
        category_lines, category_total = self.category_lines(year, meeting)
        honour, warning = selectors.boards(year)
        computed = [line.row.computed_at for line in unit_lines + category_lines]
        query = self.request.GET.copy()
        query.pop("export", None)
        context.update({
            "form": form, "year": year, "meeting": meeting,
            "unit_lines": unit_lines, "unit_total": unit_total,
            "category_lines": category_lines, "category_total": category_total,
            "honour": [StatLine(row, row.unit.name) for row in honour],
            "warning": [StatLine(row, row.unit.name) for row in warning],
            "computed_at": max(computed) if computed else None,
            "changes_since": changes_since(max(computed)) if computed else 0,
            "satisfaction_chart": unit_chart(unit_lines, lambda r: r.satisfaction_rate,
                                             strict=lambda r: r.strict_satisfaction_rate),
            "on_time_chart": unit_chart(unit_lines, lambda r: r.on_time_rate),
            "can_refresh": rules.is_office(self.request.user),
            "query_string": query.urlencode(),
            "board_rules": selectors.board_rules(),  # the boards' rule is written on the page
        })
        return context


class StatisticsRefreshView(StaffRequiredMixin, View):
    """Recompute one year's summary rows now: one SQL aggregation in the request, no broker."""

    permission_required = REVIEW
    http_method_names = ["post"]

    def post(self, request):
        year = parse_id(request.POST.get("year", "")) or timezone.localdate().year
        if not 2000 <= year <= 2100:
            messages.error(request, _("Choose a year."))
            return redirect("suggestions:statistics")
        count = refresh_statistics(year)
        messages.success(request, _("Statistics for %(year)d recomputed (%(count)d rows).")
                         % {"year": year, "count": count})
        return redirect(safe_next(request, f"{reverse('suggestions:statistics')}?year={year}"))
