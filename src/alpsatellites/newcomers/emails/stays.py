"""E-mails about discovery stays: an application received or withdrawn (to the people who follow
the household or the stay's grouping), a decision (to the household), a stay called off (to each
accepted household). Officers get a link, not the household's message: it stays behind the
stays' scope on the platform."""

from django.conf import settings

from ..models import ApplicationStatus, StayApplication
from ..notifications import send_email, sender
from ..selectors.officers import case_followers, grouping_officers, territory_staff
from .links import absolute_url


def _application(application_id: int) -> StayApplication:
    return StayApplication.objects.select_related(
        "stay__territory", "stay__grouping", "stay__commune", "household", "case"
    ).get(pk=application_id)


def _to_household(application: StayApplication, template: str) -> None:
    household = application.household
    if household is None:  # the account was deleted meanwhile
        return
    language = household.language or settings.LANGUAGE_CODE
    send_email(
        to=household.email,
        language=language,
        template=template,
        context={
            "application": application,
            "stay": application.stay,
            "name": household.name,
            "accepted": application.status == ApplicationStatus.ACCEPTED,
            "url": absolute_url("newcomers:my-stays", language),
        },
    )


def _to_organisers(application_id: int, template: str) -> None:
    application = _application(application_id)
    stay = application.stay
    if application.case is not None:
        officers = case_followers(application.case)
    else:
        officers = list(grouping_officers(stay.grouping)) or list(territory_staff(stay.territory))
    for officer in officers:
        language = officer.language or settings.LANGUAGE_CODE
        send_email(
            to=officer.email,
            language=language,
            template=template,
            context={
                "stay": stay,
                "url": absolute_url("newcomers:officer-stay", language, pk=stay.pk),
            },
        )


@sender("stay_application_received")
def stay_application_received(application_id: int) -> None:
    _to_organisers(application_id, "stay_application_received")


@sender("stay_application_withdrawn")
def stay_application_withdrawn(application_id: int) -> None:
    _to_organisers(application_id, "stay_application_withdrawn")


@sender("stay_application_decided")
def stay_application_decided(application_id: int) -> None:
    application = _application(application_id)
    _to_household(application, "stay_application_decided")


@sender("stay_cancelled")
def stay_cancelled(application_id: int) -> None:
    _to_household(_application(application_id), "stay_cancelled")
