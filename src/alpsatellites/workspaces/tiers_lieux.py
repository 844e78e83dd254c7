"""Import of the national list of tiers-lieux (CGET "Mission Coworking", 2019, Licence Ouverte 2.0).

The file (anct-carto/mission_coworking, CGET_TiersLieux_2019.csv) has one place a line:
`ID,NOM_TL,ADRESSE,CP,COMINIT,INSEECOM,NOMCOM,WEB,TWITTER,FACEBOOK,TYPO,LAT,LONG,…,INSEEDEP,…`.
Only the rows whose INSEECOM is a commune of the territory are taken; the others are ignored
without being checked (the national file is not ours to correct), except for the shape of the
line itself, since a line with shifted columns cannot be trusted to say where it is.

Reading follows the project's rule for files: every problem is reported with its line, and a file
with any problem changes nothing. The text may be UTF-8 or Latin-1 — read as Windows-1252, the
Latin-1 of spreadsheets, which also has the typographic apostrophe and "œ" — and the separator a
comma or a semicolon (then a decimal comma is accepted in LAT and LONG).

Writing: a workspace is found again by its slug, made from its name and its commune
("Altipolis", Briançon → `altipolis-briancon`), so a second run changes nothing. A new workspace
is open and has no resource (nothing can be booked until a manager adds some). An existing one
only gets the public facts the file gives: a blank cell never erases what is known, and the
file's two-way typology never replaces a finer kind (incubator, satellite office…) set by hand.
"""

import csv
import datetime
import io
import logging
import math
from dataclasses import dataclass, field
from pathlib import Path

from django.core.exceptions import ValidationError
from django.core.validators import URLValidator
from django.db import transaction
from django.db.models import Q
from django.utils import timezone
from django.utils.text import slugify

from alpsatellites.core.cache import content_changed_on_commit
from alpsatellites.core.csv_safe import csv_cell_restore
from alpsatellites.core.logs import log_event
from alpsatellites.core.text import fold
from alpsatellites.territories.importers.records import InvalidImportFile
from alpsatellites.territories.models import Commune, Source, Territory

from .models import Workspace, WorkspaceKind, WorkspaceStatus

logger = logging.getLogger(__name__)

REQUIRED_COLUMNS = ("NOM_TL", "INSEECOM", "LAT", "LONG")
OPTIONAL_COLUMNS = ("ADRESSE", "NOMCOM", "WEB", "TYPO")
ENCODINGS = ("utf-8-sig", "cp1252")
MAX_PROBLEMS_LISTED = 50
# Farther than this from its commune's point, a place's coordinates are taken as wrong (LAT and
# LONG swapped, a point in another commune): an Alpine commune is rarely 20 km across.
MAX_KM_FROM_COMMUNE = 30

# TYPO of the national file → kind of workspace: the first keyword found in the folded text
# decides; anything else (fablab, mixed, cultural, blank…) is a tiers-lieu.
TYPOLOGY_KINDS = (
    ("coworking", WorkspaceKind.COWORKING),
    ("telecentre", WorkspaceKind.COWORKING),
)
# The TYPO written back for each kind by the export (exports.py), read back as the same kind.
KIND_TYPOLOGIES: dict[str, str] = {WorkspaceKind.COWORKING: "Tiers lieux à dominante coworking"}
DEFAULT_TYPOLOGY = "Tiers lieux"
# Kinds the file can tell apart; a workspace of another kind keeps it.
FILE_KINDS = (WorkspaceKind.COWORKING, WorkspaceKind.TIERS_LIEU)

# The Source row describing a known file, by its version (the file name as published).
KNOWN_SOURCES = {
    "CGET_TiersLieux_2019.csv": {
        "key": "cget-tiers-lieux-2019",
        "title": "Liste nationale des tiers-lieux (Mission Coworking)",
        "publisher": "CGET / ANCT",
        "url": "https://github.com/anct-carto/mission_coworking",
    },
}
LICENCE = "Licence Ouverte 2.0"
LICENCE_URL = "https://www.etalab.gouv.fr/licence-ouverte-open-licence/"


