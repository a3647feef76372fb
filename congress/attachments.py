"""Files people upload (a suggestion's attachment, a unit's reply letter): the form field that
accepts them by what they contain, not by their name, and the download that serves them. They are
not public media: a download finds the row through the reader's scope first
(`Model.objects.visible_to(user)`), so a guessed id is a 404 like any object outside it.

(`suggestions/portal_forms.py` still holds its own copy of the field and the sniffing; it should
import them from here once the branches are merged.)"""

import zipfile
from pathlib import Path

from django import forms
from django.core.exceptions import ValidationError
from django.http import FileResponse, Http404
from django.shortcuts import get_object_or_404
from django.utils.translation import gettext_lazy as _
from django.views import View

MAX_ATTACHMENT_BYTES = 10 * 1024 * 1024

# What the first bytes of each accepted kind of file look like, and the names it may carry.
# The name alone proves nothing: a renamed program must not pass as a PDF.
SIGNATURES = {
    "pdf": (b"%PDF-",),
    "doc": (b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1",),  # OLE2 compound document (Word 97-2003)
    "docx": (b"PK\x03\x04",),  # a ZIP container; checked below to hold a Word document
    "jpg": (b"\xff\xd8\xff",),
    "png": (b"\x89PNG\r\n\x1a\n",),
}
EXTENSIONS = {"pdf": {".pdf"}, "doc": {".doc"}, "docx": {".docx"}, "jpg": {".jpg", ".jpeg"}, "png": {".png"}}


def sniff(upload) -> str | None:
    """The kind of file by its content ("pdf", "doc", "docx", "jpg", "png"), or None."""
    upload.seek(0)
    head = upload.read(16)
    upload.seek(0)
    kind = next((k for k, prefixes in SIGNATURES.items() if head.startswith(prefixes)), None)
    if kind == "docx":
        try:
            with zipfile.ZipFile(upload) as archive:
                if "word/document.xml" not in archive.namelist():
                    kind = None
        except zipfile.BadZipFile:
            kind = None
        upload.seek(0)
    return kind


def validate_attachment(upload) -> None:
    """At most 10 MB, and truly a PDF, Word, JPG or PNG file whose name matches its content."""
    if upload.size > MAX_ATTACHMENT_BYTES:
        raise ValidationError(_("The file is larger than 10 MB. Attach a smaller file."), code="too_large")
    kind = sniff(upload)
    if kind is None or Path(upload.name).suffix.lower() not in EXTENSIONS[kind]:
        raise ValidationError(_("Attach a PDF, Word (doc, docx), JPG or PNG file."), code="file_type")


class AttachmentField(forms.FileField):
    default_validators = [validate_attachment]

    def __init__(self, **kwargs):
        kwargs.setdefault("required", False)
        kwargs.setdefault("help_text", _("Optional. PDF, Word, JPG or PNG, at most 10 MB."))
        # A plain input: the stored file is offered through the portal's own scoped download link.
        kwargs.setdefault("widget", forms.FileInput(attrs={"accept": ".pdf,.doc,.docx,.jpg,.jpeg,.png"}))
        super().__init__(**kwargs)


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
