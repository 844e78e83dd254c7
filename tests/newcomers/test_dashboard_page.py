"""The welcome dashboard page and its CSV: who may read it (and who gets a 404), what it shows,
that no personal string reaches it, a bad period, the CSV's formula guard, the query count and
the card on the elected officials' decision dashboard."""

import csv
import datetime
import io

import pytest
from django.urls import reverse
from django.utils import timezone, translation

from alpsatellites.accounts.models import Role
from alpsatellites.accounts.services import role_grant
from alpsatellites.newcomers.models import ClosingReason, Stage
from tests.factories import GroupingFactory, TerritoryFactory, UserFactory
from tests.newcomers.dashboard_helpers import history_case
from tests.newcomers.factories import make_officer, make_territory_staff

pytestmark = pytest.mark.django_db
S = Stage


def url(name="newcomers:welcome-dashboard", territory="grand-brianconnais", **query):
    path = reverse(name, args=[territory])
    if query:
        path += "?" + "&".join(f"{k}={v}" for k, v in query.items())
    return path


def user_with(role, territory):
    user = UserFactory()
    role_grant(user=user, role=role, territory=territory)
    return user


@pytest.fixture
def briancon(grand_brianconnais):
    return grand_brianconnais.groupings.get(name__contains="Briançonnais")


@pytest.fixture
def cases(briancon):
    """A household with a name and an e-mail that must never show, and two more cases."""
    recent = timezone.now() - datetime.timedelta(days=10)
    history_case(
        briancon,
        created=recent,
        stages=(S.FIRST_CONTACT, S.EXPLORING, S.SETTLING, S.SETTLED),
        answered_after=datetime.timedelta(hours=3),
        contact_name="Zéphyrine Quarantotto",
        contact_email="zephyrine.quarantotto@example.org",
        contact_phone="+33 6 12 34 56 78",
    )
    history_case(
        briancon,
        created=recent,
        stages=(S.FIRST_CONTACT, S.CLOSED),
        answered_after=datetime.timedelta(hours=30),
        closing_reason=ClosingReason.HOUSING,
    )
    history_case(briancon, created=recent)


@pytest.mark.parametrize(
    "role", [Role.TERRITORY_STAFF, Role.TERRITORY_ADMIN, Role.ELECTED_OFFICIAL]
)
def test_the_territory_readers_may_read_it(client, grand_brianconnais, cases, role):
    client.force_login(user_with(role, grand_brianconnais))
    response = client.get(url())
    assert response.status_code == 200
    assert response.context["total"].requests == 3


def test_a_platform_admin_may_read_it(client, grand_brianconnais):
    client.force_login(UserFactory(is_superuser=True))
    assert client.get(url()).status_code == 200


def test_everyone_else_gets_404(client, grand_brianconnais, briancon):
    other = TerritoryFactory()
    for person in [
        make_territory_staff(other),
        user_with(Role.ELECTED_OFFICIAL, other),
        make_officer(briancon),  # officers follow cases, they do not read the territory's figures
        UserFactory(),
    ]:
        client.force_login(person)
        assert client.get(url()).status_code == 404
        assert client.get(url("newcomers:welcome-dashboard-csv")).status_code == 404
    client.force_login(UserFactory(is_superuser=True))
    assert client.get(url(territory="nowhere")).status_code == 404


def test_anonymous_visitors_are_sent_to_sign_in(client, grand_brianconnais):
    for name in ("newcomers:welcome-dashboard", "newcomers:welcome-dashboard-csv"):
        response = client.get(url(name))
        assert response.status_code == 302
        assert reverse("account_login") in response["Location"]


def test_no_personal_string_reaches_the_page_or_the_csv(client, grand_brianconnais, cases):
    client.force_login(user_with(Role.ELECTED_OFFICIAL, grand_brianconnais))
    for response in (client.get(url()), client.get(url("newcomers:welcome-dashboard-csv"))):
        text = response.content.decode()
        for personal in ("Zéphyrine", "Quarantotto", "zephyrine", "12 34 56 78", "@example.org"):
            assert personal not in text


def test_the_page_shows_the_figures_with_charts_and_tables(
    client, grand_brianconnais, cases, django_assert_max_num_queries
):
    client.force_login(user_with(Role.ELECTED_OFFICIAL, grand_brianconnais))
    # session, user, roles, territory, then the selector's five queries.
    with (
        translation.override("en"),
        django_assert_max_num_queries(11),
    ):  # +1: the header's requests badge
        response = client.get(url())
    page = response.content.decode()
    assert page.count('role="img"') == 4
    assert page.count("<caption") == 5 and 'scope="row"' in page and 'scope="col"' in page
    funnel = response.context["rows"][0][1]
    assert [n for _k, n in funnel.funnel] == [3, 2, 1, 0, 1, 1]
    assert "Housing" in page or "No suitable housing found" in page
    assert page.count("<h1") == 1


