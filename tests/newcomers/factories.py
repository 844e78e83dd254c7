"""factory_boy factories for the newcomers domain, and helpers to make officers."""

import datetime
from decimal import Decimal

import factory

from alpsatellites.accounts.models import Role
from alpsatellites.accounts.services import role_grant
from alpsatellites.newcomers.models import (
    CaseMessage,
    CaseNote,
    CaseTask,
    DiscoveryStay,
    OfficerProfile,
    StayStatus,
    WelcomeCase,
    WelcomeService,
)
from tests.factories import GroupingFactory, TerritoryFactory, UserFactory


def make_officer(grouping, **user_fields):
    """A welcome officer of `grouping`, with a public profile."""
    user = UserFactory(**user_fields)
    role_grant(user=user, role=Role.WELCOME_OFFICER, grouping=grouping)
    OfficerProfile.objects.create(user=user, public_name=user.name, languages=["fr", "en"])
    return user


def make_territory_staff(territory, **user_fields):
    user = UserFactory(**user_fields)
    role_grant(user=user, role=Role.TERRITORY_STAFF, territory=territory)
    return user


class WelcomeServiceFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = WelcomeService
        django_get_or_create = ("territory",)

    territory = factory.SubFactory(TerritoryFactory)
    slogan = "Vivez où vous voulez et travaillez là où vous vivez"


class WelcomeCaseFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = WelcomeCase

    grouping = factory.SubFactory(GroupingFactory)
    territory = factory.SelfAttribute("grouping.territory")
    household = factory.SubFactory(UserFactory)
    contact_name = factory.SelfAttribute("household.name")
    contact_email = factory.SelfAttribute("household.email")
    language = "fr"
    profile = factory.LazyFunction(lambda: {"adults": 2, "children_ages": [7, 11]})


class CaseTaskFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = CaseTask

    case = factory.SubFactory(WelcomeCaseFactory)
    title = factory.Sequence(lambda n: f"Call back {n}")
    due_on = factory.LazyFunction(lambda: datetime.date.today() + datetime.timedelta(days=3))


class CaseNoteFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = CaseNote

    case = factory.SubFactory(WelcomeCaseFactory)
    body = "Looking for a flat near the station."


class CaseMessageFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = CaseMessage

    case = factory.SubFactory(WelcomeCaseFactory)
    author = factory.SelfAttribute("case.household")
    from_household = True
    body = "Bonjour, nous cherchons une maison."


class DiscoveryStayFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = DiscoveryStay

    grouping = factory.SubFactory(GroupingFactory)
    territory = factory.SelfAttribute("grouping.territory")
    commune = factory.LazyAttribute(lambda stay: stay.grouping.communes.first())
    title = factory.Sequence(lambda n: f"Discovery stay {n}")
    description = "Three days to try living and working here."
    accommodation = "A furnished flat in the village centre."
    accommodation_partner = "Gîte partner"
    starts_on = factory.LazyFunction(lambda: datetime.date.today() + datetime.timedelta(days=30))
    ends_on = factory.LazyAttribute(lambda stay: stay.starts_on + datetime.timedelta(days=2))
    capacity = 3
    price = Decimal("120.00")
    status = StayStatus.PUBLISHED
