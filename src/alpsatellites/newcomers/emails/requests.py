"""E-mails about a welcome request: the household's acknowledgement, the officers' news of a new
request and of a withdrawn one. Officers get a link, never the request or the profile: what a
household shares stays on the platform, behind the case's scope."""

from django.conf import settings
from django.urls import NoReverseMatch

from ..models import WelcomeCase
from ..notifications import send_email, sender
from ..selectors.household import case_answerers
from ..selectors.officers import case_followers
from .links import absolute_url


def _case(case_id: int) -> WelcomeCase:
    return WelcomeCase.objects.select_related("territory", "grouping", "household").get(pk=case_id)


def first_answer_days() -> int:
    """The working days within which the welcome teams promise a first answer."""
    return int(getattr(settings, "NEWCOMERS_FIRST_ANSWER_DAYS", 3))


def _officer_link(language: str, case: WelcomeCase) -> str:
    # The officers' case page belongs to another part of the site: until it exists, the e-mail
    # says where to look without a link rather than failing.
    try:
        return absolute_url("newcomers:case", language, pk=case.pk)
    except NoReverseMatch:
        return ""


@sender("welcome_request_to_household")
def welcome_request_to_household(case_id: int) -> None:
    case = _case(case_id)
    if case.household is None:
        return
    language = case.household.language or case.language
    send_email(
        to=case.household.email,
        language=language,
        template="welcome_request_to_household",
        context={
            "case": case,
            "team": case.grouping.name if case.grouping else case.territory.name,
            "answerers": [officer.public_name for officer in case_answerers(case)],
            "days": first_answer_days(),
            "url": absolute_url("newcomers:my-case", language, pk=case.pk),
        },
    )


def _tell_followers(case_id: int, template: str) -> None:
    case = _case(case_id)
    for officer in case_followers(case):
        language = officer.language or settings.LANGUAGE_CODE
        send_email(
            to=officer.email,
            language=language,
            template=template,
            context={"case": case, "url": _officer_link(language, case)},
        )


@sender("welcome_request_to_officers")
def welcome_request_to_officers(case_id: int) -> None:
    _tell_followers(case_id, "welcome_request_to_officers")


@sender("welcome_request_withdrawn")
def welcome_request_withdrawn(case_id: int) -> None:
    _tell_followers(case_id, "welcome_request_withdrawn")
