"""Prepares the embedded demo: schema, catalogues, default territories, demo accounts."""

from django.core.management import call_command

from alpsatellites.accounts.models import Role
from alpsatellites.accounts.services import role_grant, user_sync_back_office_access
from alpsatellites.core.translations import compile_catalogues
from alpsatellites.setup.default_facilities import load_default_facilities
from alpsatellites.setup.default_indicators import load_default_indicators
from alpsatellites.setup.default_stays import load_default_stays
from alpsatellites.setup.default_welcome import ensure_demo_welcome, load_default_welcome
from alpsatellites.setup.demo_accounts import DEMO_PASSWORD, demo_user
from alpsatellites.setup.demo_cases import ensure_demo_cases
from alpsatellites.territories.importers.bundle import DEFAULT_BUNDLES, read_bundle
from alpsatellites.territories.models import Territory
from alpsatellites.territories.services import territory_import
from alpsatellites.workspaces.loading import default_workspaces_load
from alpsatellites.workspaces.models import Workspace

# Demo-only accounts, so that a newcomer can open the back office of the embedded default.
# Production never runs `demo`; its accounts are created with `createsuperuser`.
DEMO_ACCOUNTS = [
    ("admin@demo.alpsatellites.eu", "Platform admin (demo)", None),
    (
        "territoire@demo.alpsatellites.eu",
        "Territory admin, Grand Briançonnais (demo)",
        "grand-brianconnais",
    ),
    ("evancon@demo.alpsatellites.eu", "Territory admin, Evançon (demo)", "evancon"),
]
# Demo-only: a space manager of Altipolis and a remote worker who books.
DEMO_MANAGER = (
    "altipolis@demo.alpsatellites.eu",
    "Space manager, Altipolis (demo)",
    "altipolis-briancon",
)
DEMO_MEMBER = ("membre@demo.alpsatellites.eu", "Remote worker (demo)")
# Demo-only: an elected official, who lands on the decision dashboard after signing in.
DEMO_OFFICIAL = (
    "elu@demo.alpsatellites.eu",
    "Elected official, Grand Briançonnais (demo)",
    "grand-brianconnais",
)


def load_default_territories(log=lambda message: None) -> None:
    for path in DEFAULT_BUNDLES:
        report = territory_import(read_bundle(path), territory_slug="")
        log(
            f"{report.territory}: {report.created} created, {report.updated} updated, "
            f"{report.unchanged} unchanged communes"
        )
    load_default_welcome(log)


def load_default_workspaces(log=lambda message: None) -> None:
    log(f"{default_workspaces_load()} workspaces")


def ensure_demo_accounts() -> None:
    for email, name, territory_slug in DEMO_ACCOUNTS:
        user = demo_user(email, name, superuser=territory_slug is None)
        if territory_slug:
            territory = Territory.objects.filter(slug=territory_slug).first()
            if territory is not None:
                role_grant(user=user, role=Role.TERRITORY_ADMIN, territory=territory)
    _ensure_workspace_people()
    _ensure_official()


def _ensure_official() -> None:
    email, name, slug = DEMO_OFFICIAL
    territory = Territory.objects.filter(slug=slug).first()
    if territory is None:
        return
    user = demo_user(email, name)
    role_grant(user=user, role=Role.ELECTED_OFFICIAL, territory=territory)


def demo_workspace_publish() -> None:
    """Demo-only: Altipolis, run by the demo manager, is open to bookings as a checked place
    whose contact is the demo manager's address. The shipped file states neither (the national
    list does not say a place still runs), so without the demo no shipped place can be booked."""
    email, _name, slug = DEMO_MANAGER
    Workspace.objects.filter(slug=slug, email="").update(email=email)
    Workspace.objects.filter(slug=slug).update(activity_verified=True)


def _ensure_workspace_people() -> None:
    email, name, slug = DEMO_MANAGER
    manager = demo_user(email, name)
    workspace = Workspace.objects.filter(slug=slug).first()
    if workspace is not None:
        workspace.managers.add(manager)
        user_sync_back_office_access(user=manager)
        demo_workspace_publish()
    email, name = DEMO_MEMBER
    demo_user(email, name)


def demo_prepare(log=print) -> str:
    compile_catalogues()
    call_command("migrate", interactive=False, verbosity=0)
    load_default_territories(log)
    load_default_workspaces(log)
    load_default_indicators(log)
    # After the indicators (the distance indicators) and the workspaces (the nearest workspace).
    load_default_facilities(log)
    ensure_demo_accounts()
    officers = [(email, name, None) for email, name in ensure_demo_welcome()]
    load_default_stays(log)  # an example discovery stay, with a desk at Altipolis
    ensure_demo_cases(log)  # after the officers: example cases in their inboxes
    people = [*DEMO_ACCOUNTS, DEMO_MANAGER, DEMO_OFFICIAL, (*DEMO_MEMBER, None), *officers]
    accounts = "\n".join(f"  {email}  ({name})" for email, name, _ in people)
    return (
        "Demo ready. Sign in at /fr/accounts/login/, back office at /fr/admin/ — demo accounts, "
        "password "
        f"'{DEMO_PASSWORD}':\n{accounts}"
    )
