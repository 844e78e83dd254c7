"""Every commune page of the default territory with the shipped open data: its "Living in …"
block complete, cited, and honest ("unknown"/"secret" where the data has nothing)."""

import html as html_module
import io
import re

import pytest

from alpsatellites.observatory.models import IndicatorValue, NearestFacility
from tests.observatory.shipped import load_shipped_observatory

pytestmark = pytest.mark.django_db


@pytest.fixture
def shipped(grand_brianconnais):
    load_shipped_observatory(out=io.StringIO())
    return grand_brianconnais


def block_text(page: str) -> str:
    start = page.index('<section class="living"')
    fragment = page[start : page.index('aria-labelledby="figures-title"')]
    text = html_module.unescape(re.sub(r"<[^>]+>", " ", fragment))
    return re.sub(r" ([,.)])", r"\1", re.sub(r"[ \t\n]+", " ", text))


def test_every_commune_page_shows_its_living_block(client, shipped, django_assert_max_num_queries):
    assert IndicatorValue.objects.count() > 36 * 10
    assert NearestFacility.objects.filter(commune__territory=shipped).count() >= 36 * 3
    pages = {}
    for commune in shipped.communes.order_by("code"):
        response = client.get(f"/en/t/grand-brianconnais/communes/{commune.code}/")
        assert response.status_code == 200
        pages[commune.code] = text = block_text(response.content.decode())
        # Every group, the fibre share with its period, the nearest station, collège, hospital.
        assert "of premises can be connected to fibre" in text, commune.code
        assert re.search(r"Nearest station \S.* — (in the commune|in .+, [\d.,]+\xa0km away)", text)
        assert "Nearest collège Collège" in text or "Nearest collège COLLEGE" in text.upper()
        assert "Nearest hospital" in text and "Nearest hospital unknown" not in text
        assert "Population trend" in text and " in 2016 " in text, commune.code
        assert "INSEE" in text
    briancon = pages["05023"]
    assert "94.7%" in briancon
    # The shipped FINESS extract does not say which hospitals have an emergency department.
    assert "Centre Hospitalier (C.H.) Emergency department: not stated in the source." in briancon
    assert "Station open: Monday to Sunday: 05:30–20:10" in briancon
    assert "6 pharmacies" in briancon
    assert not any("Median income unknown" in t for t in pages.values())


def test_figures_under_statistical_secrecy_read_secret_on_the_map(client, shipped):
    """INSEE does not publish the poverty rate of small communes: "secret", never a zero."""
    page = html_module.unescape(
        client.get("/en/t/grand-brianconnais/indicators/poverty_rate/").content.decode()
    )
    secret = IndicatorValue.objects.filter(indicator__code="poverty_rate", status="secret").count()

    assert secret > 20
    assert page.count('<td class="num nowrap">secret (INSEE statistical secrecy)</td>') == secret


def test_territory_home_leads_with_the_fibre_coverage(client, shipped):
    page = html_module.unescape(client.get("/en/t/grand-brianconnais/").content.decode())
    text = re.sub(r"\s+", " ", re.sub(r"<[^>]+>", " ", page))

    match = re.search(r"(\d+) of 36 communes have at least 80% of premises connectable", text)
    assert match, text[:2000]
    fibre = IndicatorValue.objects.filter(indicator__code="fibre_share", value__gte=80)
    assert int(match.group(1)) == fibre.values("commune").distinct().count()
    assert "railway stations" in text and "collèges" in text and "hospitals" in text
