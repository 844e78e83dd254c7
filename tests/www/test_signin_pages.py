"""The sign-in and sign-up pages say why they are asked, from a same-site ?next= only, and escape
what they show; they use the platform's layout."""

import pytest
from django.utils import translation

from tests.workspaces.factories import WorkspaceFactory

pytestmark = pytest.mark.django_db

SIGN_IN, SIGN_UP = "/en/accounts/login/", "/en/accounts/signup/"


def reason(client, path, next_url):
    with translation.override("en"):
        response = client.get(path, {"next": next_url})
    assert response.status_code == 200
    body = response.content.decode()
    assert 'class="site-header"' in body  # the platform's layout
    start = body.find('class="entrance-context"')
    return None if start < 0 else body[body.index(">", start) + 1 : body.index("</p>", start)]


def test_booking_a_workspace_names_it_escaped(client):
    workspace = WorkspaceFactory(name="Alti<b>polis</b>")
    book = f"/en/workspaces/{workspace.slug}/book/1/"
    assert reason(client, SIGN_IN, book) == "Sign in to book at Alti&lt;b&gt;polis&lt;/b&gt;"
    assert (
        reason(client, SIGN_UP, book) == "Create an account to book at Alti&lt;b&gt;polis&lt;/b&gt;"
    )
    # The same page under another language's prefix is understood too.
    assert reason(client, SIGN_IN, f"/de/workspaces/{workspace.slug}/").startswith(
        "Sign in to book"
    )


def test_asking_for_support_and_the_back_office(client, grand_brianconnais):
    assert reason(client, SIGN_IN, "/en/t/grand-brianconnais/settle/request/") == (
        "Sign in to ask for support"
    )
    assert reason(client, SIGN_IN, "/en/admin/") == "Sign in to the back office"


@pytest.mark.parametrize(
    "next_url",
    [
        "https://evil.example/en/workspaces/x/",
        "//evil.example/en/workspaces/x/",
        "/en/no-such-page/<script>",
        "javascript:alert(1)",
        "",
    ],
)
def test_other_sites_and_unknown_pages_give_no_reason(client, next_url):
    WorkspaceFactory(slug="x")
    assert reason(client, SIGN_IN, next_url) is None


def test_a_hidden_workspace_is_not_named(client):
    workspace = WorkspaceFactory(status="draft", name="Secret draft")
    assert reason(client, SIGN_IN, f"/en/workspaces/{workspace.slug}/") is None
