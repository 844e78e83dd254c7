"""E-mails about the message thread of a case."""

from django.conf import settings

from ..models import CaseMessage
from ..notifications import send_email, sender
from ..selectors.officers import case_followers
from .links import absolute_url


def _message(message_id: int) -> CaseMessage:
    return CaseMessage.objects.select_related("case__territory", "case__household").get(
        pk=message_id
    )


@sender("message_to_household")
def message_to_household(message_id: int) -> None:
    message = _message(message_id)
    case = message.case
    to = case.household.email if case.household else case.contact_email
    language = case.household.language if case.household else case.language
    send_email(
        to=to,
        language=language,
        template="message_to_household",
        context={
            "case": case,
            "message": message,
            "url": absolute_url("newcomers:my-case", language, pk=case.pk),
        },
    )


@sender("message_to_officers")
def message_to_officers(message_id: int) -> None:
    # Officers get a link, not the message: what a household writes stays on the platform,
    # behind the case's scope, rather than in mailboxes.
    message = _message(message_id)
    case = message.case
    for officer in case_followers(case):
        language = officer.language or settings.LANGUAGE_CODE
        send_email(
            to=officer.email,
            language=language,
            template="message_to_officers",
            context={
                "case": case,
                "url": absolute_url("newcomers:case", language, pk=case.pk),
            },
        )
