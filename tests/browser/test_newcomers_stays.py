"""Discovery stays in a real browser, at desktop and phone widths: an officer offers and publishes
a stay with a coworking pass, a household applies, the officer accepts; axe-core's WCAG 2.1 AA
rules on every page of the way.

Elements are found by name, value and address rather than by French text: the catalogues of the
new strings may lag behind.
"""

import datetime

import pytest
from django.utils import timezone

from alpsatellites.newcomers.models import ApplicationStatus, DiscoveryStay, StayStatus
from alpsatellites.territories.models import Grouping
from alpsatellites.workspaces.models import BookingStatus, Resource
from tests.browser.helpers import (
    assert_accessible,
    browser_context_options,  # noqa: F401 (the fixture: both widths)
    fits_the_width,
)
from tests.factories import UserFactory
from tests.newcomers.factories import make_officer

pytestmark = [
    pytest.mark.browser,
    pytest.mark.usefixtures("live_workspaces", "one_request_at_a_time"),
]

OFFICER_LIST = "/fr/welcome/stays/"
PUBLIC_LIST = "/fr/t/grand-brianconnais/stays/"


def a_monday() -> datetime.date:
    """A Monday at least a week ahead: inside how far ahead the desks can be booked."""
    today = timezone.localdate()
    return today + datetime.timedelta(days=7 + (7 - today.weekday()))


def visit(page, path):
    response = page.goto(path)
    assert response.status == 200, path
    fits_the_width(page)
    assert_accessible(page)


def test_offer_apply_accept(tab, log_in):
    grouping = Grouping.objects.get(name="Communauté de communes du Briançonnais")
    commune = grouping.communes.get(name="Briançon")
    desks = Resource.objects.get(workspace__slug="altipolis-briancon", capacity=10)
    officer = make_officer(grouping)
    household = UserFactory(name="Famille Martin")
    first = a_monday()

    # The officer offers a stay (Monday to Wednesday, a desk at Altipolis) and publishes it.
    log_in(tab, officer)
    visit(tab, OFFICER_LIST)
    tab.locator('a[href^="/fr/welcome/stays/new/"]').first.click()
    tab.wait_for_url("**/welcome/stays/new/**")
    assert_accessible(tab)
    form = tab.locator("main form")
    form.locator("#id_commune").select_option(str(commune.pk))
    form.locator("#id_title_fr").fill("Trois jours pour vivre à Briançon")
    form.locator("#id_description_fr").fill("Visites, écoles, marché du mercredi.")
    form.locator("#id_accommodation_fr").fill("Un deux-pièces meublé en vieille ville.")
    form.locator("#id_meetings_fr").fill("Un café avec des télétravailleurs installés.")
    form.locator("#id_accommodation_partner").fill("Gîte de la Vauban")
    form.locator("#id_workspace_resource").select_option(str(desks.pk))
    form.locator("#id_starts_on").fill(first.isoformat())
    form.locator("#id_ends_on").fill((first + datetime.timedelta(days=2)).isoformat())
    form.locator("#id_capacity").fill("2")
    form.locator("#id_price").fill("90")
    form.locator('button[type="submit"]').click()
    tab.wait_for_url("**/welcome/stays/*/")
    stay = DiscoveryStay.objects.get()
    assert stay.status == StayStatus.DRAFT
    assert_accessible(tab)
    tab.locator(f'form[action="/fr/welcome/stays/{stay.pk}/publish/"] button').click()
    tab.wait_for_url(f"**/welcome/stays/{stay.pk}/")
    stay.refresh_from_db()
    assert stay.status == StayStatus.PUBLISHED

    # The household finds it, applies, and sees its application.
    log_in(tab, household)
    visit(tab, PUBLIC_LIST)
    tab.locator(f'a[href="/fr/t/grand-brianconnais/stays/{stay.pk}/"]').click()
    tab.wait_for_url(f"**/stays/{stay.pk}/")
    fits_the_width(tab)
    assert_accessible(tab)
    assert "Trois jours pour vivre à Briançon" in tab.locator("h1").inner_text()
    tab.locator("#id_people").fill("3")
    tab.locator("#id_message").fill("Nous venons de Lyon avec deux enfants.")
    tab.locator("#id_consent").check()
    tab.locator('main form button[type="submit"]').click()
    tab.wait_for_url("**/fr/my-stays/")
    fits_the_width(tab)
    assert_accessible(tab)
    application = stay.applications.get()
    assert (application.household, application.people) == (household, 3)

    # The officer accepts: a place is taken and the desk booked for the three days.
    log_in(tab, officer)
    visit(tab, f"/fr/welcome/stays/{stay.pk}/")
    assert "Nous venons de Lyon" in tab.locator("main table").inner_text()
    tab.locator('button[name="decision"][value="accept"]').click()
    tab.wait_for_url(f"**/welcome/stays/{stay.pk}/")
    assert_accessible(tab)
    application.refresh_from_db()
    assert application.status == ApplicationStatus.ACCEPTED
    assert application.booking.status == BookingStatus.CONFIRMED
    assert application.booking.resource == desks
    visit(tab, OFFICER_LIST)
