"""The discovery stays' pages: what each person sees, the 404s of everything else, query counts."""

import datetime
import uuid

import pytest
from django.urls import reverse
from django.utils import translation

from alpsatellites.core.formats import euros
from alpsatellites.newcomers.models import ApplicationStatus, DiscoveryStay, StayStatus
from alpsatellites.territories.models import Grouping
from tests.factories import UserFactory
from tests.newcomers.factories import DiscoveryStayFactory, make_officer, make_territory_staff
from tests.newcomers.stays_helpers import apply, stay_of_new_grouping

pytestmark = pytest.mark.django_db

BRIANCONNAIS = "Communauté de communes du Briançonnais"
QUEYRAS = "Communauté de communes du Guillestrois et du Queyras"


def url(name, *args):
    with translation.override("fr"):
        return reverse(f"newcomers:{name}", args=args)


def grouping(territory, name):
    return Grouping.objects.get(territory=territory, name=name)


# ---- public side ----------------------------------------------------------------------------


def test_public_list_shows_published_upcoming_stays_in_constant_queries(
    client, django_assert_num_queries
):
    stay, _officer = stay_of_new_grouping(title="Trois jours au Monêtier", meetings="Le maire")
    territory = stay.territory
    hidden = [
        DiscoveryStayFactory(grouping=stay.grouping, status=StayStatus.DRAFT),
        DiscoveryStayFactory(grouping=stay.grouping, status=StayStatus.CANCELLED),
        DiscoveryStayFactory(
            grouping=stay.grouping,
            starts_on=datetime.date.today() - datetime.timedelta(days=3),
            ends_on=datetime.date.today() + datetime.timedelta(days=1),
        ),
        stay_of_new_grouping()[0],  # another territory's
    ]
    with django_assert_num_queries(2):  # the territory, the stays with their places
        page = client.get(url("stays", territory.slug))
    text = page.content.decode()
    assert "Trois jours au Monêtier" in text
    for other in hidden:
        assert other.title not in text
    with translation.override("fr"):
        assert euros(stay.price) in text
    DiscoveryStayFactory.create_batch(5, grouping=stay.grouping)
    with django_assert_num_queries(2):
        assert client.get(url("stays", territory.slug)).status_code == 200


def test_places_left_and_full(client):
    stay, officer = stay_of_new_grouping(capacity=1)
    with translation.override("en"):
        page = client.get(reverse("newcomers:stays", args=[stay.territory.slug]))
        assert "1 place left" in page.content.decode()
        from alpsatellites.newcomers.services.stays import stay_application_decide

        stay_application_decide(user=officer, application_id=apply(stay).pk, accept=True)
        page = client.get(reverse("newcomers:stay", args=[stay.territory.slug, stay.pk]))
        assert "This stay is full" in page.content.decode()
        client.force_login(UserFactory())
        response = client.post(
            reverse("newcomers:stay", args=[stay.territory.slug, stay.pk]),
            {"people": 2, "consent": "on", "request_key": uuid.uuid4()},
        )
    assert response.status_code == 409
    assert "This stay is full" in response.content.decode()


def test_hidden_stays_answer_404(client):
    stay, _officer = stay_of_new_grouping()
    draft = DiscoveryStayFactory(grouping=stay.grouping, status=StayStatus.DRAFT)
    cancelled = DiscoveryStayFactory(grouping=stay.grouping, status=StayStatus.CANCELLED)
    past = DiscoveryStayFactory(
        grouping=stay.grouping,
        starts_on=datetime.date.today() - datetime.timedelta(days=5),
        ends_on=datetime.date.today() - datetime.timedelta(days=3),
    )
    elsewhere, _ = stay_of_new_grouping()
    assert client.get(url("stay", stay.territory.slug, stay.pk)).status_code == 200
    for hidden in (draft, cancelled, past):
        assert client.get(url("stay", stay.territory.slug, hidden.pk)).status_code == 404
    # Another territory's stay under this territory's address.
    assert client.get(url("stay", stay.territory.slug, elsewhere.pk)).status_code == 404
    client.force_login(UserFactory())
    response = client.post(
        url("stay", stay.territory.slug, draft.pk),
        {"people": 1, "consent": "on", "request_key": uuid.uuid4()},
    )
    assert response.status_code == 404
    assert not draft.applications.exists()


