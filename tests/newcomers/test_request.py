"""The welcome request: routed to the chosen commune's officers (or the territory's staff),
consent stored as worded, one case per request key, acknowledgement in the person's language."""

import uuid

import pytest
from django.core import mail
from django.urls import reverse
from django.utils import translation

from alpsatellites.core.errors import Invalid
from alpsatellites.matching.profile import NeedsProfile
from alpsatellites.newcomers.models import (
    CaseMessage,
    CaseStageChange,
    ClosingReason,
    Consent,
    ConsentPurpose,
    Stage,
    WelcomeCase,
)
from alpsatellites.newcomers.profile_session import profile_save
from alpsatellites.newcomers.services.requests import (
    RequestAlreadyOpen,
    welcome_request_create,
    welcome_request_withdraw,
)
from alpsatellites.territories.models import Commune, Grouping
from tests.factories import UserFactory
from tests.newcomers.factories import make_officer, make_territory_staff

SLUG = "grand-brianconnais"
URL = f"/en/t/{SLUG}/settle/request/"
WORDING = "I agree that the welcome officers of X receive my request; I can withdraw at any time."


@pytest.fixture
def household(db):
    return UserFactory(name="Anna Rossi", email="anna@example.org", language="it")


def commune_of(territory, grouping_name):
    return (
        Commune.objects.filter(territory=territory, grouping__name__icontains=grouping_name)
        .select_related("grouping")
        .order_by("name")
        .first()
    )


def create(user, territory, commune, **changes):
    values = {
        "user": user,
        "territory": territory,
        "commune": commune,
        "contact_name": "Anna Rossi",
        "contact_phone": "",
        "message": "We would like to move in spring.",
        "profile": NeedsProfile(adults=2, children_ages=(7,)),
        "consent_wording": WORDING,
        "language": "en",
        "request_key": uuid.uuid4(),
        **changes,
    }
    return welcome_request_create(**values)


def form_data(**changes):
    return {
        "commune": "",
        "contact_name": "Anna Rossi",
        "contact_phone": "",
        "message": "We would like to move in spring.",
        "consent": "on",
        "consent_scope": "",
        "request_key": str(uuid.uuid4()),
        **changes,
    }


@pytest.mark.parametrize("grouping_name", ["Brian", "crins", "Guillestrois"])
def test_request_reaches_the_officers_of_the_chosen_communes_grouping(
    grand_brianconnais, household, grouping_name, django_capture_on_commit_callbacks
):
    commune = commune_of(grand_brianconnais, grouping_name)
    officers = {make_officer(commune.grouping, language="de").email for _ in range(2)}
    for other in Grouping.objects.filter(territory=grand_brianconnais).exclude(
        pk=commune.grouping_id
    ):
        make_officer(other, email=f"other-{other.pk}@example.org")
    make_territory_staff(grand_brianconnais, email="staff@example.org")
    with django_capture_on_commit_callbacks(execute=True):
        case = create(household, grand_brianconnais, commune)
    assert case.grouping == commune.grouping and case.commune == commune
    assert case.stage == Stage.NEW
    told = {message.to[0] for message in mail.outbox if message.to[0] != household.email}
    assert told == officers
    officer_mail = next(m for m in mail.outbox if m.to[0] in officers)
    # German, the officers' language; a link, never what the household wrote or shared.
    assert "Willkommensanfrage" in officer_mail.subject or str(case.pk) in officer_mail.subject
    assert "spring" not in officer_mail.body and "children" not in officer_mail.body


def test_grouping_without_officer_falls_back_to_the_territory_staff(
    grand_brianconnais, household, django_capture_on_commit_callbacks
):
    commune = commune_of(grand_brianconnais, "crins")
    staff = make_territory_staff(grand_brianconnais, email="staff@example.org")
    with django_capture_on_commit_callbacks(execute=True):
        case = create(household, grand_brianconnais, commune)
    assert case.grouping == commune.grouping
    assert {m.to[0] for m in mail.outbox} == {staff.email, household.email}
    ack = next(m for m in mail.outbox if m.to == [household.email])
    with translation.override("it"):
        assert str(grand_brianconnais.name) in ack.body


def test_no_commune_means_no_grouping_and_the_territory_team(
    grand_brianconnais, household, django_capture_on_commit_callbacks
):
    staff = make_territory_staff(grand_brianconnais)
    make_officer(Grouping.objects.filter(territory=grand_brianconnais).first())
    with django_capture_on_commit_callbacks(execute=True):
        case = create(household, grand_brianconnais, None)
    assert case.grouping is None and case.commune is None
    assert {m.to[0] for m in mail.outbox} == {staff.email, household.email}


