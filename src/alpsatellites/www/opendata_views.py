"""The open data of a territory: its page listing the files, and the files themselves.

The files are streamed (observatory.exports writes them chunk by chunk) and cached per territory
like the public pages: the body is kept in the cache once it has been sent whole, under the
territory's current version (core.cache), so an import that renews the territory's version makes
the next download fresh. They are the same for every reader and every language, hence shared by
all. A file past MAX_CACHED_BYTES is streamed every time rather than held in the cache.
"""

from collections.abc import Iterator
from dataclasses import dataclass

from django.conf import settings
from django.core.cache import cache
from django.http import Http404, StreamingHttpResponse
from django.shortcuts import render
from django.urls import reverse
from django.utils.cache import patch_cache_control
from django.utils.functional import Promise
from django.utils.translation import gettext_lazy as _

from alpsatellites.core.cache import (
    cached_public_page,
    scope_versions,
    territory_from,
    territory_scope,
)
from alpsatellites.observatory import exports
from alpsatellites.observatory.selectors import opendata as selectors
from alpsatellites.territories import selectors as territory_selectors
from alpsatellites.territories.models import Territory

MAX_CACHED_BYTES = 16 * 1024 * 1024


def _file_key(territory: Territory, dataset: str, extension: str) -> str:
    versions = scope_versions(territory_scope(territory.slug))
    return f"opendata:{versions}:{territory.pk}:{dataset}.{extension}"


def _kept_as_sent(key: str, headers: dict[str, str], chunks: Iterator[str]) -> Iterator[bytes]:
    """Send the chunks, then keep the whole body in the cache (if it was not too large)."""
    sent: list[bytes] | None = []
    size = 0
    for chunk in chunks:
        data = chunk.encode()
        size += len(data)
        if sent is not None:
            sent.append(data)
            if size > MAX_CACHED_BYTES:
                sent = None  # too large to keep: streamed again next time
        yield data
    if sent is not None:
        cache.set(key, (headers, b"".join(sent)), settings.PUBLIC_PAGE_CACHE_SECONDS)


def download(request, territory, dataset, extension):
    """One open-data file of a published territory (404 for any other, as for its pages)."""
    make = exports.EXPORTS.get((dataset, extension))
    if make is None:
        raise Http404
    territory = territory_selectors.territory_by_slug(territory)
    key = _file_key(territory, dataset, extension)
    cached = cache.get(key)
    if cached is not None:
        headers, body = cached
        response = StreamingHttpResponse(iter([body]), headers=headers)
    else:
        export = make(territory)
        page = request.build_absolute_uri(reverse("www:open-data", args=[territory.slug]))
        headers = {
            "Content-Type": export.media_type,
            "Content-Disposition": f'attachment; filename="{export.filename}"',
            **export.attribution.headers(),
            **export.extra_headers,
        }
        described_by = f'<{page}>; rel="describedby"'
        headers["Link"] = ", ".join(filter(None, [headers.get("Link"), described_by]))
        response = StreamingHttpResponse(
            _kept_as_sent(key, headers, export.chunks()), headers=headers
        )
    patch_cache_control(response, public=True, max_age=60)
    return response


# --- the page ---------------------------------------------------------------------------------


Text = str | Promise  # translated lazily


@dataclass(frozen=True)
class DataFile:
    extension: str
    label: Text
    url: str


@dataclass(frozen=True)
class Dataset:
    slug: str
    title: Text
    description: Text
    files: list[DataFile]
    attribution: exports.Attribution
    columns: list[tuple[str, Text]]


FORMAT_LABELS = {"csv": "CSV", "geojson": "GeoJSON"}

