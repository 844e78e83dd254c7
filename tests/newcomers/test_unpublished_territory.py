"""A territory that is not published shows nothing of its welcome service: every public page and
the matching API answer "not found", as for a territory that does not exist."""

import pytest

from alpsatellites.territories.models import Territory
from tests.factories import UserFactory

pytestmark = pytest.mark.django_db

SLUG = "grand-brianconnais"
PAGES = [
    f"/fr/t/{SLUG}/settle/",
    f"/fr/t/{SLUG}/settle/needs/",
    f"/fr/t/{SLUG}/settle/needs/household/",
    f"/fr/t/{SLUG}/settle/matches/",
    f"/fr/t/{SLUG}/settle/request/",
    f"/fr/t/{SLUG}/settle/testimonial/",
    f"/fr/t/{SLUG}/stays/",
]


@pytest.fixture
def hidden(grand_brianconnais):
    Territory.objects.filter(pk=grand_brianconnais.pk).update(is_published=False)
    return grand_brianconnais


@pytest.mark.parametrize("path", PAGES)
def test_pages_of_an_unpublished_territory_are_not_found(client, hidden, path):
    client.force_login(UserFactory())
    assert client.get(path).status_code == 404


def test_the_matching_api_does_not_rank_an_unpublished_territory(client, hidden):
    response = client.post(
        "/api/v1/matches/", {"territory": SLUG, "profile": {}}, content_type="application/json"
    )
    assert response.status_code == 404
    assert response.json()["error"]["status"] == 404
