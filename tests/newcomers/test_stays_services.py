"""The discovery stays' services: capacity, the coworking pass, idempotency, consent, e-mails."""

import datetime
import uuid
from decimal import Decimal

import pytest
from django.utils import timezone, translation

from alpsatellites.core.errors import Conflict, Invalid, NotFound
from alpsatellites.newcomers.models import (
    ApplicationStatus,
    Consent,
    ConsentPurpose,
    StayApplication,
    StayStatus,
)
from alpsatellites.newcomers.services.stays import (
    StayFields,
    StayText,
    stay_application_decide,
    stay_application_withdraw,
    stay_cancel,
    stay_consent_wording,
    stay_create,
    stay_publish,
    stay_update,
)
from alpsatellites.workspaces.models import Booking, BookingStatus
from tests.factories import UserFactory
from tests.newcomers.factories import WelcomeCaseFactory, make_officer
from tests.newcomers.stays_helpers import apply, coworking_pass, stay_of_new_grouping
from tests.workspaces.factories import BookingFactory

pytestmark = pytest.mark.django_db


def decide(officer, application, accept=True):
    return stay_application_decide(user=officer, application_id=application.pk, accept=accept)


def accepted(stay):
    return stay.applications.filter(status=ApplicationStatus.ACCEPTED).count()


# ---- capacity -------------------------------------------------------------------------------


def test_accept_until_full_then_conflict():
    stay, officer = stay_of_new_grouping(capacity=2)
    first, second, third = apply(stay), apply(stay), apply(stay)
    decide(officer, first)
    decide(officer, second)
    with pytest.raises(Conflict) as refused:
        decide(officer, third)
    assert refused.value.code == "full"
    assert refused.value.http_status == 409
    third.refresh_from_db()
    assert third.status == ApplicationStatus.PENDING
    assert accepted(stay) == 2


def test_a_full_stay_refuses_new_applications():
    stay, officer = stay_of_new_grouping(capacity=1)
    decide(officer, apply(stay))
    with pytest.raises(Conflict) as refused, translation.override("en"):
        apply(stay)
    assert refused.value.code == "full"
    assert "full" in refused.value.message


def test_declining_frees_nothing_that_was_not_taken():
    stay, officer = stay_of_new_grouping(capacity=1)
    taken, other, late = apply(stay), apply(stay), apply(stay)
    decide(officer, taken)
    decide(officer, other, accept=False)
    with pytest.raises(Conflict):
        decide(officer, late)
    assert accepted(stay) == 1


def test_withdrawing_after_acceptance_frees_the_place():
    stay, officer = stay_of_new_grouping(capacity=1)
    first, second = apply(stay), apply(stay)
    decide(officer, first)
    stay_application_withdraw(user=first.household, application_id=first.pk)
    decide(officer, second)
    first.refresh_from_db()
    assert first.status == ApplicationStatus.WITHDRAWN
    assert accepted(stay) == 1


def test_declining_after_acceptance_frees_the_place():
    stay, officer = stay_of_new_grouping(capacity=1)
    first, second = apply(stay), apply(stay)
    decide(officer, first)
    decide(officer, first, accept=False)
    decide(officer, second)
    assert accepted(stay) == 1


def test_a_decided_application_is_not_decided_again():
    stay, officer = stay_of_new_grouping()
    application = apply(stay)
    decide(officer, application, accept=False)
    with pytest.raises(Invalid):
        decide(officer, application)
    with pytest.raises(Invalid):
        decide(officer, application, accept=False)


# ---- the coworking pass -----------------------------------------------------------------------


def test_accepting_books_one_seat_for_the_days_of_the_stay():
    stay, officer = stay_of_new_grouping()
    resource = coworking_pass(stay.territory)
    stay.workspace_resource = resource
    stay.save()
    application = decide(officer, apply(stay))
    booking = application.booking
    zone = stay.territory.zone
    assert booking.user == application.household
    assert booking.seats == 1
    assert booking.status == BookingStatus.CONFIRMED
    assert booking.starts_at == datetime.datetime.combine(
        stay.starts_on, datetime.time(8), tzinfo=zone
    )
    assert booking.ends_at == datetime.datetime.combine(
        stay.ends_on, datetime.time(19), tzinfo=zone
    )


@pytest.mark.parametrize("how", ["decline", "withdraw", "cancel"])
def test_a_place_given_up_cancels_the_pass(how, mailoutbox, django_capture_on_commit_callbacks):
    stay, officer = stay_of_new_grouping()
    stay.workspace_resource = coworking_pass(stay.territory)
    stay.save()
    application = decide(officer, apply(stay))
    if how == "decline":
        decide(officer, application, accept=False)
    elif how == "withdraw":
        stay_application_withdraw(user=application.household, application_id=application.pk)
    else:
        with django_capture_on_commit_callbacks(execute=True):
            stay_cancel(user=officer, stay_id=stay.pk)
    booking = Booking.objects.get(pk=application.booking_id)
    assert booking.status == BookingStatus.CANCELLED
    if how == "cancel":
        stay.refresh_from_db()
        assert stay.status == StayStatus.CANCELLED
        assert mailoutbox[-1].to == [application.household.email]


