"""The account's "API tokens" page in a real browser: a token is created and shown once, then
listed and revoked; the page passes axe-core's WCAG 2.1 AA rules."""

import pytest

from alpsatellites.accounts.models import ApiToken
from tests.browser.helpers import assert_accessible
from tests.factories import UserFactory

pytestmark = pytest.mark.browser


def test_create_see_once_and_revoke_a_token(tab, transactional_db, log_in):
    anne = UserFactory()
    log_in(tab, anne)

    assert tab.goto("/fr/").status == 200
    tab.locator("a[href='/fr/accounts/api-tokens/']").click()
    tab.wait_for_url("**/fr/accounts/api-tokens/")
    assert_accessible(tab)
    tab.locator("input[name='name']").fill("Export nocturne")
    tab.locator("form.search-form button[type='submit']").click()

    secret = tab.locator("#new-token").inner_text()
    stored = ApiToken.objects.get(user=anne)
    assert secret.startswith(f"alps_{stored.prefix}_")
    assert_accessible(tab)

    tab.goto("/fr/accounts/api-tokens/")
    assert tab.locator("#new-token").count() == 0
    assert secret not in tab.content()
    tab.locator("button[aria-label*='Export nocturne']").click()
    tab.wait_for_url("**/fr/accounts/api-tokens/")
    stored.refresh_from_db()
    assert stored.revoked_at is not None
    assert tab.locator("[role=status]").count() == 1
    assert_accessible(tab)
