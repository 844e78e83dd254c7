"""The welcome officer's home: their cases, filters, counts by stage, tasks due."""

import datetime

import pytest
from django.utils import timezone

from alpsatellites.accounts.models import Role
from alpsatellites.accounts.services import role_grant
from alpsatellites.newcomers.models import CaseMessage, ClosingReason, Stage
from tests.factories import UserFactory
from tests.newcomers.factories import CaseMessageFactory, CaseTaskFactory

from .officer_setup import *  # noqa: F403
from .officer_setup import case_in, en

pytestmark = pytest.mark.django_db

INBOX = "newcomers:inbox"


def listed(response) -> list[str]:
    return [case.contact_name for case in response.context["page"].object_list]


def test_the_inbox_lists_the_groupings_cases_newest_first(
    client, officer, case, queyras_case, brianconnais
):
    newer = case_in(brianconnais, contact_name="Famille <script>Dupont</script>")
    CaseMessageFactory(case=newer)
    client.force_login(officer)

    response = client.get(en(INBOX))

    assert response.status_code == 200
    assert listed(response) == ["Famille <script>Dupont</script>", "Famille Martin"]
    html = response.content.decode()
    assert "Famille &lt;script&gt;Dupont&lt;/script&gt;" in html
    assert "<script>Dupont" not in html
    assert "Famille Rossi" not in html
    assert html.count("Waiting for a first response") >= 2
    row = response.context["page"].object_list[0]
    assert row.last_message_at == CaseMessage.objects.get(case=newer).created_at


def test_filters_stage_assignment_and_first_response(client, officer, brianconnais):
    case_in(brianconnais, contact_name="Mine", assigned_to=officer)
    answered = case_in(
        brianconnais,
        contact_name="Answered",
        stage=Stage.EXPLORING,
        first_response_at=timezone.now(),
    )
    case_in(
        brianconnais,
        contact_name="Closed",
        stage=Stage.CLOSED,
        closing_reason=ClosingReason.OTHER,
        closed_at=timezone.now(),
    )
    client.force_login(officer)

    assert listed(client.get(en(INBOX))) == ["Answered", "Mine"]  # closed left out
    assert listed(client.get(en(INBOX), {"assigned": "me"})) == ["Mine"]
    assert listed(client.get(en(INBOX), {"assigned": "unassigned"})) == ["Answered"]
    assert listed(client.get(en(INBOX), {"awaiting": "on"})) == ["Mine"]
    assert listed(client.get(en(INBOX), {"stage": "exploring"})) == [answered.contact_name]
    assert listed(client.get(en(INBOX), {"stage": "closed"})) == ["Closed"]
    assert listed(client.get(en(INBOX), {"grouping": brianconnais.pk})) == ["Answered", "Mine"]


def test_bad_filters_are_a_400_with_the_field_and_a_late_page_a_404(client, officer, case):
    client.force_login(officer)

    response = client.get(en(INBOX), {"stage": "nowhere", "grouping": "x"})
    assert response.status_code == 400
    assert set(response.context["form"].errors) == {"stage", "grouping"}
    assert client.get(en(INBOX), {"page": 2}).status_code == 404


def test_counts_by_stage_and_tasks_due(client, officer, case, queyras_case, brianconnais):
    case_in(brianconnais, stage=Stage.EXPLORING)
    today = timezone.localdate()
    late = CaseTaskFactory(
        case=case, title="Send the school list", due_on=today - datetime.timedelta(days=2)
    )
    CaseTaskFactory(case=case, title="Later", due_on=today + datetime.timedelta(days=2))
    CaseTaskFactory(case=queyras_case, title="Not mine", due_on=today - datetime.timedelta(days=2))
    client.force_login(officer)

    response = client.get(en(INBOX))

    counts = {stage.value: count for stage, count in response.context["stage_counts"]}
    assert counts[Stage.NEW] == 1 and counts[Stage.EXPLORING] == 1 and counts[Stage.SETTLED] == 0
    assert [task.title for task in response.context["due_tasks"]] == [late.title]
    assert "overdue since" in response.content.decode()


def test_the_inbox_is_paginated(client, officer, brianconnais):
    for n in range(27):
        case_in(brianconnais, contact_name=f"Household {n:02}")
    client.force_login(officer)

    first = client.get(en(INBOX))
    second = client.get(en(INBOX), {"page": 2, "assigned": ""})

    assert len(listed(first)) == 25 and listed(second) == ["Household 01", "Household 00"]
    assert 'href="?assigned=&amp;page=1"' in second.content.decode()


@pytest.mark.parametrize("size", [3, 30])
def test_the_inbox_costs_the_same_queries_whatever_the_number_of_cases(
    client, officer, brianconnais, size, django_assert_num_queries
):
    for _n in range(size):
        item = case_in(brianconnais, assigned_to=officer)
        CaseMessageFactory(case=item)
        CaseTaskFactory(case=item, due_on=timezone.localdate())
    client.force_login(officer)

    # session, user, roles, groupings of the filter, counts by stage, count, the page's ids, its
    # cases, their last messages, tasks due
    with django_assert_num_queries(11):  # +1: the header's requests badge
        response = client.get(en(INBOX))
    assert response.status_code == 200


def test_territory_staff_see_every_grouping(client, staff, case, queyras_case):
    client.force_login(staff)

    assert sorted(listed(client.get(en(INBOX)))) == ["Famille Martin", "Famille Rossi"]


@pytest.mark.parametrize("role", [Role.ELECTED_OFFICIAL, None])
def test_people_who_follow_no_case_have_no_inbox(client, territory, case, role):
    person = UserFactory()
    if role:
        role_grant(user=person, role=role, territory=territory)
    client.force_login(person)

    assert client.get(en(INBOX)).status_code == 404


def test_the_inbox_asks_an_anonymous_visitor_to_sign_in(client):
    response = client.get(en(INBOX))

    assert response.status_code == 302
    assert "/accounts/login/" in response["Location"] or "login" in response["Location"]


def test_a_welcome_officer_lands_on_the_inbox_after_signing_in(client, officer):
    response = client.post(
        en("account_login"),
        {"login": officer.email, "password": "correct horse battery staple"},
    )

    assert response.status_code == 302
    assert response["Location"] == en(INBOX)
