"""Fixtures of the welcome officers' tests: the real Grand Briançonnais, an officer of the CC du
Briançonnais and one of the CC du Guillestrois et du Queyras, territory staff, and a case of each
grouping. Imported by the test modules that use them (`from .officer_setup import *`)."""

import pytest
from django.urls import reverse
from django.utils import translation

from alpsatellites.newcomers.models import CaseAccessLog
from tests.newcomers.factories import WelcomeCaseFactory, make_officer, make_territory_staff

BRIANCONNAIS = "Communauté de communes du Briançonnais"
GUILLESTROIS = "Communauté de communes du Guillestrois et du Queyras"
ECRINS = "Communauté de communes du Pays des Ecrins"


def grouping_named(territory, name):
    return territory.groupings.get(name=name)


def case_in(grouping, **fields):
    fields.setdefault("commune", grouping.communes.order_by("name").first())
    return WelcomeCaseFactory(grouping=grouping, **fields)


def en(name, *args):
    """The English address of a page (the tests read English text)."""
    with translation.override("en"):
        return reverse(name, args=args)


def logged_reads(case) -> int:
    return CaseAccessLog.objects.filter(case=case).count()


@pytest.fixture
def territory(grand_brianconnais):
    return grand_brianconnais


@pytest.fixture
def brianconnais(territory):
    return grouping_named(territory, BRIANCONNAIS)


@pytest.fixture
def guillestrois(territory):
    return grouping_named(territory, GUILLESTROIS)


@pytest.fixture
def ecrins(territory):
    return grouping_named(territory, ECRINS)


@pytest.fixture
def officer(brianconnais):
    return make_officer(brianconnais, name="Bernadette Briançon", email="bernadette@example.org")


@pytest.fixture
def queyras_officer(guillestrois):
    return make_officer(guillestrois, name="Quentin Queyras", email="quentin@example.org")


@pytest.fixture
def staff(territory):
    return make_territory_staff(territory, name="Stella Staff", email="stella@example.org")


@pytest.fixture
def case(brianconnais):
    return case_in(brianconnais, contact_name="Famille Martin")


@pytest.fixture
def queyras_case(guillestrois):
    return case_in(guillestrois, contact_name="Famille Rossi")
