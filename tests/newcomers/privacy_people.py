"""A person with something of everything the platform keeps, built through the real services where
they exist: the download and the erasure tests start from the same full file."""

import datetime
from dataclasses import dataclass

from django.contrib.admin.models import CHANGE, LogEntry
from django.contrib.contenttypes.models import ContentType
from django.contrib.sessions.backends.db import SessionStore
from django.core.files.uploadedfile import SimpleUploadedFile
from django.utils import timezone
from django_tasks_db.models import DBTaskResult

from alpsatellites.accounts.models import ApiToken, Role, RoleAssignment, User
from alpsatellites.accounts.services import role_grant
from alpsatellites.accounts.tokens import api_token_create
from alpsatellites.newcomers.models import (
    Consent,
    ConsentPurpose,
    StayApplication,
    Testimonial,
    WelcomeCase,
)
from alpsatellites.newcomers.services.access import case_open
from alpsatellites.newcomers.services.messages import case_message_post
from alpsatellites.workspaces.models import Booking
from alpsatellites.workspaces.services import BookingRequest, booking_request
from tests.factories import CommuneFactory, GroupingFactory, TerritoryFactory, UserFactory
from tests.newcomers.factories import (
    CaseNoteFactory,
    CaseTaskFactory,
    DiscoveryStayFactory,
    WelcomeCaseFactory,
    make_officer,
)
from tests.workspaces.factories import ResourceFactory, WorkspaceFactory, open_all_week

NAME = "Anouk Verhaegen-Tissot"
EMAIL = "anouk.tissot@example.net"
PDF = b"%PDF-1.4\n% a plan of the flat\n"


@dataclass
class Person:
    user: User
    officer: User
    case: WelcomeCase
    booking: Booking
    token: ApiToken


def pdf(name="plan.pdf"):
    return SimpleUploadedFile(name, PDF, content_type="application/pdf")


def _booking(user):
    workspace = WorkspaceFactory(name="Le Refuge")
    open_all_week(workspace, opens=datetime.time(8, 0), closes=datetime.time(18, 0))
    resource = ResourceFactory(workspace=workspace, name="Open space")
    day = timezone.localdate() + datetime.timedelta(days=7)
    starts = datetime.datetime.combine(
        day, datetime.time(9, 0), tzinfo=timezone.get_current_timezone()
    )
    return booking_request(
        user=user,
        request=BookingRequest(
            resource_id=resource.pk, starts_at=starts, ends_at=starts + datetime.timedelta(hours=2)
        ),
    )


def make_person(name=NAME, email=EMAIL, *, client=None) -> Person:
    """The person, their case with both sides of the thread (a file each way), an officer's note
    and task naming them, a consent, a testimonial, a stay application, a booking, a token, a
    role, an allauth address, back-office history naming them and, with `client`, a session."""
    user = UserFactory(name=name, email=email)  # with its verified allauth address
    territory = TerritoryFactory(name="Grand Test")
    grouping = GroupingFactory(territory=territory, name="CC du Test")
    commune = CommuneFactory(territory=territory, grouping=grouping, name="Névache")
    officer = make_officer(grouping, name="Camille Officer")
    case = WelcomeCaseFactory(
        grouping=grouping, commune=commune, household=user, contact_phone="+33 6 12 34 56 78"
    )
    case_open(user=officer, case_id=case.pk)
    case_message_post(
        case=case,
        author=user,
        body=f"Bonjour, ici {name} ({email}).",
        from_household=True,
        files=[pdf()],
    )
    case_message_post(
        case=case,
        author=officer,
        body=f"Bonjour {name}, voici la liste.",
        from_household=False,
        files=[pdf(f"liste-{name.split()[0]}.pdf")],
    )
    CaseNoteFactory(case=case, author=officer, body=f"Called {name} on {email}: wants a garden.")
    CaseTaskFactory(case=case, assigned_to=officer, title=f"Send {name} the housing list")
    Consent.objects.create(
        user=user,
        case=case,
        purpose=ConsentPurpose.WELCOME_REQUEST,
        language="fr",
        wording="I share my needs profile with the welcome officers of my commune.",
    )
    Testimonial.objects.create(
        territory=territory,
        commune=commune,
        author=user,
        signature=f"{name}, designer",
        quote="We found a house and a coworking.",
        language="fr",
        consent_given_at=timezone.now(),
    )
    stay = DiscoveryStayFactory(grouping=grouping, commune=commune)
    StayApplication.objects.create(
        stay=stay, household=user, case=case, people=3, message=f"{name} and two children."
    )
    booking = _booking(user)
    token, _secret = api_token_create(user=user, name="Export script")
    role_grant(user=user, role=Role.ELECTED_OFFICIAL, territory=TerritoryFactory())
    admin = UserFactory(name="Admin Person")
    assignment = RoleAssignment.objects.get(user=user)
    for obj in (user, assignment):
        LogEntry.objects.create(
            user=admin,
            content_type=ContentType.objects.get_for_model(obj),
            object_id=str(obj.pk),
            object_repr=str(obj)[:200],
            action_flag=CHANGE,
            change_message=f'[{{"changed": {{"fields": ["Name"], "object": "{name}"}}}}]',
        )
    DBTaskResult.objects.create(
        status="FAILED",
        args_kwargs={"args": ["message_to_household", 1], "kwargs": {}},
        task_path="alpsatellites.newcomers.tasks.newcomers_notify",
        backend_name="default",
        run_after=timezone.now(),
        exception_class_path="smtplib.SMTPRecipientsRefused",
        traceback=f"SMTPRecipientsRefused: {{'{email}': (550, b'mailbox unavailable')}}",
    )
    # A stranger's browser where the address was typed into a half-done password reset.
    stranger = SessionStore()
    stranger["password_reset_email"] = email
    stranger.create()
    if client is not None:
        client.force_login(user)
        session = client.session
        session["account_verified_email"] = email
        session.save()
    return Person(user=user, officer=officer, case=case, booking=booking, token=token)
