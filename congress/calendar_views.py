"""节假日与调休: the staff page where a year's holidays and make-up working days are entered at once.

Staff paste lines ("2027-02-06..2027-02-13 春节", "2027-02-14 调休上班") or upload a .txt/.csv/.xlsx;
Preview shows what was understood or every refused line; Save replaces the whole year in one
transaction (`congress.calendar.load_year`), and provisional deadlines depending on it are recomputed.
"""

from django import forms
from django.contrib import messages
from django.core.exceptions import ValidationError
from django.shortcuts import redirect
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.generic import FormView

from congress import calendar
from congress.bounds import FIRST_YEAR, LAST_YEAR, parse_year
from congress.fields import IntegerField
from congress.models import CalendarYear, Holiday
from congress.views import StaffRequiredMixin


class CalendarYearForm(forms.Form):
    year = IntegerField(label=gettext_lazy("Year"), min_value=FIRST_YEAR, max_value=LAST_YEAR)
    lines = forms.CharField(
        label=gettext_lazy("Holidays and make-up working days"), required=False,
        widget=forms.Textarea(attrs={"rows": 14, "placeholder": "2027-01-01 元旦\n2027-02-06..2027-02-13 春节\n"
                                                                 "2027-02-14 调休上班"}),
        help_text=gettext_lazy("One line each: a date or a range (first..last) and its name. A line whose name "
                               "says 上班 or 补班 is a make-up working day; any other line is a holiday."))
    upload = forms.FileField(label=gettext_lazy("Or import a file (.txt, .csv, .xlsx)"), required=False)

    def clean(self):
        cleaned = super().clean()
        upload = cleaned.get("upload")
        if upload:
            try:
                cleaned["lines"] = "\n".join(calendar.lines_from_upload(upload))
            except ValidationError as error:
                self.add_error("upload", error)
        if not (cleaned.get("lines") or "").strip() and not self.errors:
            raise ValidationError(_("Paste the year's holidays or choose a file."))
        return cleaned


def year_lines(year: int) -> str:
    """The year's stored days written back as lines, consecutive days of one name as a range."""
    lines, run = [], None
    for row in Holiday.objects.filter(date__year=year).order_by("date"):
        if run and row.kind == run[2] and row.name == run[3] and (row.date - run[1]).days == 1:
            run[1] = row.date
            continue
        if run:
            lines.append(run)
        run = [row.date, row.date, row.kind, row.name]
    if run:
        lines.append(run)
    return "\n".join((f"{first}..{last}" if last != first else f"{first}") + f" {name}".rstrip()
                     + (" 上班" if kind == Holiday.Kind.WORKDAY and not any(
                         word in name for word in ("上班", "补班")) else "")
                     for first, last, kind, name in lines)


class CalendarView(StaffRequiredMixin, FormView):
    permission_required = ("congress.access_staff_ui", "congress.add_holiday", "congress.change_holiday")
    template_name = "congress/calendar.html"
    form_class = CalendarYearForm

    def get_initial(self):
        today = timezone.localdate()
        year = parse_year(self.request.GET.get("year"), today.year + 1 if today.month >= 11 else today.year)
        return {"year": year, "lines": year_lines(year)}

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        today = timezone.localdate()
        context["years"] = CalendarYear.objects.select_related("loaded_by")[:8]
        context["missing_year"] = calendar.missing_next_year(today)
        return context

    def form_valid(self, form):
        days = calendar.parse_year(form.cleaned_data["year"], form.cleaned_data["lines"].splitlines())
        source = CalendarYear.Source.FILE if form.cleaned_data.get("upload") else CalendarYear.Source.FORM
        if days.errors or self.request.POST.get("action") != "save":
            # Preview, or a refused year: show every line's problem and keep the text for correction.
            form.data = form.data.copy()
            form.data["lines"] = form.cleaned_data["lines"]
            return self.render_to_response(self.get_context_data(
                form=form, parsed=days, summary=calendar.summary(days), source=source), status=200)
        recomputed = calendar.load_year(days, source=source, actor=self.request.user)
        messages.success(self.request, _("The calendar of %(year)s is saved (%(summary)s); %(count)d provisional "
                                         "deadlines were recomputed.") % {
            "year": days.year, "summary": calendar.summary(days), "count": sum(recomputed.values())})
        return redirect(f"{self.request.path}?year={days.year}")