def test_the_query_count_does_not_grow_with_the_cases(
    client, grand_brianconnais, briancon, cases, django_assert_max_num_queries
):
    client.force_login(user_with(Role.TERRITORY_STAFF, grand_brianconnais))
    for _ in range(20):
        history_case(briancon, created=timezone.now(), stages=(S.FIRST_CONTACT,))
    with django_assert_max_num_queries(11):  # +1: the header's requests badge
        assert client.get(url()).status_code == 200


def test_figures_and_dates_in_the_french_format(client, grand_brianconnais, briancon):
    client.force_login(user_with(Role.TERRITORY_STAFF, grand_brianconnais))
    for _ in range(3):
        history_case(
            briancon,
            created=timezone.now() - datetime.timedelta(days=3),
            answered_after=datetime.timedelta(hours=1, minutes=30),
        )
    with translation.override("fr"):
        response = client.get(url())
    page = response.content.decode()
    assert "1,5" in page  # 1.5 h written the French way
    # The period sentence in French long dates ("1 janvier 2026" style, month names in French).
    months = ("janvier", "février", "mars", "avril", "mai", "juin", "juillet", "août")
    months += ("septembre", "octobre", "novembre", "décembre")
    assert any(m in page for m in months)


def test_no_request_yet(client, grand_brianconnais):
    client.force_login(user_with(Role.ELECTED_OFFICIAL, grand_brianconnais))
    response = client.get(url(period="all"))
    assert response.status_code == 200
    assert 'id="no-request"' in response.content.decode()
    assert 'role="img"' not in response.content.decode()


@pytest.mark.parametrize("period", ["forever", "2025", "%3Cscript%3E"])
def test_a_period_that_does_not_exist_is_a_field_error(client, grand_brianconnais, period):
    client.force_login(user_with(Role.ELECTED_OFFICIAL, grand_brianconnais))
    response = client.get(url(period=period))
    assert response.status_code == 400
    assert "period" in response.context["form"].errors
    assert 'aria-invalid="true"' in response.content.decode()
    assert "<script>" not in response.content.decode()
    assert client.get(url("newcomers:welcome-dashboard-csv", period=period)).status_code == 400


@pytest.mark.parametrize("period", ["12m", "year", "last-year", "all"])
def test_every_period_can_be_chosen(client, grand_brianconnais, cases, period):
    client.force_login(user_with(Role.ELECTED_OFFICIAL, grand_brianconnais))
    response = client.get(url(period=period))
    assert response.status_code == 200
    assert response.context["dashboard"].period.key == period


def test_the_csv_cannot_inject_a_formula(client, grand_brianconnais):
    grouping = GroupingFactory(territory=grand_brianconnais, name='=HYPERLINK("http://x.example")')
    history_case(grouping, created=timezone.now())
    client.force_login(user_with(Role.ELECTED_OFFICIAL, grand_brianconnais))
    with translation.override("en"):
        response = client.get(url("newcomers:welcome-dashboard-csv"))
    assert response["Content-Type"].startswith("text/csv")
    assert "attachment" in response["Content-Disposition"]
    rows = list(csv.reader(io.StringIO(response.content.decode())))
    assert rows[0][:3] == ["Grouping", "Requests", "First contact"]
    names = [row[0] for row in rows[1:]]
    assert '\'=HYPERLINK("http://x.example")' in names
    assert not any(name.startswith("=") for name in names)
    assert rows[-1][0] == "Whole territory" and rows[-1][1] == "1"


def test_the_decision_dashboard_links_to_it_with_its_figures(
    client, grand_brianconnais, cases, monkeypatch
):
    from tests.observatory.decision_fixtures import fake_feasibility

    monkeypatch.setattr(
        "alpsatellites.observatory.selectors.dashboard.territory_feasibility_of", fake_feasibility
    )
    client.force_login(user_with(Role.ELECTED_OFFICIAL, grand_brianconnais))
    with translation.override("en"):
        response = client.get(reverse("decision:dashboard", args=["grand-brianconnais"]))
        link = url()
    page = response.content.decode()
    assert response.status_code == 200
    assert 'id="welcome-title"' in page
    assert f'href="{link}"' in page
    card = page[page.index('id="welcome-title"') : page.index('id="reports-title"')]
    assert ">3<" in card and ">1<" in card  # 3 requests, 1 settled, 1 awaiting


def test_all_time_over_two_years_counts_per_year(client, grand_brianconnais, briancon):
    history_case(briancon, created=timezone.now() - datetime.timedelta(days=3 * 365))
    history_case(briancon, created=timezone.now())
    client.force_login(user_with(Role.ELECTED_OFFICIAL, grand_brianconnais))
    response = client.get(url(period="all"))
    assert response.context["by_year"] is True
    years = [int(long) for _short, long, _n, _per in response.context["times"]]
    assert years == list(range(years[0], timezone.now().year + 1)) and len(years) == 4
    assert sum(n for _s, _l, n, _p in response.context["times"]) == 2


def test_chart_labels_leave_room_for_the_name():
    from alpsatellites.newcomers.figures_text import chart_label

    assert chart_label("Communauté de communes du Pays des Écrins") == "Pays des Écrins"
    assert chart_label("Communauté de communes du Guillestrois et du Queyras").endswith("…")
    assert chart_label("Requests") == "Requests"
