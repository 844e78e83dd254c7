"""Back office: each role sees and changes only its own territory's rows."""

import pytest

from alpsatellites.accounts.models import Role
from alpsatellites.accounts.services import role_grant
from alpsatellites.territories.models import Commune, Grouping, Highlight, Territory
from tests.factories import UserFactory
from tests.utils import admin_form_data, snapshot

ADMIN = "/fr/admin"
COMMUNES = f"{ADMIN}/territories/commune"
TERRITORIES = f"{ADMIN}/territories/territory"


@pytest.fixture
def la_grave(grand_brianconnais):
    return Commune.objects.get(territory=grand_brianconnais, code="05063")


@pytest.fixture
def verres(evancon):
    return Commune.objects.get(territory=evancon, code="007073")


@pytest.fixture
def elected_official(grand_brianconnais):
    user = UserFactory(email="maire@grand-brianconnais.example")
    role_grant(user=user, role=Role.ELECTED_OFFICIAL, territory=grand_brianconnais)
    return user


@pytest.fixture
def platform_admin(db):
    return UserFactory(email="root@example.org", is_staff=True, is_superuser=True)


def changelist(client, url: str, **params):
    response = client.get(url + "/", params)
    assert response.status_code == 200
    return response.context["cl"]


# --- territory admin -------------------------------------------------------------------------


def test_territory_admin_reaches_the_back_office(client, territory_admin, evancon):
    client.force_login(territory_admin)

    response = client.get(f"{ADMIN}/")

    assert response.status_code == 200
    models = {m["object_name"] for app in response.context["app_list"] for m in app["models"]}
    assert {"Commune", "Territory", "Grouping"} <= models
    assert "User" not in models and "Source" not in models


def test_territory_admin_sees_only_their_communes(client, territory_admin, evancon):
    client.force_login(territory_admin)

    cl = changelist(client, COMMUNES)

    assert cl.result_count == 36
    territories = {c.territory.slug for c in cl.queryset}
    assert territories == {"grand-brianconnais"}
    assert "Verrès" not in client.get(COMMUNES + "/", {"q": "verres"}).content.decode()


def test_territory_admin_searches_communes_without_accents(client, territory_admin):
    client.force_login(territory_admin)

    cl = changelist(client, COMMUNES, q="briancon")

    assert [c.name for c in cl.result_list] == ["Briançon"]


def test_territory_admin_sees_only_their_territory_and_groupings(client, territory_admin, evancon):
    client.force_login(territory_admin)

    territories = changelist(client, TERRITORIES)
    groupings = changelist(client, f"{ADMIN}/territories/grouping")

    assert [t.slug for t in territories.result_list] == ["grand-brianconnais"]
    assert groupings.result_count == 3
    assert "Evançon" not in client.get(TERRITORIES + "/").content.decode()


def test_territory_admin_changes_local_content_of_their_commune(
    client, territory_admin, la_grave, django_capture_on_commit_callbacks
):
    client.force_login(territory_admin)
    page = client.get(f"{COMMUNES}/{la_grave.pk}/change/")
    assert page.status_code == 200
    data = admin_form_data(
        page,
        description_fr="Village au pied de la Meije.",
        town_hall_phone="04 76 00 00 00",
        population="1",  # read-only: an official figure is not changed here
        name="Autre nom",  # read-only too
    )

    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(f"{COMMUNES}/{la_grave.pk}/change/", data)

    assert response.status_code == 302, response.context["adminform"].form.errors
    la_grave.refresh_from_db()
    assert la_grave.description_fr == "Village au pied de la Meije."
    assert la_grave.town_hall_phone == "04 76 00 00 00"
    assert (la_grave.population, la_grave.name) == (479, "La Grave")
    # The public page, cached before, shows the change at once.
    client.logout()
    public = client.get("/fr/t/grand-brianconnais/communes/05063/").content.decode()
    assert "Village au pied de la Meije." in public
    assert "04 76 00 00 00" in public


def test_a_website_without_scheme_gets_https(client, territory_admin, la_grave):
    client.force_login(territory_admin)
    page = client.get(f"{COMMUNES}/{la_grave.pk}/change/")

    response = client.post(
        f"{COMMUNES}/{la_grave.pk}/change/",
        admin_form_data(page, town_hall_website="mairie-lagrave.example"),
    )

    assert response.status_code == 302
    la_grave.refresh_from_db()
    assert la_grave.town_hall_website == "https://mairie-lagrave.example"


