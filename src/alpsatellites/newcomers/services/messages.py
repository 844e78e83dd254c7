"""The message thread of a case: household and officers write here, with attachments."""

from collections.abc import Sequence

from django.core.files.uploadedfile import UploadedFile
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from alpsatellites.accounts.models import User
from alpsatellites.core.errors import Invalid

from ..attachments import MAX_FILES, attachment_kind
from ..models import CaseAttachment, CaseMessage, WelcomeCase
from ..tasks import notify_on_commit

MAX_BODY = 5000


def case_message_post(
    *,
    case: WelcomeCase,
    author: User,
    body: str,
    from_household: bool,
    files: Sequence["UploadedFile[bytes]"] = (),
    notify: bool = True,
) -> CaseMessage:
    """Add a message to the thread and tell the other side by e-mail after commit.

    The caller has checked that `author` may write on `case` (the household itself, or staff
    through `case_open`). Every file is checked before anything is written: one refused file
    refuses the message. `notify=False` is for a caller that sends its own e-mail about the
    message (the welcome request's first message is announced as a new request).
    """
    body = body.strip()
    if not body and not files:
        raise Invalid(_("Write a message or attach a file."), field="body", code="empty")
    if len(body) > MAX_BODY:
        raise Invalid(
            _("A message holds up to %(count)s characters.") % {"count": MAX_BODY},
            field="body",
            code="too_long",
        )
    if len(files) > MAX_FILES:
        raise Invalid(
            _("Attach up to %(count)s files to one message.") % {"count": MAX_FILES},
            field="attachments",
            code="too_many",
        )
    if case.is_closed:
        raise Invalid(_("This case is closed."), field="body", code="closed")
    kinds = [attachment_kind(upload) for upload in files]
    with transaction.atomic():
        message = CaseMessage.objects.create(
            case=case, author=author, from_household=from_household, body=body
        )
        for upload, kind in zip(files, kinds, strict=True):
            CaseAttachment.objects.create(
                case=case,
                message=message,
                uploaded_by=author,
                file=upload,
                original_name=(upload.name or "")[-200:],
                content_type=kind.content_type,
                size=upload.size or 0,
            )
        if not from_household and case.first_response_at is None:
            case.first_response_at = timezone.now()
            case.save(update_fields=["first_response_at"])
        if notify:
            notify_on_commit(
                "message_to_officers" if from_household else "message_to_household", message.pk
            )
    return message
