from django.shortcuts import get_object_or_404
from django.utils.translation import gettext_lazy as _
from django.views.generic import DetailView

from congress.audit import timeline
from congress.exports import Column
from congress.views import FilteredListView, StaffRequiredMixin
from deputies.filtersets import DeputyFilterSet
from deputies.models import Deputy, can_see_phone


class DeputyListView(FilteredListView):
    model = Deputy
    filterset_class = DeputyFilterSet
    template_name = "deputies/deputy_list.html"
    export_name = "deputies"
    sort_fields = {"name": "name", "gender": "gender", "birth_date": "birth_date", "party": "party",
                   "work_unit": "work_unit", "delegation": "delegation__name", "level": "level",
                   "station": "station__name", "status": "status"}

    def export_columns(self, user):
        columns = [
            Column(_("Name"), lambda d: d.name),
            Column(_("Gender"), lambda d: d.get_gender_display()),
            Column(_("Ethnicity"), lambda d: d.ethnicity),
            Column(_("Birth date"), lambda d: d.birth_date),
            Column(_("Party"), lambda d: d.get_party_display()),
            Column(_("Occupation"), lambda d: d.occupation),
            Column(_("Work unit and position"), lambda d: d.work_unit),
            Column(_("Constituency"), lambda d: d.constituency),
            Column(_("Delegation"), lambda d: d.delegation),
            Column(_("Level"), lambda d: d.get_level_display()),
            Column(_("Station"), lambda d: d.station),
            Column(_("Status"), lambda d: d.get_status_display()),
            Column(_("Serving since"), lambda d: d.serving_since),
            Column(_("Left on"), lambda d: d.left_on),
        ]
        if can_see_phone(user):
            columns.append(Column(_("Mobile phone"), lambda d: d.phone))
        return columns

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        context["show_phone"] = can_see_phone(self.request.user)
        return context


class DeputyDetailView(StaffRequiredMixin, DetailView):
    template_name = "deputies/deputy_detail.html"
    context_object_name = "deputy"

    def get_object(self, queryset=None):
        scoped = Deputy.objects.visible_to(self.request.user).for_list()
        return get_object_or_404(scoped, pk=self.kwargs["pk"])

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        context["show_phone"] = can_see_phone(self.request.user)
        context["events"] = timeline(self.object)
        return context