def kind_for_typology(typology: str) -> str:
    folded = fold(typology or "")
    for keyword, kind in TYPOLOGY_KINDS:
        if keyword in folded:
            return kind
    return WorkspaceKind.TIERS_LIEU


def typology_for_kind(kind: str) -> str:
    return KIND_TYPOLOGIES.get(kind, DEFAULT_TYPOLOGY)


def workspace_slug(name: str, commune_name: str) -> str:
    return slugify(f"{name} {commune_name}")[:100].strip("-")


@dataclass(frozen=True)
class TiersLieuRow:
    """One place of the file that lies in the territory, checked."""

    line: int
    name: str
    commune: Commune
    address: str
    website: str
    kind: str
    latitude: float | None
    longitude: float | None

    @property
    def slug(self) -> str:
        return workspace_slug(self.name, self.commune.name)


@dataclass
class TiersLieuxReport:
    territory: str
    created: list[str] = field(default_factory=list)
    updated: list[str] = field(default_factory=list)
    unchanged: list[str] = field(default_factory=list)
    ignored: int = 0  # rows of communes outside the territory

    @property
    def changed(self) -> bool:
        return bool(self.created or self.updated)


def _decode(data: bytes, path) -> str:
    for encoding in ENCODINGS:
        try:
            text = data.decode(encoding)
        except UnicodeDecodeError:
            continue
        if "\x00" not in text:  # UTF-16 and binary files decode as Windows-1252 with NULs
            return text
        break
    raise InvalidImportFile([f"{path}: unknown encoding: save the file as UTF-8 (or Latin-1) text"])


def _rows(path: Path) -> tuple[list[tuple[int, dict]], list[tuple[int, str]]]:
    """(line, row) of every data line, and problems of shape: missing columns, extra values."""
    try:
        data = Path(path).read_bytes()
    except OSError as error:
        raise InvalidImportFile([f"{path}: cannot be read ({error.strerror})"]) from None
    text = _decode(data, path)
    header_line = text.split("\n", 1)[0]
    delimiter = ";" if header_line.count(";") > header_line.count(",") else ","
    reader = csv.DictReader(io.StringIO(text, newline=""), delimiter=delimiter)
    try:
        header = [(name or "").strip().upper() for name in (reader.fieldnames or [])]
    except csv.Error as error:
        raise InvalidImportFile([f"line 1: malformed CSV ({error})"]) from None
    absent = [name for name in REQUIRED_COLUMNS if name not in header]
    if absent:
        raise InvalidImportFile(
            [
                f"line 1: missing column(s) {', '.join(absent)} (expected the national format: "
                f"{','.join((*REQUIRED_COLUMNS, *OPTIONAL_COLUMNS))}…)"
            ]
        )
    reader.fieldnames = header
    rows, problems = [], []
    try:
        for row in reader:
            if None in row:
                problems.append((reader.line_num, "more values than columns"))
                continue
            if all(not (value or "").strip() for value in row.values()):
                continue
            rows.append((reader.line_num, _restored(row)))
    except csv.Error as error:
        problems.append((reader.line_num, f"malformed CSV ({error})"))
    return rows, problems


def _restored(row: dict) -> dict:
    # The platform's own export escapes formula-like cells (core.csv_safe): read them as written.
    return {key: csv_cell_restore(value) if value else value for key, value in row.items()}


def _commune_code(value: str | None) -> str:
    code = (value or "").strip()
    # A spreadsheet drops the leading zero of département 01–09: 5023 is 05023.
    return code.zfill(5) if code.isdigit() and len(code) == 4 else code


def _coordinate(value: str | None, label: str, limit: float) -> float | None:
    text = (value or "").strip().replace(",", ".")
    if not text:
        return None
    try:
        number = float(text)
    except ValueError:
        raise ValueError(f"{label} {(value or '').strip()!r} is not a number") from None
    if not math.isfinite(number) or not -limit <= number <= limit:
        raise ValueError(f"{label} {text} is out of range")
    return number


