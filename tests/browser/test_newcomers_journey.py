"""The whole newcomer journey in a real browser, as the issue tells it: the welcome page, the
needs questionnaire, the matches, the welcome request, the officer's reply, a discovery stay,
settled — at desktop and phone widths, axe-core clean on every page, nothing wider than the
screen. Elements are found by name, id and href: the words are the catalogues' business.
"""

import datetime

import pytest
from django.utils import timezone
from playwright.sync_api import expect

from alpsatellites.newcomers.models import (
    ApplicationStatus,
    CaseMessage,
    CaseStageChange,
    Stage,
    WelcomeCase,
)
from alpsatellites.setup.default_welcome import load_default_welcome
from tests.browser.helpers import (
    assert_accessible,
    browser_context_options,  # noqa: F401 (the fixture: both widths)
    fits_the_width,
)
from tests.factories import UserFactory
from tests.newcomers.factories import DiscoveryStayFactory, make_officer

pytestmark = [pytest.mark.browser, pytest.mark.usefixtures("one_request_at_a_time")]

TERRITORY = "/fr/t/grand-brianconnais"
PASSWORD = "correct horse battery staple"  # tests.factories.UserFactory's


def check(page):
    """Every page of the journey: accessible, and scrolling down only."""
    fits_the_width(page)
    assert_accessible(page)


def submit(page, scope="main form"):
    page.locator(f'{scope} button[type="submit"]').last.click()