def test_territory_admin_cannot_open_or_change_another_territory_commune(
    client, territory_admin, verres
):
    client.force_login(territory_admin)
    before = snapshot()

    page = client.get(f"{COMMUNES}/{verres.pk}/change/")
    post = client.post(
        f"{COMMUNES}/{verres.pk}/change/",
        {"description_fr": "Piraté", "town_hall_phone": "00 00", "description_it": "x"},
    )
    history = client.get(f"{COMMUNES}/{verres.pk}/history/")

    # The admin answers an object outside the user's queryset as "does not exist": a redirect
    # to the index, never the form.
    for response in (page, post, history):
        assert (response.status_code, response["Location"]) == (302, f"{ADMIN}/")
    assert snapshot() == before


def test_territory_admin_cannot_open_another_territory(client, territory_admin, evancon):
    client.force_login(territory_admin)
    before = snapshot()

    page = client.get(f"{TERRITORIES}/{evancon.pk}/change/")
    post = client.post(f"{TERRITORIES}/{evancon.pk}/change/", {"name_fr": "Piraté"})

    for response in (page, post):
        assert (response.status_code, response["Location"]) == (302, f"{ADMIN}/")
    assert snapshot() == before


def test_territory_admin_edits_their_territory_but_not_its_address(
    client, territory_admin, grand_brianconnais, django_capture_on_commit_callbacks
):
    client.force_login(territory_admin)
    url = f"{TERRITORIES}/{grand_brianconnais.pk}/change/"
    page = client.get(url)
    assert page.status_code == 200
    data = admin_form_data(
        page, tagline_fr="Nouvelle accroche.", slug="elsewhere", country="IT", is_published=""
    )
    data["highlights-0-title_fr"] = "Fibre optique partout"

    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(url, data)

    assert response.status_code == 302, response.context["adminform"].form.errors
    territory = Territory.objects.get(pk=grand_brianconnais.pk)
    assert territory.tagline_fr == "Nouvelle accroche."
    assert (territory.slug, territory.country, territory.is_published) == (
        "grand-brianconnais",
        "FR",
        True,
    )
    assert Highlight.objects.filter(territory=territory, title_fr="Fibre optique partout").exists()


def test_territory_admin_cannot_reach_people_or_sources(client, territory_admin):
    client.force_login(territory_admin)

    assert client.get(f"{ADMIN}/accounts/user/").status_code == 403
    assert client.get(f"{ADMIN}/accounts/user/{territory_admin.pk}/change/").status_code == 403
    assert client.get(f"{ADMIN}/accounts/user/add/").status_code == 403
    assert client.get(f"{ADMIN}/territories/source/").status_code == 403


def test_territory_admin_cannot_promote_themselves(client, territory_admin):
    client.force_login(territory_admin)

    response = client.post(
        f"{ADMIN}/accounts/user/{territory_admin.pk}/change/",
        {"email": territory_admin.email, "is_staff": "on", "is_superuser": "on", "is_active": "on"},
    )

    assert response.status_code == 403
    territory_admin.refresh_from_db()
    assert not territory_admin.is_superuser


def test_territory_admin_cannot_add_or_delete(client, territory_admin, la_grave):
    client.force_login(territory_admin)

    assert client.get(f"{COMMUNES}/add/").status_code == 403
    assert client.get(f"{COMMUNES}/{la_grave.pk}/delete/").status_code == 403
    assert client.post(f"{COMMUNES}/{la_grave.pk}/delete/", {"post": "yes"}).status_code == 403
    client.post(
        COMMUNES + "/",
        {"action": "delete_selected", "_selected_action": [la_grave.pk], "post": "yes"},
    )
    assert client.get(f"{TERRITORIES}/{la_grave.territory_id}/delete/").status_code == 403

    assert Commune.objects.filter(pk=la_grave.pk).exists()
    assert Territory.objects.filter(pk=la_grave.territory_id).exists()
    assert Commune.objects.filter(territory=la_grave.territory_id).count() == 36


def test_territory_admin_cannot_change_another_territory_grouping(client, territory_admin, evancon):
    client.force_login(territory_admin)
    grouping = Grouping.objects.get(territory=evancon)

    response = client.post(
        f"{ADMIN}/territories/grouping/{grouping.pk}/change/", {"name": "Piraté", "kind": "cc"}
    )

    assert (response.status_code, response["Location"]) == (302, f"{ADMIN}/")
    grouping.refresh_from_db()
    assert grouping.name == "Unité des Communes valdôtaines Evançon"