def test_applying_needs_an_account(client):
    stay, _officer = stay_of_new_grouping()
    address = url("stay", stay.territory.slug, stay.pk)
    page = client.get(address)
    assert reverse("account_login") in page.content.decode()
    response = client.post(address, {"people": 1, "consent": "on"})
    assert response.status_code == 302
    assert response["Location"].startswith(reverse("account_login"))
    assert not stay.applications.exists()


def test_a_household_applies_then_withdraws(client):
    stay, _officer = stay_of_new_grouping()
    household = UserFactory(language="en")
    client.force_login(household)
    response = client.post(
        url("stay", stay.territory.slug, stay.pk),
        {
            "people": 3,
            "message": "<script>alert(1)</script>",
            "consent": "on",
            "request_key": uuid.uuid4(),
        },
    )
    assert response.status_code == 302
    assert response["Location"] == url("my-stays")
    application = stay.applications.get()
    assert (application.people, application.household) == (3, household)
    household.refresh_from_db()
    assert household.language == "fr"  # the decision e-mail comes in the language applied in
    page = client.get(url("my-stays")).content.decode()
    assert stay.title in page
    client.post(url("my-stay-withdraw", application.pk))
    application.refresh_from_db()
    assert application.status == ApplicationStatus.WITHDRAWN


def test_without_consent_the_form_says_so(client):
    stay, _officer = stay_of_new_grouping()
    client.force_login(UserFactory())
    with translation.override("en"):
        response = client.post(
            reverse("newcomers:stay", args=[stay.territory.slug, stay.pk]),
            {"people": 2, "request_key": uuid.uuid4()},
        )
    assert response.status_code == 400
    assert "Your consent is needed" in response.content.decode()
    assert not stay.applications.exists()


def test_a_household_never_sees_nor_touches_another_households_application(client):
    stay, _officer = stay_of_new_grouping()
    theirs = apply(stay, UserFactory(name="Anna Other"))
    client.force_login(UserFactory())
    page = client.get(url("my-stays")).content.decode()
    assert "Anna Other" not in page
    assert stay.title not in page
    assert client.post(url("my-stay-withdraw", theirs.pk)).status_code == 404
    theirs.refresh_from_db()
    assert theirs.status == ApplicationStatus.PENDING
    # Nor the officers' pages.
    assert client.get(url("officer-stay", stay.pk)).status_code == 404
    assert client.get(url("officer-stays")).status_code == 404


# ---- officers' side -------------------------------------------------------------------------


def test_officer_pages_need_sign_in(client):
    stay, _officer = stay_of_new_grouping()
    for address in (url("officer-stays"), url("officer-stay", stay.pk), url("my-stays")):
        response = client.get(address)
        assert response.status_code == 302
        assert response["Location"].startswith(reverse("account_login"))


def test_officer_of_another_grouping_gets_404_everywhere(client, grand_brianconnais):
    queyras = grouping(grand_brianconnais, QUEYRAS)
    stay = DiscoveryStayFactory(grouping=queyras, title="Séjour au Queyras")
    application = apply(stay, UserFactory(name="Jeanne Secret"))
    client.force_login(make_officer(grouping(grand_brianconnais, BRIANCONNAIS)))
    list_page = client.get(url("officer-stays")).content.decode()
    assert "Séjour au Queyras" not in list_page
    for address in (url("officer-stay", stay.pk), url("officer-stay-edit", stay.pk)):
        assert client.get(address).status_code == 404
    for address in (url("officer-stay-publish", stay.pk), url("officer-stay-cancel", stay.pk)):
        assert client.post(address).status_code == 404
    decide = url("officer-application-decide", stay.pk, application.pk)
    assert client.post(decide, {"decision": "accept"}).status_code == 404
    application.refresh_from_db()
    stay.refresh_from_db()
    assert (application.status, stay.status) == (ApplicationStatus.PENDING, StayStatus.PUBLISHED)


def test_an_application_of_another_stay_under_this_stays_address_is_404(client):
    stay, officer = stay_of_new_grouping()
    other, _stranger = stay_of_new_grouping()
    theirs = apply(other)
    client.force_login(officer)
    decide = url("officer-application-decide", stay.pk, theirs.pk)
    assert client.post(decide, {"decision": "accept"}).status_code == 404


