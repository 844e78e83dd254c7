"""E-mails of the newcomers domain, each in its recipient's language.

Every e-mail has a kind and is sent by `tasks.newcomers_notify(kind, object_id)` after commit;
a sender is a function of one id registered under its kind with `@sender("kind")`. Plain-text
bodies only: what a household or an officer typed is never interpreted as markup in an e-mail.
"""

from collections.abc import Callable

from django.conf import settings
from django.core.mail import EmailMessage
from django.template.loader import render_to_string
from django.utils import translation

SENDERS: dict[str, Callable[[int], None]] = {}


def sender(kind: str) -> Callable[[Callable[[int], None]], Callable[[int], None]]:
    """Register the function that sends the e-mails of `kind` for one object id."""

    def register(function: Callable[[int], None]) -> Callable[[int], None]:
        if kind in SENDERS:
            raise ValueError(f"two senders for the e-mail kind {kind!r}")
        SENDERS[kind] = function
        return function

    return register


def send_email(
    *, to: str, language: str, template: str, context: dict[str, object], reply_to: str = ""
) -> None:
    """Render `newcomers/email/<template>_subject.txt` and `_body.txt` in `language`; send."""
    if not to:
        return
    with translation.override(language or settings.LANGUAGE_CODE):
        subject = render_to_string(f"newcomers/email/{template}_subject.txt", context)
        body = render_to_string(f"newcomers/email/{template}_body.txt", context)
    EmailMessage(
        subject=" ".join(subject.split()),
        body=body,
        from_email=settings.DEFAULT_FROM_EMAIL,
        to=[to],
        reply_to=[reply_to] if reply_to else None,
    ).send()
