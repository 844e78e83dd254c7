"""Which files a case thread accepts: checked by their first bytes, not by their name alone.

A file called photo.jpg that is an HTML page would be served back to an officer's browser: the
content must match one of the kinds below and the name's extension must agree with it; and a
file is always served back as a download (`attachment_download`), never shown in the browser.
"""

from dataclasses import dataclass

from django.conf import settings
from django.core.files.uploadedfile import UploadedFile
from django.http import FileResponse
from django.template.defaultfilters import filesizeformat
from django.utils.translation import gettext as _

from alpsatellites.core.errors import Invalid

from .models import CaseAttachment


@dataclass(frozen=True)
class FileKind:
    content_type: str
    extensions: tuple[str, ...]
    magic: bytes


FILE_KINDS = (
    FileKind("application/pdf", (".pdf",), b"%PDF-"),
    FileKind("image/png", (".png",), b"\x89PNG\r\n\x1a\n"),
    FileKind("image/jpeg", (".jpg", ".jpeg"), b"\xff\xd8\xff"),
)
MAX_FILES = 5


def max_attachment_bytes() -> int:
    return int(getattr(settings, "NEWCOMERS_ATTACHMENT_MAX_BYTES", 10 * 1024 * 1024))


def attachment_kind(upload: UploadedFile) -> FileKind:
    """The kind of `upload`, or Invalid (field "attachments") saying what is accepted."""
    name = (upload.name or "").lower()
    if upload.size is None or upload.size > max_attachment_bytes():
        raise Invalid(
            _("%(name)s is too large: files up to %(size)s are accepted.")
            % {"name": upload.name, "size": filesizeformat(max_attachment_bytes())},
            field="attachments",
            code="too_large",
        )
    upload.seek(0)
    head = upload.read(16)
    upload.seek(0)
    for kind in FILE_KINDS:
        if head.startswith(kind.magic) and name.endswith(kind.extensions):
            return kind
    raise Invalid(
        _("%(name)s is not accepted: send a PDF, PNG or JPEG file.") % {"name": upload.name},
        field="attachments",
        code="wrong_type",
    )


def attachment_download(attachment: CaseAttachment) -> FileResponse:
    """The file as a download under its original name, with the type checked at upload: never
    rendered by the browser, whatever its name says."""
    response = FileResponse(
        attachment.file.open("rb"),
        as_attachment=True,
        filename=attachment.original_name,
        content_type=attachment.content_type,
    )
    response["X-Content-Type-Options"] = "nosniff"
    return response
