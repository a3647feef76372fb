"""A deputy turns a resident's issue into a draft suggestion (domain.md rule 28).

This thin view lives in the suggestions app on purpose: suggestions sits above deputies and owns
drafts, so deputies never imports suggestions. It hands its own `create_draft` to the deputies'
service `convert_issue`, which locks the issue, checks the rule and calls it in one transaction.
"""

from django import forms
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import path
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from deputies import stations_services
from deputies.models import ResidentIssue
from suggestions.models import Category
from suggestions.services import create_draft


class ConvertForm(forms.Form):
    category = forms.ModelChoiceField(label=gettext_lazy("Field"), queryset=Category.objects.filter(is_active=True))


@login_required
def convert(request, pk):
    issue = get_object_or_404(ResidentIssue.objects.visible_to(request.user).defer("resident_contact"), pk=pk)
    form = ConvertForm(request.POST or None)
    status = 200
    if request.method == "POST":
        if form.is_valid():
            category = form.cleaned_data["category"]
            try:
                issue = stations_services.convert_issue(
                    issue, actor=request.user,
                    make_draft=lambda **fields: create_draft(category=category, **fields))
            except ValidationError as error:
                for message in error.messages:
                    form.add_error(None, message)
            else:
                messages.success(request, _("A draft suggestion was made from the resident's issue."))
                return redirect("suggestions_portal:suggestion_edit", pk=issue.suggestion_ref)
        status = 400
    return render(request, "suggestions/portal/from_issue.html", {"issue": issue, "form": form}, status=status)


urlpatterns = [path("<int:pk>/", convert, name="suggestions_from_issue")]
