"""What the deputies app's pages build their forms with. Every POST of these pages is a
`congress.views.ActionView`; the page that holds the form is a function `..._page(request, obj,
failed)` returning (template, context), called by the GET view and by the action on a refusal, so
the refused form comes back with the user's input and the message on it, once."""

from django.core.exceptions import NON_FIELD_ERRORS
from django.shortcuts import render
from django.utils.decorators import method_decorator
from django.views.decorators.cache import never_cache

from congress.views import ActionView, form_on_page


def offer(failed, key: str, form_class, **kwargs):
    """The form a page offers under `key`: the one refused a moment ago (input and errors kept), or
    a fresh one with the element ids ActionView gives it (`<key>_<field>`)."""
    return form_on_page(failed, key, lambda: form_class(auto_id=f"{key}_%s", **kwargs))


def list_page(view_class, request) -> tuple[str, dict]:
    """A staff list (a FilteredListView) as (template, context), with the filters of the action's
    query string, for an action posted from the list's head."""
    view = view_class()
    view.setup(request)
    view.object_list = view.get_queryset()
    return view.get_template_names()[0], view.get_context_data()


@method_decorator(never_cache, name="dispatch")
class PublicFormView(ActionView):
    """A public page whose form posts back to the page itself (the address on a printed QR poster):
    GET shows it; a refusal answers 400, or 429 when the service refused for the rate limit, with
    the input kept (no login, so nothing to keep it in but the page)."""

    http_method_names = ["get", "post"]

    def get(self, request, *args, **kwargs):
        template, context = self.page(self.get_object(), None)
        return render(request, template, context)

    def refusal_status(self, form) -> int:
        return 429 if form.has_error(NON_FIELD_ERRORS, "rate_limited") else 400