def _km_between(lat1, lon1, lat2, lon2) -> float:
    """Great-circle distance (haversine, mean Earth radius)."""
    phi1, phi2 = math.radians(lat1), math.radians(lat2)
    dphi, dlambda = phi2 - phi1, math.radians(lon2 - lon1)
    a = math.sin(dphi / 2) ** 2 + math.cos(phi1) * math.cos(phi2) * math.sin(dlambda / 2) ** 2
    return 2 * 6371.0 * math.asin(math.sqrt(a))


def _website(value: str | None) -> str:
    text = (value or "").strip()
    if not text:
        return ""
    if "://" not in text:
        text = f"http://{text}"  # the file often gives "www.example.fr"
    try:
        URLValidator()(text)
    except ValidationError:
        raise ValueError(f"WEB {(value or '').strip()!r} is not a web address") from None
    if len(text) > 200:
        raise ValueError("WEB is longer than 200 characters")
    return text


def _place(line: int, row: dict, commune: Commune) -> TiersLieuRow:
    """Check one row of the territory; ValueError lists its problems."""
    problems = []
    name = " ".join((row.get("NOM_TL") or "").split())
    if not name:
        problems.append("missing name (NOM_TL)")
    elif len(name) > 200:
        problems.append("name (NOM_TL) is longer than 200 characters")
    address = " ".join((row.get("ADRESSE") or "").split())
    if len(address) > 300:
        problems.append("address (ADRESSE) is longer than 300 characters")
    latitude = longitude = None
    try:
        latitude = _coordinate(row.get("LAT"), "LAT", 90)
        longitude = _coordinate(row.get("LONG"), "LONG", 180)
    except ValueError as error:
        problems.append(str(error))
    else:
        if (latitude is None) != (longitude is None):
            problems.append("LAT and LONG go together")
        elif latitude is not None and commune.latitude is not None:
            km = _km_between(latitude, longitude, commune.latitude, commune.longitude)
            if km > MAX_KM_FROM_COMMUNE:
                problems.append(
                    f"LAT {latitude}, LONG {longitude} is {km:.0f} km from {commune.name} "
                    "(swapped or wrong coordinates?)"
                )
    website = ""
    try:
        website = _website(row.get("WEB"))
    except ValueError as error:
        problems.append(str(error))
    if problems:
        raise ValueError("; ".join(problems))
    return TiersLieuRow(
        line=line,
        name=name,
        commune=commune,
        address=address,
        website=website,
        kind=kind_for_typology(row.get("TYPO") or ""),
        latitude=latitude,
        longitude=longitude,
    )


def read_tiers_lieux(path: Path, territory: Territory) -> tuple[list[TiersLieuRow], int]:
    """The checked places of the territory and the number of rows ignored; or InvalidImportFile."""
    rows, problems = _rows(path)
    communes = {c.code: c for c in Commune.objects.filter(territory=territory)}
    places: list[TiersLieuRow] = []
    ignored = 0
    seen: dict[str, int] = {}
    for line, row in rows:
        commune = communes.get(_commune_code(row.get("INSEECOM")))
        if commune is None:
            ignored += 1
            continue
        try:
            place = _place(line, row, commune)
        except ValueError as error:
            problems.append((line, str(error)))
            continue
        if place.slug in seen:
            text = f"{place.name} in {commune.name} is already given at line {seen[place.slug]}"
            problems.append((line, text))
            continue
        seen[place.slug] = line
        places.append(place)
    elsewhere = dict(
        Workspace.objects.filter(slug__in=seen)
        .exclude(territory=territory)
        .values_list("slug", "territory__name")
    )
    for place in places:
        if place.slug in elsewhere:
            problems.append(
                (
                    place.line,
                    f"the address {place.slug} is already used by a workspace of "
                    f"{elsewhere[place.slug]}",
                )
            )
    if problems:
        listed = [f"line {line}: {text}" for line, text in sorted(problems)]
        if len(listed) > MAX_PROBLEMS_LISTED:
            extra = len(listed) - MAX_PROBLEMS_LISTED
            listed = [*listed[:MAX_PROBLEMS_LISTED], f"… and {extra} more problem(s)"]
        raise InvalidImportFile(listed)
    return places, ignored