def test_consent_first_message_and_stage_change_are_recorded(grand_brianconnais, household):
    commune = commune_of(grand_brianconnais, "Brian")
    case = create(household, grand_brianconnais, commune, contact_phone="06 12 34 56 78")
    consent = Consent.objects.get(case=case)
    assert consent.purpose == ConsentPurpose.WELCOME_REQUEST
    assert consent.wording == WORDING and consent.language == "en"
    assert consent.user == household and consent.given_at is not None
    (message,) = CaseMessage.objects.filter(case=case)
    assert message.from_household and message.author == household
    assert message.body == "We would like to move in spring."
    assert list(CaseStageChange.objects.filter(case=case).values_list("to_stage", flat=True)) == [
        Stage.NEW
    ]
    assert case.profile["adults"] == 2 and case.profile["children_ages"] == [7]
    assert case.contact_phone == "+33612345678"
    assert case.contact_email == household.email


def test_acknowledgement_in_the_households_language_names_the_officers(
    grand_brianconnais, household, django_capture_on_commit_callbacks
):
    commune = commune_of(grand_brianconnais, "Guillestrois")
    make_officer(commune.grouping, name="Claire Martin")
    with django_capture_on_commit_callbacks(execute=True):
        case = create(household, grand_brianconnais, commune, language="fr")
    (ack,) = [m for m in mail.outbox if m.to == [household.email]]
    with translation.override("it"):
        expected = reverse("newcomers:my-case", kwargs={"pk": case.pk})
    assert expected.startswith("/it/") and expected in ack.body
    assert "Claire Martin" in ack.body
    assert "3" in ack.body  # working days before a first answer


def test_same_request_key_opens_one_case(grand_brianconnais, household):
    key = uuid.uuid4()
    first = create(household, grand_brianconnais, None, request_key=key)
    again = create(household, grand_brianconnais, None, request_key=key)
    assert first.pk == again.pk
    assert WelcomeCase.objects.count() == 1 and CaseMessage.objects.count() == 1
    assert Consent.objects.count() == 1


def test_a_second_request_points_to_the_open_case(grand_brianconnais, household):
    first = create(household, grand_brianconnais, None)
    with pytest.raises(RequestAlreadyOpen) as refusal:
        create(household, grand_brianconnais, commune_of(grand_brianconnais, "crins"))
    assert refusal.value.case_id == first.pk
    assert WelcomeCase.objects.count() == 1
    welcome_request_withdraw(user=household, case_id=first.pk)
    second = create(household, grand_brianconnais, None)
    assert second.pk != first.pk


@pytest.mark.parametrize(
    ("changes", "field"),
    [
        ({"contact_name": "  "}, "contact_name"),
        ({"contact_phone": "not a phone"}, "contact_phone"),
        ({"message": ""}, "message"),
        ({"message": "x" * 5001}, "message"),
        ({"consent_wording": ""}, "consent"),
        ({"language": "xx"}, "language"),
    ],
)
def test_bad_input_is_refused_and_nothing_written(grand_brianconnais, household, changes, field):
    with pytest.raises(Invalid) as refusal:
        create(household, grand_brianconnais, None, **changes)
    assert refusal.value.field == field
    assert not WelcomeCase.objects.exists() and not Consent.objects.exists()
    assert not CaseMessage.objects.exists()


def test_a_commune_of_another_territory_is_refused(grand_brianconnais, evancon, household):
    with pytest.raises(Invalid) as refusal:
        create(household, grand_brianconnais, Commune.objects.filter(territory=evancon).first())
    assert refusal.value.field == "commune"
    assert not WelcomeCase.objects.exists()


def test_withdrawal_closes_the_case_and_removes_the_profile(
    grand_brianconnais, household, django_capture_on_commit_callbacks
):
    staff = make_territory_staff(grand_brianconnais)
    case = create(household, grand_brianconnais, None)
    with django_capture_on_commit_callbacks(execute=True):
        welcome_request_withdraw(user=household, case_id=case.pk)
    case.refresh_from_db()
    assert case.stage == Stage.CLOSED and case.closing_reason == ClosingReason.WITHDRAWN
    assert case.closed_at is not None and case.profile == {}
    assert Consent.objects.get(case=case).withdrawn_at is not None
    assert [m.to for m in mail.outbox] == [[staff.email]]
    with pytest.raises(Invalid):
        welcome_request_withdraw(user=household, case_id=case.pk)


# The page.