INDICATOR_COLUMNS = {
    "commune_code": _("official code of the commune (INSEE, ISTAT…)"),
    "commune_name": _("name of the commune"),
    "indicator_code": _("code of the indicator (see the API's catalogue)"),
    "value": _("latest value; empty when it is not known"),
    "status": _("known, secret (statistical secrecy) or unknown"),
    "period": _("period as the source publishes it"),
    "reference_date": _("date the value refers to (YYYY-MM-DD)"),
    "unit": _("unit of the value"),
    "source_key": _("key of the source, as listed on the sources page"),
    "source_title": _("title of the source"),
    "source_licence": _("licence of the source"),
}
FACILITY_COLUMNS = {
    "kind": _("kind of facility (station, college, hospital…)"),
    "name": _("name as published by the source"),
    "external_id": _("identifier at the source (UIC, UAI, FINESS…)"),
    "country": _("country (ISO 3166-1 code)"),
    "commune_code": _("official code of its commune"),
    "commune_name": _("name of its commune, when the commune is known"),
    "latitude": _("latitude (WGS84)"),
    "longitude": _("longitude (WGS84)"),
    "details": _("further details from the source, as JSON"),
    "source_key": _("key of the source, as listed on the sources page"),
    "source_title": _("title of the source"),
    "source_licence": _("licence of the source"),
}
INDEX_COLUMNS = {
    "commune_code": _("official code of the commune (INSEE, ISTAT…)"),
    "commune_name": _("name of the commune"),
    "grouping_code": _("official identifier of its grouping of communes"),
    "rank": _("rank in the territory (1 = most feasible); empty without a score"),
    "score": _("feasibility score from 0 to 100; empty when nothing is known"),
    "confidence": _("share of the weights backed by known values (0 to 1)"),
    "score_<theme>": _("score of each theme from 0 to 100; empty when unknown or not weighted"),
    "missing_themes": _("weighted themes without any known value, separated by |"),
}


# Variants of a dataset offered next to it, with the label of their button.
VARIANTS = {"indicators": {"indicators-wide": _("CSV, one column per indicator")}}


def _files(territory: Territory, dataset: str) -> list[DataFile]:
    labels: dict[str, Text] = {dataset: "", **VARIANTS.get(dataset, {})}
    return [
        DataFile(
            extension,
            labels[name] or FORMAT_LABELS[extension],
            reverse("www:open-data-file", args=[territory.slug, name, extension]),
        )
        for name, extension in exports.EXPORTS
        if name in labels
    ]


def _datasets(territory: Territory) -> list[Dataset]:
    facilities = selectors.territory_facilities(territory)
    return [
        Dataset(
            "indicators",
            _("Indicators by commune"),
            _(
                "One line per commune and indicator with its latest value, the period and date it "
                "refers to, and its source."
            ),
            _files(territory, "indicators"),
            exports.Attribution(tuple(selectors.value_sources(territory))),
            list(INDICATOR_COLUMNS.items()),
        ),
        Dataset(
            "facilities",
            _("Facilities"),
            _(
                "Stations, schools, hospitals and other services in the territory's communes or "
                "nearest to them, with their coordinates."
            ),
            _files(territory, "facilities"),
            exports.Attribution(tuple(selectors.facility_sources(facilities))),
            list(FACILITY_COLUMNS.items()),
        ),
        Dataset(
            "feasibility",
            _("Remote-work feasibility index"),
            _(
                "The score of every commune with the territory's current weights; the GeoJSON "
                "file carries the commune boundaries."
            ),
            _files(territory, "feasibility"),
            exports.Attribution(tuple(selectors.index_sources(territory))),
            list(INDEX_COLUMNS.items()),
        ),
    ]


def _api_links(territory: Territory) -> list[tuple[Text, str]]:
    query = f"?territory={territory.slug}"
    return [
        (_("Indicator catalogue"), reverse("api:indicator-list")),
        (_("Facilities (paginated)"), reverse("api:facility-list") + query),
        (_("Facilities as GeoJSON (paginated)"), reverse("api:facility-geojson") + query),
        (_("Feasibility index"), reverse("api:territory-feasibility", args=[territory.slug])),
        (_("Communes"), reverse("api:commune-list") + query),
    ]


@cached_public_page(scope=territory_from("territory"))
def open_data(request, territory):
    territory = territory_selectors.territory_by_slug(territory)
    return render(
        request,
        "www/open_data.html",
        {
            "territory": territory,
            "counts": selectors.open_data_counts(territory),
            "datasets": _datasets(territory),
            "api_links": _api_links(territory),
            "nav": "open-data",
        },
    )
