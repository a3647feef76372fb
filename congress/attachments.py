"""Files people upload (a suggestion's attachment, a unit's reply letter) are not public media:
they are served only through a view that finds the row through the reader's scope first
(`Model.objects.visible_to(user)`), so a guessed id is a 404 like any object outside it."""

from pathlib import Path

from django.http import FileResponse, Http404
from django.shortcuts import get_object_or_404
from django.views import View


def download(field) -> FileResponse:
    """The stored file as a download (never rendered inline), or 404 when there is none."""
    if not field:
        raise Http404
    try:
        handle = field.open("rb")
    except FileNotFoundError as missing:
        raise Http404 from missing
    return FileResponse(handle, as_attachment=True, filename=Path(field.name).name)


class ScopedDownloadView(View):
    """GET `<pk>`: the file in `field_name` of a row of `model` the user may see."""

    model = None
    field_name = "attachment"
    http_method_names = ["get"]

    def get(self, request, pk):
        row = get_object_or_404(self.model.objects.visible_to(request.user), pk=pk)
        return download(getattr(row, self.field_name))
