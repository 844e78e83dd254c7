"""A welcome officer's day in a real browser, at desktop and phone widths: sign in (landing on
the inbox), open a case, reply, add a task, tick it off, change the stage — with axe-core's WCAG
2.1 AA rules on each page. Elements are found by name and id, not by (translated) text."""

import datetime

import pytest
from django.utils import timezone
from playwright.sync_api import expect

from alpsatellites.newcomers.models import CaseMessage, CaseTask, Stage, WelcomeCase
from tests.browser.helpers import (
    assert_accessible,
    browser_context_options,  # noqa: F401 (the fixture: both widths)
)
from tests.newcomers.factories import (
    CaseMessageFactory,
    CaseTaskFactory,
    WelcomeCaseFactory,
    make_officer,
)

pytestmark = [pytest.mark.browser, pytest.mark.usefixtures("one_request_at_a_time")]

PASSWORD = "correct horse battery staple"
INBOX = "/fr/welcome/cases/"


@pytest.fixture
def officer(live_grand_brianconnais):
    grouping = live_grand_brianconnais.groupings.get(name__contains="Briançonnais")
    return make_officer(grouping, email="odile@example.org", name="Odile Accueil")


@pytest.fixture
def case(officer):
    grouping = officer.role_assignments.get().grouping
    case = WelcomeCaseFactory(
        grouping=grouping,
        commune=grouping.communes.order_by("name").first(),
        contact_name="Famille <b>Martin</b>",
        profile={"adults": 2, "children_ages": [7], "fibre": "must"},
    )
    CaseMessageFactory(case=case, body="Bonjour, nous arrivons de Lyon <script>x</script>")
    CaseTaskFactory(
        case=case, title="Rappeler", due_on=timezone.localdate() - datetime.timedelta(days=1)
    )
    return case


def test_an_officer_answers_a_case(tab, officer, case):
    tab.goto("/fr/accounts/login/")
    form = tab.locator('main form[action="/fr/accounts/login/"]')
    form.locator('input[name="login"]').fill(officer.email)
    form.locator('input[name="password"]').fill(PASSWORD)
    form.locator('button[type="submit"]').click()
    tab.wait_for_url(f"**{INBOX}")
    expect(tab.locator("tbody")).to_contain_text("Famille <b>Martin</b>")
    assert_accessible(tab)

    tab.locator(f'tbody a[href="/fr/welcome/cases/{case.pk}/"]').click()
    tab.wait_for_url(f"**/fr/welcome/cases/{case.pk}/")
    expect(tab.locator("#thread")).to_contain_text("<script>x</script>")
    assert_accessible(tab)

    # Reply (htmx swaps the thread in place).
    tab.locator("#id_reply-body").fill("Bienvenue ! Quand pouvez-vous venir ?")
    tab.locator('#thread button[type="submit"]').click()
    expect(tab.locator("#thread")).to_contain_text("Quand pouvez-vous venir ?")
    assert CaseMessage.objects.filter(case=case, from_household=False).count() == 1

    # A task, then the overdue one ticked off.
    tab.locator("#id_task-title").fill("Envoyer la liste des écoles")
    tab.locator("#id_task-due_on").fill(
        (timezone.localdate() + datetime.timedelta(days=7)).isoformat()
    )
    tab.locator('#tasks form.search-form button[type="submit"]').click()
    expect(tab.locator("#tasks")).to_contain_text("Envoyer la liste des écoles")
    overdue = CaseTask.objects.get(case=case, title="Rappeler")
    tab.locator(
        f'form[action="/fr/welcome/cases/{case.pk}/tasks/{overdue.pk}/done/"] button'
    ).click()
    expect(tab.locator(f'form[action$="/tasks/{overdue.pk}/done/"]')).to_have_count(0)
    assert_accessible(tab)

    # The stage, by a full page load.
    tab.locator("#id_stage-stage").select_option(Stage.FIRST_CONTACT.value)
    tab.locator('#stage button[type="submit"]').click()
    tab.wait_for_load_state()
    expect(tab.locator("#stage ol")).to_be_visible()
    case_now = WelcomeCase.objects.get(pk=case.pk)
    assert case_now.stage == Stage.FIRST_CONTACT and case_now.first_response_at is not None
    assert_accessible(tab)
