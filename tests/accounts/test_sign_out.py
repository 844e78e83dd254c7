"""Signing out keeps the language of the page signed out from."""

import pytest

from tests.factories import UserFactory


@pytest.mark.django_db
@pytest.mark.parametrize("language", ["fr", "de"])
def test_sign_out_lands_on_the_home_page_in_the_same_language(client, language):
    client.force_login(UserFactory())

    response = client.post(
        f"/{language}/accounts/logout/", headers={"accept-language": "en"}, follow=True
    )

    assert response.redirect_chain[0][0] == f"/{language}/"
    assert response.status_code == 200
    assert f'lang="{language}"' in response.content.decode()