def test_a_refused_booking_refuses_the_acceptance_and_writes_nothing():
    stay, officer = stay_of_new_grouping()
    resource = coworking_pass(stay.territory, capacity=1)
    stay.workspace_resource = resource
    stay.save()
    zone = stay.territory.zone
    # Someone else took the only desk on the stay's second day.
    BookingFactory(
        resource=resource,
        starts_at=datetime.datetime.combine(
            stay.starts_on + datetime.timedelta(days=1), datetime.time(9), tzinfo=zone
        ),
        ends_at=datetime.datetime.combine(
            stay.starts_on + datetime.timedelta(days=1), datetime.time(12), tzinfo=zone
        ),
    )
    application = apply(stay)
    with pytest.raises(Conflict) as refused, translation.override("en"):
        decide(officer, application)
    assert refused.value.code == "pass_refused"
    assert "coworking pass" in refused.value.message
    application.refresh_from_db()
    assert (application.status, application.booking, application.decided_at) == (
        ApplicationStatus.PENDING,
        None,
        None,
    )
    assert Booking.objects.filter(resource=resource).count() == 1


def test_accepting_twice_at_once_keeps_one_booking():
    """The booking's key derives from the application: a retried acceptance takes no 2nd seat."""
    stay, officer = stay_of_new_grouping()
    stay.workspace_resource = coworking_pass(stay.territory)
    stay.save()
    application = decide(officer, apply(stay))
    with pytest.raises(Invalid):
        decide(officer, application)
    assert Booking.objects.filter(user=application.household).count() == 1


# ---- applying -------------------------------------------------------------------------------


def test_the_same_request_twice_is_one_application():
    stay, _officer = stay_of_new_grouping()
    household, key = UserFactory(), uuid.uuid4()
    first = apply(stay, household, request_key=key)
    again = apply(stay, household, request_key=key)
    assert first.pk == again.pk
    assert StayApplication.objects.count() == 1
    assert Consent.objects.filter(user=household).count() == 1


def test_one_live_application_per_household():
    stay, _officer = stay_of_new_grouping()
    household = UserFactory()
    first = apply(stay, household)
    with pytest.raises(Conflict) as refused:
        apply(stay, household)
    assert refused.value.code == "already_applied"
    stay_application_withdraw(user=household, application_id=first.pk)
    assert apply(stay, household).status == ApplicationStatus.PENDING


def test_consent_is_recorded_with_its_exact_words():
    stay, _officer = stay_of_new_grouping()
    application = apply(stay, language="de")
    consent = Consent.objects.get(user=application.household)
    assert consent.purpose == ConsentPurpose.STAY_APPLICATION
    assert consent.language == "de"
    with translation.override("de"):
        assert consent.wording == stay_consent_wording(stay)


def test_without_consent_nothing_is_written():
    stay, _officer = stay_of_new_grouping()
    with pytest.raises(Invalid) as refused:
        apply(stay, consent=False)
    assert refused.value.field == "consent"
    assert not StayApplication.objects.exists()
    assert not Consent.objects.exists()


@pytest.mark.parametrize(
    ("fields", "field"), [({"people": 0}, "people"), ({"message": "x" * 2001}, "message")]
)
def test_impossible_answers_are_refused(fields, field):
    stay, _officer = stay_of_new_grouping()
    with pytest.raises(Invalid) as refused:
        apply(stay, **fields)
    assert refused.value.field == field


@pytest.mark.parametrize("status", [StayStatus.DRAFT, StayStatus.CANCELLED])
def test_only_published_stays_take_applications(status):
    stay, _officer = stay_of_new_grouping(status=status)
    with pytest.raises(NotFound):
        apply(stay)


def test_the_household_open_case_is_linked():
    stay, _officer = stay_of_new_grouping()
    case = WelcomeCaseFactory(grouping=stay.grouping)
    WelcomeCaseFactory(household=case.household)  # another territory's
    application = apply(stay, case.household)
    assert application.case == case


def test_emails_application_to_officers_and_decision_to_household(
    mailoutbox, django_capture_on_commit_callbacks
):
    stay, officer = stay_of_new_grouping()
    other_grouping_officer = make_officer(stay_of_new_grouping()[0].grouping)
    with django_capture_on_commit_callbacks(execute=True):
        application = apply(stay, UserFactory(language="it"))
    assert [mail.to for mail in mailoutbox] == [[officer.email]]
    assert other_grouping_officer.email not in mailoutbox[0].to
    assert "We would love to try." not in mailoutbox[0].body  # a link, not the message
    with django_capture_on_commit_callbacks(execute=True):
        decide(officer, application)
    mail = mailoutbox[-1]
    assert mail.to == [application.household.email]
    assert "accettata" in mail.body or "/it/my-stays/" in mail.body


# ---- scope -------------------------------------------------------------------------------