def test_from_where_could_we_live_to_settled(tab, log_in, live_grand_brianconnais):
    load_default_welcome()
    briancon = live_grand_brianconnais.communes.get(code="05023")
    officer = make_officer(briancon.grouping, name="Odile Accueil")
    household = UserFactory(name="Anna Rossi", email="anna@example.org", language="fr")
    first_day = timezone.localdate() + datetime.timedelta(days=21)
    stay = DiscoveryStayFactory(
        grouping=briancon.grouping, commune=briancon, starts_on=first_day, capacity=2
    )

    # A family looking from Lyon finds "Settle here" on the territory page.
    assert tab.goto(f"{TERRITORY}/").status == 200
    tab.locator(f'.welcome-cta a[href="{TERRITORY}/settle/"]').first.click()
    tab.wait_for_url(f"**{TERRITORY}/settle/")
    expect(tab.locator("h1")).to_have_text("Vivez où vous voulez et travaillez là où vous vivez")
    expect(tab.locator(".officer-card")).to_contain_text(["Odile Accueil"])
    check(tab)

    # The questionnaire, without an account.
    tab.locator(f'a[href="{TERRITORY}/settle/needs/"]').first.click()
    tab.wait_for_url("**/settle/needs/household/")
    check(tab)
    tab.fill('input[name="adults"]', "2")
    tab.fill('input[name="number_of_children"]', "2")
    tab.fill('input[name="children_ages"]', "8, 13")
    submit(tab)
    tab.wait_for_url("**/needs/work/")
    tab.check('input[name="work_status"][value="employee"]')
    tab.fill('input[name="employer_location"]', "Lyon")
    tab.fill('input[name="office_days_per_month"]', "2")
    submit(tab)
    tab.wait_for_url("**/needs/needs/")
    check(tab)
    tab.check('input[name="fibre"][value="must"]')
    tab.check('input[name="station"][value="nice"]')
    tab.check('input[name="school"][value="nice"]')
    submit(tab)
    tab.wait_for_url("**/needs/practicalities/")
    tab.check('input[name="arrival_season"][value="spring"]')
    submit(tab)
    tab.wait_for_url("**/needs/summary/")
    check(tab)
    tab.locator('main button[name="next"][value="matches"]').click()

    # Where they would fit, and why.
    tab.wait_for_url(f"**{TERRITORY}/settle/matches/")
    check(tab)
    ask = tab.locator(f'a[href="{TERRITORY}/settle/request/?commune={briancon.code}"]')
    expect(ask).to_have_count(1)
    ask.click()

    # Asking for support needs an account: they sign in and come back to the form.
    tab.wait_for_url("**/accounts/login/**")
    login = tab.locator('main form[action^="/fr/accounts/login/"]')
    login.locator('input[name="login"]').fill(household.email)
    login.locator('input[name="password"]').fill(PASSWORD)
    login.locator('button[type="submit"]').click()
    tab.wait_for_url(f"**{TERRITORY}/settle/request/**")
    assert tab.locator("#id_commune").input_value() == briancon.code
    check(tab)
    tab.locator("#id_message").fill("Nous arrivons de Lyon au printemps avec <b>deux</b> enfants.")
    tab.locator("#id_consent").check()
    submit(tab)
    tab.wait_for_url("**/fr/my-support/*/")
    case = WelcomeCase.objects.get(household=household)
    assert (case.grouping, case.commune, case.stage) == (briancon.grouping, briancon, Stage.NEW)
    assert case.profile["children_ages"] == [8, 13]
    check(tab)

    # The officer answers from the inbox.
    log_in(tab, officer)
    assert tab.goto("/fr/welcome/cases/").status == 200
    check(tab)
    tab.locator(f'a[href="/fr/welcome/cases/{case.pk}/"]').first.click()
    tab.wait_for_url(f"**/fr/welcome/cases/{case.pk}/")
    expect(tab.locator("#thread")).to_contain_text("<b>deux</b>")  # as typed, not as markup
    check(tab)
    tab.locator("#id_reply-body").fill("Bienvenue ! Un séjour découverte vous tente ?")
    tab.locator('#thread button[type="submit"]').click()
    expect(tab.locator("#thread")).to_contain_text("Un séjour découverte vous tente ?")

    # The household reads the answer and applies for the discovery stay.
    log_in(tab, household)
    assert tab.goto(f"/fr/my-support/{case.pk}/").status == 200
    expect(tab.locator(".thread")).to_contain_text("Un séjour découverte vous tente ?")
    assert tab.goto(f"{TERRITORY}/stays/").status == 200
    check(tab)
    tab.locator(f'a[href="{TERRITORY}/stays/{stay.pk}/"]').first.click()
    tab.wait_for_url(f"**/stays/{stay.pk}/")
    tab.locator("#id_people").fill("4")
    tab.locator("#id_consent").check()
    submit(tab)
    tab.wait_for_url("**/fr/my-stays/")
    check(tab)
    application = stay.applications.get()
    assert application.case == case

    # The officer accepts, then follows the household to settled.
    log_in(tab, officer)
    assert tab.goto(f"/fr/welcome/stays/{stay.pk}/").status == 200
    tab.locator('button[name="decision"][value="accept"]').click()
    tab.wait_for_url(f"**/welcome/stays/{stay.pk}/")
    application.refresh_from_db()
    assert application.status == ApplicationStatus.ACCEPTED
    for stage in (Stage.FIRST_CONTACT, Stage.DISCOVERY_STAY, Stage.SETTLING, Stage.SETTLED):
        assert tab.goto(f"/fr/welcome/cases/{case.pk}/").status == 200
        tab.locator("#id_stage-stage").select_option(stage.value)
        tab.locator('#stage button[type="submit"]').click()
        tab.wait_for_load_state()
    check(tab)
    case.refresh_from_db()
    assert case.stage == Stage.SETTLED and case.first_response_at is not None
    reached = set(CaseStageChange.objects.filter(case=case).values_list("to_stage", flat=True))
    assert {Stage.NEW, Stage.FIRST_CONTACT, Stage.SETTLED} <= reached
    # Settled: the follow-ups at 6 and 12 months are on the officer's list.
    assert case.tasks.filter(done_at__isnull=True).count() >= 2

    # The household sees where it stands.
    log_in(tab, household)
    assert tab.goto("/fr/my-support/").status == 200
    check(tab)
    assert CaseMessage.objects.filter(case=case).count() == 2
