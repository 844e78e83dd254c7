"""Éducation nationale school directory ("adresse et géolocalisation des établissements
d'enseignement du premier et second degrés") → collège and lycée facility records.

What an establishment is comes from `nature_uai`, the ministry's code, not from its name (a
"collège climatique" is a collège). The codes kept, from the ministry's nomenclature of natures
(as used by data.education.gouv.fr): 340 collège, 346 collège expérimental, 350 collège
climatique; 300 lycée d'enseignement général et technologique, 301 lycée technologique, 302 lycée
général, 306 lycée polyvalent, 307 lycée agricole, 310 lycée climatique, 315 lycée expérimental,
320 lycée professionnel. Schools of the first degree (101 maternelle, 151 élémentaire) are kept
too when the file has them. Any other nature is skipped and counted, and so is every
establishment that is not open (etat_etablissement_libe other than "OUVERT", or, without that
column, etat_etablissement other than 1): a closed collège is no school for a family.
"""

from pathlib import Path

from ..models import FacilityKind
from .base import ImportReport, raise_if, read_rows
from .facility_records import (
    FacilityReading,
    FacilityRecord,
    check_points,
    coordinate,
    departement_of,
)

SOURCE_KEY = "education-etablissements-geoloc"
REQUIRED = (
    "numero_uai",
    "appellation_officielle",
    "latitude",
    "longitude",
    "nature_uai",
    "code_commune",
)
NATURES = {
    "101": FacilityKind.NURSERY,
    "103": FacilityKind.NURSERY,
    "151": FacilityKind.PRIMARY_SCHOOL,
    "153": FacilityKind.PRIMARY_SCHOOL,
    "340": FacilityKind.COLLEGE,
    "346": FacilityKind.COLLEGE,
    "350": FacilityKind.COLLEGE,
    "300": FacilityKind.LYCEE,
    "301": FacilityKind.LYCEE,
    "302": FacilityKind.LYCEE,
    "306": FacilityKind.LYCEE,
    "307": FacilityKind.LYCEE,
    "310": FacilityKind.LYCEE,
    "315": FacilityKind.LYCEE,
    "320": FacilityKind.LYCEE,
}
OPEN = frozenset({"OUVERT", "1"})
UAI_LENGTH = 8
DETAIL_COLUMNS = {
    "nature_uai_libe": "nature",
    "secteur_public_prive_libe": "sector",
    "adresse_uai": "address",
    "code_postal_uai": "postcode",
    "libelle_commune": "commune_name",
    "date_ouverture": "opened_on",
}


def read_schools(path: Path | str) -> FacilityReading:
    path = Path(path)
    report = ImportReport(source=f"schools {path.name}")
    rows = read_rows(path, REQUIRED)
    problems: list[str] = []
    records: list[FacilityRecord] = []
    areas: set[str] = set()
    for row in rows:
        report.read += 1
        uai = row.get("numero_uai").upper()
        code = row.get("code_commune")
        if len(uai) != UAI_LENGTH:
            problems.append(f"line {row.line}: numero_uai {uai!r} is not a UAI (8 characters)")
            continue
        if len(code) != 5:
            problems.append(f"line {row.line}: code_commune {code!r} is not a commune code")
            continue
        areas.add(departement_of(code))
        state = (row.get("etat_etablissement_libe") or row.get("etat_etablissement")).upper()
        if state not in OPEN:
            report.skip(f"not open (etat_etablissement {state or '(empty)'})")
            continue
        nature = row.get("nature_uai")
        kind = NATURES.get(nature)
        if kind is None:
            label = row.get("nature_uai_libe") or "?"
            report.skip(f"nature_uai {nature or '(empty)'} ({label}) is not a school kept")
            continue
        try:
            latitude = coordinate(row.get("latitude"), "latitude", -90, 90)
            longitude = coordinate(row.get("longitude"), "longitude", -180, 180)
        except ValueError as error:
            problems.append(f"line {row.line}: {error}")
            continue
        if latitude is None or longitude is None:
            report.skip("no coordinates (latitude/longitude empty)")
            continue
        name = row.get("appellation_officielle") or row.get("denomination_principale")
        if not name:
            problems.append(f"line {row.line}: appellation_officielle is empty")
            continue
        details = {
            key: row.get(column) for column, key in DETAIL_COLUMNS.items() if row.get(column)
        }
        details["uai"] = uai
        records.append(
            FacilityRecord(
                line=row.line,
                kind=kind,
                external_id=uai,
                name=name,
                commune_code=code,
                latitude=latitude,
                longitude=longitude,
                area=departement_of(code),
                details=details,
            )
        )
    check_points(records, "FR", problems, "latitude/longitude")
    raise_if(problems)
    return FacilityReading(
        report=report,
        source_key=SOURCE_KEY,
        kinds=frozenset(NATURES.values()),
        areas=frozenset(areas),
        records=records,
    )
