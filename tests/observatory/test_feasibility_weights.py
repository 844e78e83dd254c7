"""The staff weights page: who may see it, the live preview, saving, refusing bad weights."""

import pytest

from alpsatellites.accounts.models import Role
from alpsatellites.accounts.services import role_grant
from alpsatellites.core.errors import Forbidden, Invalid
from alpsatellites.observatory.models import FeasibilityWeights
from alpsatellites.observatory.services.weights import feasibility_weights_update
from tests.factories import TerritoryFactory, UserFactory

from .feasibility_data import small_territory

pytestmark = pytest.mark.django_db
URL = "/en/manage/vallee/feasibility/"
PREVIEW = URL + "preview/"
THEMES = ["connectivity", "mobility", "services", "workspaces", "housing", "demography", "economy"]


def person(role=None, territory=None):
    user = UserFactory()
    if role:
        role_grant(user=user, role=role, territory=territory)
    return user


def weights(**changes):
    data = dict.fromkeys(THEMES, "1")
    data.update(changes)
    return data


@pytest.fixture
def vallee():
    territory, _, _ = small_territory()
    return territory


@pytest.fixture
def staff(vallee):
    return person(Role.TERRITORY_STAFF, vallee)


def test_anonymous_is_sent_to_sign_in(client, vallee):
    response = client.get(URL)
    assert response.status_code == 302 and "/accounts/login/" in response["Location"]
    assert client.post(PREVIEW, weights()).status_code == 302


def test_staff_of_another_territory_gets_404(client, vallee):
    client.force_login(person(Role.TERRITORY_ADMIN, TerritoryFactory(slug="autre")))
    assert client.get(URL).status_code == 404
    assert client.post(URL, weights()).status_code == 404
    assert client.post(PREVIEW, weights()).status_code == 404
    assert not FeasibilityWeights.objects.exists()


def test_elected_official_reads_the_index_but_may_not_set_it(client, vallee):
    client.force_login(person(Role.ELECTED_OFFICIAL, vallee))
    assert client.get(URL).status_code == 403
    assert client.post(URL, weights()).status_code == 403
    assert not FeasibilityWeights.objects.exists()


def test_a_person_without_role_gets_404(client, vallee):
    client.force_login(person())
    assert client.get(URL).status_code == 404


@pytest.mark.parametrize("role", [Role.TERRITORY_ADMIN, Role.TERRITORY_STAFF])
def test_admin_and_staff_see_the_defaults_and_the_ranking(client, vallee, role):
    client.force_login(person(role, vallee))
    response = client.get(URL)
    html = response.content.decode()
    assert response.status_code == 200
    assert "default weights" in html
    assert 'name="connectivity"' in html and 'value="3' in html
    assert html.index(">Gamma<") < html.index(">Beta<") < html.index(">Alpha<")


def test_preview_recomputes_without_saving(client, staff, django_assert_max_num_queries):
    client.force_login(staff)
    with django_assert_max_num_queries(14):
        response = client.post(
            PREVIEW,
            weights(connectivity="0", mobility="0", services="1"),
            headers={"HX-Request": "true"},
        )
    html = response.content.decode()
    assert response.status_code == 200
    assert "<html" not in html  # a fragment
    assert "Ranking with these weights (not saved)" in html
    # Services only: Alpha, Beta, Gamma all 50, sharing rank 1 (listed by code).
    assert html.index(">Alpha<") < html.index(">Beta<") < html.index(">Gamma<")
    assert "up 2 places" in html and "up 1 place<" in html and "unchanged" in html
    assert not FeasibilityWeights.objects.exists()


def test_preview_of_invalid_weights_says_what_to_fix(client, staff):
    client.force_login(staff)
    html = client.post(PREVIEW, weights(mobility="-1")).content.decode()
    assert "No preview: correct the weights marked above." in html
    assert "Ranking with these weights" not in html


def test_saving_stores_every_theme(client, staff, vallee):
    client.force_login(staff)
    response = client.post(URL, weights(connectivity="4.5", economy="0"))
    assert response.status_code == 302 and response["Location"] == URL
    stored = FeasibilityWeights.objects.get(territory=vallee)
    assert stored.weights == {**dict.fromkeys(THEMES, 1.0), "connectivity": 4.5, "economy": 0.0}
    assert stored.updated_by == staff
    followed = client.get(URL).content.decode()
    assert "Weights saved" in followed and "default weights" not in followed


@pytest.mark.parametrize(
    ("data", "message"),
    [
        (weights(mobility="-1"), "A weight must be zero or more."),
        (dict.fromkeys(THEMES, "0"), "At least one weight must be above zero."),
        (weights(housing="abc"), "Enter a number."),
        (weights(housing="11"), "less than or equal to 10"),
    ],
)
def test_bad_weights_are_field_errors_and_nothing_is_saved(client, staff, data, message):
    client.force_login(staff)
    response = client.post(URL, data)
    html = response.content.decode()
    assert response.status_code == 400
    assert message in html and 'aria-invalid="true"' in html
    assert not FeasibilityWeights.objects.exists()


def test_service_refuses_others_and_bad_weights(vallee, staff):
    with pytest.raises(Forbidden):
        feasibility_weights_update(territory=vallee, weights={"mobility": 1}, by=person())
    with pytest.raises(Invalid) as negative:
        feasibility_weights_update(territory=vallee, weights={"mobility": -1}, by=staff)
    assert negative.value.field == "mobility"
    with pytest.raises(Invalid) as zero:
        feasibility_weights_update(territory=vallee, weights={"mobility": 0}, by=staff)
    assert zero.value.field == "weights"
    with pytest.raises(Invalid):
        feasibility_weights_update(territory=vallee, weights={"weather": 1}, by=staff)
    with pytest.raises(Invalid):
        feasibility_weights_update(territory=vallee, weights={"mobility": float("nan")}, by=staff)
    assert not FeasibilityWeights.objects.exists()


def test_platform_admin_may_set_any_territory(vallee):
    admin = UserFactory(is_superuser=True, is_staff=True)
    record = feasibility_weights_update(territory=vallee, weights={"housing": 2}, by=admin)
    assert record.weights["housing"] == 2.0 and record.weights["connectivity"] == 0.0


def test_public_page_links_the_weights_page_for_its_staff_only(client, staff, vallee):
    assert "Change the weights" not in client.get("/en/t/vallee/feasibility/").content.decode()
    client.force_login(person(Role.ELECTED_OFFICIAL, vallee))
    assert "Change the weights" not in client.get("/en/t/vallee/feasibility/").content.decode()
    client.force_login(staff)
    html = client.get("/en/t/vallee/feasibility/").content.decode()
    assert 'href="/en/manage/vallee/feasibility/">Change the weights' in html