def test_an_officer_of_another_grouping_can_do_nothing():
    stay, _officer = stay_of_new_grouping()
    other, _ = stay_of_new_grouping()
    stranger = make_officer(other.grouping)
    application = apply(stay)
    with pytest.raises(NotFound):
        decide(stranger, application)
    with pytest.raises(NotFound):
        stay_cancel(user=stranger, stay_id=stay.pk)
    with pytest.raises(NotFound):
        stay_publish(user=stranger, stay_id=stay.pk)
    with pytest.raises(NotFound):
        stay_application_withdraw(user=UserFactory(), application_id=application.pk)
    application.refresh_from_db()
    assert application.status == ApplicationStatus.PENDING


# ---- offering stays ----------------------------------------------------------------------


def fields_for(stay, **changes):
    values = {
        "grouping_id": stay.grouping_id,
        "commune_id": stay.commune_id,
        "texts": {"fr": StayText("Trois jours à Briançon", "Découvrir", "Un gîte", "")},
        "accommodation_partner": "Gîte des Écrins",
        "starts_on": timezone.localdate() + datetime.timedelta(days=10),
        "ends_on": timezone.localdate() + datetime.timedelta(days=12),
        "capacity": 3,
        "price": Decimal("150.00"),
        **changes,
    }
    return StayFields(**values)


def test_create_a_draft_then_publish_it():
    template, officer = stay_of_new_grouping()
    stay = stay_create(user=officer, fields=fields_for(template, workspace_resource_id=None))
    assert stay.status == StayStatus.DRAFT
    assert (stay.title_fr, stay.territory) == ("Trois jours à Briançon", template.territory)
    assert stay_publish(user=officer, stay_id=stay.pk).status == StayStatus.PUBLISHED


@pytest.mark.parametrize(
    ("changes", "field"),
    [
        ({"starts_on": datetime.date(2020, 1, 1)}, "starts_on"),
        ({"ends_on": timezone.localdate()}, "ends_on"),
        ({"ends_on": timezone.localdate() + datetime.timedelta(days=60)}, "ends_on"),
        ({"price": Decimal("-1")}, "price"),
        ({"capacity": 0}, "capacity"),
        ({"texts": {"en": StayText("Three days", "Discover", "A flat")}}, "title_fr"),
        ({"accommodation_partner": " "}, "accommodation_partner"),
    ],
)
def test_impossible_stays_get_field_errors(changes, field):
    template, officer = stay_of_new_grouping()
    with pytest.raises(Invalid) as refused:
        stay_create(user=officer, fields=fields_for(template, **changes))
    assert refused.value.field == field


def test_commune_and_pass_of_elsewhere_are_refused():
    template, officer = stay_of_new_grouping()
    elsewhere, _ = stay_of_new_grouping()
    with pytest.raises(Invalid) as refused:
        stay_create(user=officer, fields=fields_for(template, commune_id=elsewhere.commune_id))
    assert refused.value.field == "commune"
    with pytest.raises(Invalid) as refused:
        stay_create(user=officer, fields=fields_for(template, grouping_id=elsewhere.grouping_id))
    assert refused.value.field == "grouping"
    other_pass = coworking_pass(elsewhere.territory)
    with pytest.raises(Invalid) as refused:
        stay_create(user=officer, fields=fields_for(template, workspace_resource_id=other_pass.pk))
    assert refused.value.field == "workspace_resource"


def test_a_pass_that_cannot_cover_the_stay_is_refused_when_set():
    template, officer = stay_of_new_grouping()
    short = coworking_pass(template.territory, max_days=2)
    with pytest.raises(Invalid) as refused:
        stay_create(user=officer, fields=fields_for(template, workspace_resource_id=short.pk))
    assert refused.value.field == "workspace_resource"


def test_accepted_households_keep_their_dates_and_places():
    stay, officer = stay_of_new_grouping(capacity=3)
    decide(officer, apply(stay))
    decide(officer, apply(stay))
    later = stay.starts_on + datetime.timedelta(days=1)
    with pytest.raises(Conflict):
        stay_update(
            user=officer,
            stay_id=stay.pk,
            fields=fields_for(stay, starts_on=later, ends_on=stay.ends_on),
        )
    with pytest.raises(Conflict):
        stay_update(
            user=officer,
            stay_id=stay.pk,
            fields=fields_for(stay, starts_on=stay.starts_on, ends_on=stay.ends_on, capacity=1),
        )
    updated = stay_update(
        user=officer,
        stay_id=stay.pk,
        fields=fields_for(stay, starts_on=stay.starts_on, ends_on=stay.ends_on, capacity=2),
    )
    assert updated.capacity == 2


def test_withdrawal_tells_the_followers_of_the_household_case(
    mailoutbox, django_capture_on_commit_callbacks
):
    stay, grouping_officer = stay_of_new_grouping()
    case = WelcomeCaseFactory(grouping=stay.grouping, assigned_to=make_officer(stay.grouping))
    application = apply(stay, case.household)
    with django_capture_on_commit_callbacks(execute=True):
        stay_application_withdraw(user=case.household, application_id=application.pk)
    assert [mail.to for mail in mailoutbox] == [[case.assigned_to.email]]
    assert grouping_officer.email not in mailoutbox[0].to
    assert f"/welcome/stays/{stay.pk}/" in mailoutbox[0].body