def test_anonymous_visitor_is_sent_to_sign_in_and_keeps_the_questionnaire(
    client, grand_brianconnais
):
    session = client.session
    profile_save(session_request(session), SLUG, NeedsProfile(adults=3))
    session.save()
    response = client.get(URL + "?commune=05023")
    assert response.status_code == 302
    assert response["Location"].startswith("/en/accounts/login/?next=")
    assert "commune%3D05023" in response["Location"]
    # Signing in keeps the anonymous session's data: the questionnaire is still there.
    UserFactory(email="new@example.org")
    assert client.login(username="new@example.org", password="correct horse battery staple")
    assert client.session["newcomers_profile"][SLUG]["adults"] == 3
    assert "3 adults" in client.get(URL + "?commune=05023").content.decode()


def session_request(session):
    class Request:
        pass

    request = Request()
    request.session = session
    return request


def test_form_preselects_the_commune_and_prefills_the_name(client, grand_brianconnais, household):
    commune = commune_of(grand_brianconnais, "Guillestrois")
    client.force_login(household)
    with translation.override("en"):
        response = client.get(URL + f"?commune={commune.code}")
    page = response.content.decode()
    assert response.status_code == 200
    assert f'<option value="{commune.code}" selected>' in page
    assert 'value="Anna Rossi"' in page
    assert f"welcome officers of {commune.grouping.name}" in page
    assert "<optgroup" in page and "Not decided yet" in page


def test_form_sends_the_request_with_the_session_profile(
    client, grand_brianconnais, household, django_capture_on_commit_callbacks
):
    commune = commune_of(grand_brianconnais, "Brian")
    client.force_login(household)
    session = client.session
    profile_save(session_request(session), SLUG, NeedsProfile(adults=2, children_ages=(4, 9)))
    session.save()
    page = client.get(URL + f"?commune={commune.code}").content.decode()
    assert "2 adults, 2 children (aged 4, 9)" in page
    data = form_data(
        commune=commune.code, consent_scope=str(commune.grouping_id), share_profile="on"
    )
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(URL, data)
    case = WelcomeCase.objects.get()
    assert response.status_code == 302
    assert response["Location"] == f"/en/my-support/{case.pk}/"
    assert case.profile["children_ages"] == [4, 9]
    consent = Consent.objects.get()
    assert consent.language == "en"
    assert consent.wording == (
        f"I agree that the welcome officers of {commune.grouping.name} receive my request and my "
        "needs profile to help me settle; I can withdraw at any time."
    )
    # A double click posts the same key again: still one case.
    client.post(URL, data)
    assert WelcomeCase.objects.count() == 1


def test_profile_is_not_shared_without_the_box(client, grand_brianconnais, household):
    client.force_login(household)
    session = client.session
    profile_save(session_request(session), SLUG, NeedsProfile(adults=2))
    session.save()
    assert client.post(URL, form_data()).status_code == 302
    assert WelcomeCase.objects.get().profile == {}


def test_consent_is_asked_again_when_the_commune_changes_its_team(
    client, grand_brianconnais, household
):
    commune = commune_of(grand_brianconnais, "crins")
    client.force_login(household)
    response = client.post(URL, form_data(commune=commune.code, consent_scope=""))
    assert response.status_code == 400
    assert not WelcomeCase.objects.exists()
    form = response.context["form"]
    assert "consent" in form.errors
    assert commune.grouping.name in form.wording
    page = response.content.decode()
    assert f'name="consent_scope" value="{commune.grouping_id}"' in page


@pytest.mark.parametrize(
    ("changes", "field"),
    [
        ({"consent": ""}, "consent"),
        ({"message": ""}, "message"),
        ({"contact_phone": "12"}, "contact_phone"),
        ({"contact_name": ""}, "contact_name"),
        ({"commune": "99999"}, "commune"),
    ],
)
def test_form_errors_write_nothing(client, grand_brianconnais, household, changes, field):
    client.force_login(household)
    response = client.post(URL, form_data(**changes))
    assert response.status_code == 400
    assert field in response.context["form"].errors
    assert not WelcomeCase.objects.exists() and not Consent.objects.exists()


def test_with_an_open_case_the_request_page_leads_to_it(client, grand_brianconnais, household):
    case = create(household, grand_brianconnais, None)
    client.force_login(household)
    response = client.get(URL)
    assert response.status_code == 302 and response["Location"] == f"/en/my-support/{case.pk}/"
    response = client.post(URL, form_data())
    assert response.status_code == 302 and WelcomeCase.objects.count() == 1
