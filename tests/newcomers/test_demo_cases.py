"""The demo's example welcome cases: in the right officers' inboxes, counted on the dashboard,
created once."""

import pytest
from django.urls import reverse

from alpsatellites.accounts.models import User
from alpsatellites.newcomers.models import CaseStageChange, Stage, WelcomeCase
from alpsatellites.newcomers.selectors.cases import cases_for
from alpsatellites.setup.default_welcome import ensure_demo_welcome
from alpsatellites.setup.demo_cases import DEMO_CASES, ensure_demo_cases

pytestmark = pytest.mark.django_db


def test_demo_cases_reach_their_groupings_officers_once(grand_brianconnais, client):
    ensure_demo_welcome()
    assert ensure_demo_cases() == len(DEMO_CASES)
    assert ensure_demo_cases() == 0  # a second run adds nothing

    officer = User.objects.get(email="accueil-brianconnais@demo.alpsatellites.eu")
    mine = cases_for(officer)
    assert mine.count() == 3 and {case.commune.code for case in mine} == {"05023", "05093", "05133"}
    assert all(case.assigned_to == officer for case in mine)
    settled = WelcomeCase.objects.get(stage=Stage.SETTLED)
    reached = CaseStageChange.objects.filter(case=settled).values_list("to_stage", flat=True)
    assert list(reached) == [
        Stage.NEW,
        Stage.FIRST_CONTACT,
        Stage.EXPLORING,
        Stage.DISCOVERY_STAY,
        Stage.SETTLING,
        Stage.SETTLED,
    ]
    assert WelcomeCase.objects.get(stage=Stage.NEW).first_response_at is None

    client.force_login(officer)
    page = client.get(reverse("newcomers:inbox")).content.decode()
    assert "Famille Martin (démo)" in page and "Famille Rossi (démo)" not in page
