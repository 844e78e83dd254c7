"""Every shipped territory file imports idempotently, each language in its own column."""

import json
from io import StringIO

import pytest
from django.core.management import call_command
from django.utils import translation

from alpsatellites.setup.demo import DEFAULT_BUNDLES
from alpsatellites.territories.importers.bundle import read_bundle
from alpsatellites.territories.models import Highlight, Source, Territory
from alpsatellites.territories.services import territory_import
from tests.utils import snapshot

pytestmark = pytest.mark.django_db

BUNDLES = pytest.mark.parametrize("bundle", DEFAULT_BUNDLES, ids=lambda path: path.stem)


def run(bundle) -> str:
    out = StringIO()
    call_command("import_territory", "--bundle", str(bundle), stdout=out, stderr=StringIO())
    return out.getvalue()


def document(bundle) -> dict:
    return json.loads(bundle.read_text(encoding="utf-8"))["territory"]


@pytest.mark.parametrize("active", ["fr", "en", "it", "de"])
@BUNDLES
def test_a_rerun_writes_nothing_and_says_so(bundle, active):
    with translation.override(active):
        run(bundle)
        before = snapshot()
        highlights = list(Highlight.objects.order_by("pk").values_list("pk", flat=True))

        output = run(bundle)
        after = snapshot()  # read in the same language: values() shows the reader's language

    assert "0 created, 0 updated" in output
    assert "0 groupings created, 0 updated; territory and sources unchanged." in output
    assert after == before
    assert list(Highlight.objects.order_by("pk").values_list("pk", flat=True)) == highlights


@BUNDLES
def test_each_language_keeps_its_own_text(bundle):
    expected = document(bundle)
    with translation.override("fr"):
        run(bundle)
        run(bundle)
    territory = Territory.objects.get(slug=expected["slug"])
    for language in ("fr", "en", "it", "de"):
        with translation.override(language):
            territory.refresh_from_db()
            assert territory.name == expected["name"][language]
            assert territory.tagline == expected["tagline"][language]
            highlight = territory.highlights.order_by("position").first()
            assert highlight.title == expected["highlights"][0]["title"][language]
            assert highlight.body == expected["highlights"][0]["body"][language]


def test_a_changed_highlight_is_updated_in_place():
    bundle = next(p for p in DEFAULT_BUNDLES if p.stem == "evancon")
    territory_import(read_bundle(bundle), territory_slug="")
    highlight = Highlight.objects.get(territory__slug="evancon", position=0)
    data = read_bundle(bundle)
    data.territory.highlights[0].title = {**data.territory.highlights[0].title, "fr": "Nouveau"}

    report = territory_import(data, territory_slug="")

    assert report.territory_changed
    updated = Highlight.objects.get(territory__slug="evancon", position=0)
    assert (updated.pk, updated.title_fr) == (highlight.pk, "Nouveau")
    assert updated.title_it == data.territory.highlights[0].title["it"]


def test_a_source_title_given_in_several_languages_is_shown_in_the_readers():
    data = read_bundle(next(p for p in DEFAULT_BUNDLES if p.stem == "evancon"))
    data.sources[0].title = {"fr": "Villes GeoNames", "it": "Città GeoNames"}
    territory_import(data, territory_slug="")
    source = Source.objects.get(key=data.sources[0].key)

    with translation.override("it"):
        assert source.title == "Città GeoNames"
    with translation.override("de"):  # no German title: the configured fallback, French first
        assert source.title == "Villes GeoNames"


@BUNDLES
def test_the_time_zone_comes_with_the_territory(bundle):
    run(bundle)
    expected = document(bundle)
    assert Territory.objects.get(slug=expected["slug"]).time_zone == expected["time_zone"]


def test_evancon_is_on_rome_time():
    run(next(p for p in DEFAULT_BUNDLES if p.stem == "evancon"))
    assert Territory.objects.get(slug="evancon").time_zone == "Europe/Rome"
