"""factory_boy factories for the domains' models."""

import datetime

import factory
from allauth.account.models import EmailAddress

from alpsatellites.accounts.models import User
from alpsatellites.core.text import fold
from alpsatellites.territories.models import Commune, Grouping, GroupingKind, Source, Territory


class UserFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = User
        skip_postgeneration_save = True

    email = factory.Sequence(lambda n: f"person{n}@example.org")
    name = factory.Faker("name")
    password = factory.django.Password("correct horse battery staple")

    @factory.post_generation
    def verified_email(user, create, extracted, **kwargs):
        """A verified address, as after the sign-up link was followed: e-mail verification is
        mandatory, and signing in by the form needs one. `verified_email=False` leaves none."""
        if create and extracted is not False:
            EmailAddress.objects.create(user=user, email=user.email, primary=True, verified=True)


class SourceFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Source
        django_get_or_create = ("key",)

    key = factory.Sequence(lambda n: f"source-{n}")
    title = factory.Sequence(lambda n: f"Dataset {n}")
    publisher = "Test publisher"
    licence = "Licence Ouverte 2.0"
    version = "2025"
    retrieved_on = datetime.date(2026, 1, 1)


class TerritoryFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Territory
        django_get_or_create = ("slug",)

    slug = factory.Sequence(lambda n: f"territory-{n}")
    name = factory.Sequence(lambda n: f"Territory {n}")
    country = "FR"
    default_language = "fr"


class GroupingFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Grouping

    territory = factory.SubFactory(TerritoryFactory)
    official_id = factory.Sequence(lambda n: f"2400{n:05d}")
    kind = GroupingKind.CC
    name = factory.Sequence(lambda n: f"Communauté de communes {n}")


class CommuneFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Commune

    territory = factory.SubFactory(TerritoryFactory)
    grouping = factory.SubFactory(GroupingFactory, territory=factory.SelfAttribute("..territory"))
    country = "FR"
    code = factory.Sequence(lambda n: f"{n:05d}")
    name = factory.Sequence(lambda n: f"Commune {n}")
    search_name = factory.LazyAttribute(lambda commune: fold(commune.name))
    population = 1000
    latitude = 44.9
    longitude = 6.6