def _source(version: str, today: datetime.date) -> Source:
    known = KNOWN_SOURCES.get(version, {})
    key = known.get("key") or f"tiers-lieux-{slugify(Path(version).stem)}"[:100]
    source = Source.objects.filter(key=key).first()
    if source is None:
        source = Source.objects.create(
            key=key,
            # The dataset's own (French) title, whatever language the import runs in.
            title_fr=known.get("title", "Liste nationale des tiers-lieux"),
            publisher=known.get("publisher", "CGET / ANCT"),
            url=known.get("url", ""),
            licence=LICENCE,
            licence_url=LICENCE_URL,
            version=version,
            retrieved_on=today,
        )
    return source


def _public_facts(place: TiersLieuRow, workspace: Workspace | None) -> dict:
    facts = {"name": place.name, "commune_id": place.commune.pk}
    if workspace is None or workspace.kind in FILE_KINDS:
        facts["kind"] = place.kind
    if place.address:
        facts["address"] = place.address
    if place.website:
        facts["website"] = place.website
    if place.latitude is not None:
        facts["latitude"], facts["longitude"] = place.latitude, place.longitude
    elif workspace is None or workspace.latitude is None:
        # Located to the commune only when the file gives no coordinates.
        facts["latitude"], facts["longitude"] = place.commune.latitude, place.commune.longitude
    return facts


def tiers_lieux_import(
    *, path: Path, territory_slug: str, source_version: str = "", today=None
) -> TiersLieuxReport:
    """Create or update the territory's workspaces listed in the file; all or nothing."""
    territory = Territory.objects.get(slug=territory_slug)
    try:
        places, ignored = read_tiers_lieux(path, territory)
    except InvalidImportFile as error:
        log_event(
            logger,
            "import.refused",
            kind="tiers_lieux",
            territory=territory.slug,
            file=Path(path).name,
            problems_listed=len(error.problems),
            level=logging.WARNING,
        )
        raise
    report = TiersLieuxReport(territory=territory.slug, ignored=ignored)
    if places:
        _write_places(territory, places, report, source_version or Path(path).name, today)
    log_event(
        logger,
        "import.tiers_lieux",
        territory=territory.slug,
        file=Path(path).name,
        read=len(places) + ignored,
        created=len(report.created),
        updated=len(report.updated),
        unchanged=len(report.unchanged),
        skipped=ignored,
    )
    return report


def _write_places(territory, places, report: TiersLieuxReport, version: str, today) -> None:
    with transaction.atomic():
        source = _source(version, today or timezone.localdate())
        # Found again by slug, or by name in the same commune when created by hand under
        # another address.
        candidates = Workspace.objects.filter(territory=territory).filter(
            Q(slug__in=[place.slug for place in places])
            | Q(commune__in={place.commune.pk for place in places})
        )
        by_slug: dict[str, Workspace] = {}
        by_name: dict[tuple[int, str], Workspace] = {}
        for candidate in candidates:
            by_slug[candidate.slug] = candidate
            by_name.setdefault((candidate.commune_id, fold(candidate.name)), candidate)
        for place in places:
            workspace = by_slug.get(place.slug) or by_name.get((place.commune.pk, fold(place.name)))
            facts = {**_public_facts(place, workspace), "source_id": source.pk}
            if workspace is None:
                Workspace.objects.create(
                    territory=territory,
                    slug=place.slug,
                    status=WorkspaceStatus.OPEN,
                    is_demo=False,
                    **facts,
                )
                report.created.append(place.slug)
                continue
            # A workspace created by hand keeps its address (slug) and its own name's spelling.
            if workspace.slug != place.slug:
                facts.pop("name")
            changed = [name for name, value in facts.items() if getattr(workspace, name) != value]
            if changed:
                for name in changed:
                    setattr(workspace, name, facts[name])
                workspace.save(update_fields=changed)
                report.updated.append(workspace.slug)
            else:
                report.unchanged.append(workspace.slug)
        if report.changed:
            content_changed_on_commit(
                territory_slugs=[territory.slug], workspace_slugs=report.created + report.updated
            )
