"""What the staff, portal and public pages share: run one service from one form, showing the
service's refusal once as a message (the page keeps what was typed on a form error)."""

from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.shortcuts import redirect
from django.utils.translation import gettext as _


def report(request, error) -> None:
    if isinstance(error, PermissionDenied):
        messages.error(request, str(error) or _("You may not do this."))
        return
    for message in getattr(error, "messages", [str(error)]):
        messages.error(request, message)


def run_service(request, form, call, *, success, back):
    """Validate `form`, call `call(cleaned_data)`; on success redirect to `success`, else to `back`."""
    if not form.is_valid():
        for field, errors in form.errors.items():
            label = form.fields[field].label if field in form.fields else ""
            for error in errors:
                messages.error(request, f"{label}: {error}" if label else error)
        return redirect(back)
    try:
        call(form.cleaned_data)
    except (ValidationError, PermissionDenied) as error:
        report(request, error)
        return redirect(back)
    messages.success(request, _("Saved."))
    return redirect(success)
