"""The household's journey in a real browser: the welcome request form, the case page, a reply
with a file, the withdrawal's confirm step — axe-clean at desktop and phone widths, no page
wider than the phone (screenshots in $REQUEST_SCREENSHOTS when set, to be looked at).

Elements are found by name and href rather than by text: the catalogues of the new strings may
lag behind.
"""

import os
from pathlib import Path

import pytest

from alpsatellites.newcomers.models import CaseMessage, WelcomeCase
from alpsatellites.territories.models import Commune
from tests.browser.helpers import (
    assert_accessible,
    browser_context_options,  # noqa: F401 (the fixture: both widths)
    fits_the_width,
)
from tests.factories import UserFactory
from tests.newcomers.factories import make_officer

pytestmark = [pytest.mark.browser, pytest.mark.usefixtures("one_request_at_a_time")]

PDF = b"%PDF-1.4\n1 0 obj\n<<>>\nendobj\n%%EOF\n"


def screenshot(page, name):
    folder = os.environ.get("REQUEST_SCREENSHOTS")
    if folder:
        Path(folder).mkdir(parents=True, exist_ok=True)
        width = page.viewport_size["width"]
        page.screenshot(path=f"{folder}/{name}-{width}.png", full_page=True)


def test_request_then_case_then_reply_then_withdraw(
    tab, log_in, live_grand_brianconnais, settings, tmp_path
):
    settings.MEDIA_ROOT = tmp_path
    commune = (
        Commune.objects.filter(territory=live_grand_brianconnais, grouping__isnull=False)
        .select_related("grouping")
        .order_by("name")
        .first()
    )
    make_officer(commune.grouping, name="Claire Martin")
    household = UserFactory(name="Anna Rossi")
    log_in(tab, household)

    url = f"/fr/t/grand-brianconnais/settle/request/?commune={commune.code}"
    assert tab.goto(url).status == 200
    assert tab.locator("#id_commune").input_value() == commune.code
    assert tab.locator("#id_contact_name").input_value() == "Anna Rossi"
    assert_accessible(tab)
    fits_the_width(tab)
    screenshot(tab, "request")
    tab.locator("#id_message").fill("Nous arrivons au printemps <b>avec</b> deux enfants.")
    tab.locator("#id_contact_phone").fill("06 12 34 56 78")
    tab.locator("#id_consent").check()
    tab.locator('main form button[type="submit"]').click()
    tab.wait_for_url("**/fr/my-support/*/")
    case = WelcomeCase.objects.get(household=household)
    assert case.grouping == commune.grouping
    assert "Claire Martin" in tab.locator("main").inner_text()
    assert "<b>avec</b>" in tab.locator(".thread").inner_text()  # shown as typed, not as markup
    assert_accessible(tab)
    fits_the_width(tab)

    tab.locator("#id_body").fill("Voici notre dossier.")
    tab.locator("#id_attachments").set_input_files(
        files=[{"name": "dossier.pdf", "mimeType": "application/pdf", "buffer": PDF}]
    )
    tab.locator('main form[enctype="multipart/form-data"] button[type="submit"]').click()
    tab.locator(f'a[href^="/fr/my-support/{case.pk}/files/"]').wait_for()
    assert CaseMessage.objects.filter(case=case).count() == 2
    assert_accessible(tab)
    screenshot(tab, "case")

    assert tab.goto("/fr/my-support/").status == 200
    assert tab.locator(f'a[href="/fr/my-support/{case.pk}/"]').count() == 1
    assert_accessible(tab)
    screenshot(tab, "my-support")
    fits_the_width(tab)

    assert tab.goto(f"/fr/my-support/{case.pk}/withdraw/").status == 200
    assert_accessible(tab)
    tab.locator('main form button[type="submit"]').click()
    tab.wait_for_url(f"**/fr/my-support/{case.pk}/")
    case.refresh_from_db()
    assert case.is_closed
    assert_accessible(tab)