def test_territory_staff_may_edit_too(client, grand_brianconnais, la_grave):
    staff = UserFactory()
    role_grant(user=staff, role=Role.TERRITORY_STAFF, territory=grand_brianconnais)
    client.force_login(staff)
    page = client.get(f"{COMMUNES}/{la_grave.pk}/change/")

    response = client.post(
        f"{COMMUNES}/{la_grave.pk}/change/", admin_form_data(page, description_en="Glacier.")
    )

    assert response.status_code == 302
    la_grave.refresh_from_db()
    assert la_grave.description_en == "Glacier."


# --- elected official ------------------------------------------------------------------------


def test_elected_official_views_but_cannot_change(client, elected_official, la_grave, evancon):
    client.force_login(elected_official)
    before = snapshot()

    cl = changelist(client, COMMUNES)
    page = client.get(f"{COMMUNES}/{la_grave.pk}/change/")
    post = client.post(
        f"{COMMUNES}/{la_grave.pk}/change/",
        admin_form_data(page, description_fr="Changé", town_hall_phone="00"),
    )

    assert cl.result_count == 36
    assert page.status_code == 200
    assert page.context["has_change_permission"] is False
    assert 'name="_save"' not in page.content.decode()
    assert post.status_code == 403
    assert snapshot() == before


def test_elected_official_sees_nothing_of_other_territories(client, elected_official, verres):
    client.force_login(elected_official)

    response = client.get(f"{COMMUNES}/{verres.pk}/change/")
    assert (response.status_code, response["Location"]) == (302, f"{ADMIN}/")
    assert [t.slug for t in changelist(client, TERRITORIES).result_list] == ["grand-brianconnais"]


# --- no role ---------------------------------------------------------------------------------


def test_user_without_role_cannot_log_into_the_back_office(client, grand_brianconnais):
    user = UserFactory(email="visitor@example.org")
    assert not user.is_staff

    login = client.post(
        f"{ADMIN}/login/",
        {"username": "visitor@example.org", "password": "correct horse battery staple"},
    )
    assert login.status_code == 200  # the form again, with an error
    assert login.context["form"].errors
    assert "_auth_user_id" not in client.session

    client.force_login(user)
    response = client.get(f"{ADMIN}/")
    assert response.status_code == 302
    assert response["Location"].startswith(f"{ADMIN}/login/")
    assert client.get(COMMUNES + "/").status_code == 302


def test_staff_flag_without_role_shows_nothing(client, grand_brianconnais):
    user = UserFactory(is_staff=True)
    client.force_login(user)

    response = client.get(f"{ADMIN}/")

    assert response.status_code == 200
    assert response.context["app_list"] == []
    assert client.get(COMMUNES + "/").status_code == 403


def test_territory_admin_logs_in_with_a_password(client, territory_admin):
    response = client.post(
        f"{ADMIN}/login/",
        {"username": territory_admin.email, "password": "correct horse battery staple"},
    )

    assert response.status_code == 302
    assert client.get(f"{ADMIN}/").status_code == 200


# --- platform admin --------------------------------------------------------------------------


def test_platform_admin_sees_everything(client, platform_admin, grand_brianconnais, evancon):
    client.force_login(platform_admin)
    verres = Commune.objects.get(code="007073")

    assert changelist(client, COMMUNES).result_count == 46
    assert {t.slug for t in changelist(client, TERRITORIES).result_list} == {
        "grand-brianconnais",
        "evancon",
    }
    assert changelist(client, f"{ADMIN}/accounts/user").result_count == 1
    assert changelist(client, f"{ADMIN}/territories/source").result_count == 6
    assert client.get(f"{COMMUNES}/{verres.pk}/change/").status_code == 200
    assert client.get(f"{COMMUNES}/{verres.pk}/delete/").status_code == 200
    assert client.get(f"{COMMUNES}/add/").status_code == 200


def test_platform_admin_grants_a_role_and_access_follows(
    client, platform_admin, grand_brianconnais
):
    person = UserFactory(email="new@example.org")
    client.force_login(platform_admin)
    url = f"{ADMIN}/accounts/user/{person.pk}/change/"
    page = client.get(url)
    data = admin_form_data(page)
    data.update(
        {
            "role_assignments-TOTAL_FORMS": "1",
            "role_assignments-0-role": Role.TERRITORY_ADMIN,
            "role_assignments-0-territory": str(grand_brianconnais.pk),
            "role_assignments-0-user": str(person.pk),
        }
    )

    response = client.post(url, data)

    assert response.status_code == 302, response.context["adminform"].form.errors
    person.refresh_from_db()
    assert person.is_staff
    assert person.role_assignments.get().territory == grand_brianconnais