def test_officer_list_in_constant_queries(client, django_assert_num_queries):
    stay, officer = stay_of_new_grouping()
    apply(stay)
    client.force_login(officer)
    client.get(url("officer-stays"))  # the session and the user's roles, once
    with django_assert_num_queries(6):  # +1: the header's requests badge
        page = client.get(url("officer-stays"))
    assert stay.title in page.content.decode()
    DiscoveryStayFactory.create_batch(4, grouping=stay.grouping)
    with django_assert_num_queries(6):  # +1: the header's requests badge
        client.get(url("officer-stays"))


def test_territory_staff_follow_every_grouping_of_their_territory(client, grand_brianconnais):
    stays = [
        DiscoveryStayFactory(grouping=grouping(grand_brianconnais, name), title=name)
        for name in (BRIANCONNAIS, QUEYRAS)
    ]
    client.force_login(make_territory_staff(grand_brianconnais))
    page = client.get(url("officer-stays")).content.decode()
    assert all(stay.title in page for stay in stays)


def test_officer_creates_publishes_and_decides(client, grand_brianconnais):
    brianconnais = grouping(grand_brianconnais, BRIANCONNAIS)
    officer = make_officer(brianconnais)
    client.force_login(officer)
    commune = brianconnais.communes.get(name="Briançon")
    first = datetime.date.today() + datetime.timedelta(days=20)
    form = {
        "grouping": brianconnais.pk,
        "commune": commune.pk,
        "title_fr": "Trois jours à Briançon",
        "description_fr": "Vivre et travailler à Briançon.",
        "accommodation_fr": "Un appartement meublé.",
        "meetings_fr": "",
        "title_en": "Three days in Briançon",
        "accommodation_partner": "Gîte du Prorel",
        "workspace_resource": "",
        "starts_on": first.isoformat(),
        "ends_on": (first + datetime.timedelta(days=2)).isoformat(),
        "capacity": "2",
        "price": "120,50",
    }
    assert client.get(url("officer-stay-new")).status_code == 200
    bad = client.post(url("officer-stay-new"), {**form, "ends_on": "2020-01-01"})
    assert bad.status_code == 400
    assert not DiscoveryStay.objects.exists()
    response = client.post(url("officer-stay-new"), form)
    stay = DiscoveryStay.objects.get()
    assert response["Location"] == url("officer-stay", stay.pk)
    assert (stay.title_fr, stay.title_en, str(stay.price)) == (
        "Trois jours à Briançon",
        "Three days in Briançon",
        "120.50",
    )
    assert client.get(url("officer-stay-edit", stay.pk)).status_code == 200
    client.post(url("officer-stay-publish", stay.pk))
    application = apply(stay, UserFactory(name="Marie Dupont"), message="<b>Bonjour</b>")
    page = client.get(url("officer-stay", stay.pk)).content.decode()
    assert "Marie Dupont" in page
    assert "&lt;b&gt;Bonjour&lt;/b&gt;" in page
    client.post(url("officer-application-decide", stay.pk, application.pk), {"decision": "accept"})
    application.refresh_from_db()
    assert application.status == ApplicationStatus.ACCEPTED


def test_my_stays_in_constant_queries(client, django_assert_num_queries):
    household = UserFactory()
    stay, _officer = stay_of_new_grouping()
    apply(stay, household)
    client.force_login(household)
    client.get(url("my-stays"))
    with django_assert_num_queries(
        5
    ):  # session, user, roles and requests badge (header), applications+stays
        assert stay.title in client.get(url("my-stays")).content.decode()
    for _ in range(3):
        apply(stay_of_new_grouping()[0], household)
    with django_assert_num_queries(5):  # +1: the header's requests badge
        client.get(url("my-stays"))


def test_officer_stay_page_in_constant_queries(client, django_assert_num_queries):
    stay, officer = stay_of_new_grouping(capacity=5)
    apply(stay)
    client.force_login(officer)
    client.get(url("officer-stay", stay.pk))
    # session, user, roles, the stay, its scope check, its applications
    with django_assert_num_queries(7):  # +1: the header's requests badge
        client.get(url("officer-stay", stay.pk))
    for _ in range(4):
        apply(stay)
    with django_assert_num_queries(7):  # +1: the header's requests badge
        page = client.get(url("officer-stay", stay.pk))
    assert page.content.decode().count('value="accept"') == 5
