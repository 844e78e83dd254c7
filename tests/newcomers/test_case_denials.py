"""Who must NOT reach a case: every page, action, file and API endpoint of a case of the CC du
Guillestrois et du Queyras answers 404 to an officer of the CC du Briançonnais — and to anyone
else outside the case's scope — and changes nothing; anonymous visitors are asked to sign in."""

import pytest
from django.test import Client

from alpsatellites.accounts.models import Role
from alpsatellites.accounts.services import role_grant
from alpsatellites.accounts.tokens import api_token_create
from alpsatellites.newcomers.models import (
    CaseAccessLog,
    CaseAttachment,
    CaseMessage,
    CaseNote,
    CaseTask,
    Stage,
)
from tests.factories import GroupingFactory, UserFactory
from tests.newcomers.factories import CaseTaskFactory, make_territory_staff
from tests.workspaces.factories import WorkspaceFactory

from .officer_setup import *  # noqa: F403
from .officer_setup import en

pytestmark = pytest.mark.django_db

# (name, method, URL name, extra args after the case, form data)
PAGES = [
    ("case page", "get", "newcomers:case", (), None),
    ("reply", "post", "newcomers:case-reply", (), {"reply-body": "Hello"}),
    ("note", "post", "newcomers:case-note", (), {"note-body": "Note"}),
    (
        "task",
        "post",
        "newcomers:case-task-add",
        (),
        {"task-title": "T", "task-due_on": "2026-12-20"},
    ),
    ("task done", "post", "newcomers:case-task-done", ("task",), {}),
    ("stage", "post", "newcomers:case-stage", (), {"stage-stage": "first_contact"}),
    ("assign", "post", "newcomers:case-assign", (), {"assign-assignee": ""}),
    ("file", "get", "newcomers:case-file", ("attachment",), None),
]
API = [
    ("api detail", "get", "api:case-detail", None),
    ("api messages", "post", "api:case-messages", {"body": "Hello"}),
    ("api stage", "post", "api:case-stage", {"stage": "first_contact"}),
]


@pytest.fixture
def target(queyras_case, settings, tmp_path):
    """The Queyras case with a task and a file, so that every URL has something to aim at."""
    settings.MEDIA_ROOT = tmp_path
    task = CaseTaskFactory(case=queyras_case)
    attachment = CaseAttachment.objects.create(
        case=queyras_case,
        file="cases/x.pdf",
        original_name="x.pdf",
        content_type="application/pdf",
        size=5,
    )
    return {"case": queyras_case, "task": task.pk, "attachment": attachment.pk}


def _outsider(kind, territory, officer, queyras_case):
    if kind == "briançonnais officer":
        return officer
    if kind == "own household":
        return queyras_case.household
    user = UserFactory()
    if kind == "elected official":
        role_grant(user=user, role=Role.ELECTED_OFFICIAL, territory=territory)
    elif kind == "space manager":
        WorkspaceFactory(commune=queyras_case.commune, managers=[user])
    elif kind == "other territory staff":
        return make_territory_staff(GroupingFactory().territory)
    return user


OUTSIDERS = [
    "briançonnais officer",
    "elected official",
    "space manager",
    "plain user",
    "own household",
    "other territory staff",
]


def _snapshot(case):
    case.refresh_from_db()
    return (
        case.stage,
        case.assigned_to_id,
        case.grouping_id,
        CaseMessage.objects.count(),
        CaseNote.objects.count(),
        CaseTask.objects.filter(done_at__isnull=True).count(),
        CaseTask.objects.count(),
    )


def _page_url(target, name, extra):
    return en(name, target["case"].pk, *(target[key] for key in extra))


@pytest.mark.parametrize("who", OUTSIDERS)
@pytest.mark.parametrize(
    ("what", "method", "name", "extra", "data"), PAGES, ids=[p[0] for p in PAGES]
)
def test_outsiders_get_404_on_every_page_and_action(
    client, territory, officer, target, who, what, method, name, extra, data
):
    client.force_login(_outsider(who, territory, officer, target["case"]))
    before = _snapshot(target["case"])

    response = getattr(client, method)(_page_url(target, name, extra), data)

    assert response.status_code == 404
    assert _snapshot(target["case"]) == before
    assert not CaseAccessLog.objects.exists()


@pytest.mark.parametrize("who", OUTSIDERS)
@pytest.mark.parametrize(("what", "method", "name", "data"), API, ids=[a[0] for a in API])
def test_outsiders_get_404_json_on_every_api_endpoint(
    territory, officer, target, who, what, method, name, data
):
    _token, secret = api_token_create(
        user=_outsider(who, territory, officer, target["case"]), name="t"
    )
    client = Client(headers={"authorization": f"Token {secret}", "accept-language": "en"})
    before = _snapshot(target["case"])

    response = getattr(client, method)(
        en(name, target["case"].pk), data, content_type="application/json"
    )

    assert response.status_code == 404
    assert response.json()["error"]["code"] == "not_found"
    assert _snapshot(target["case"]) == before
    assert not CaseAccessLog.objects.exists()


@pytest.mark.parametrize(
    "who", ["elected official", "space manager", "plain user", "own household"]
)
def test_people_who_follow_no_case_get_no_list(territory, officer, target, who):
    _token, secret = api_token_create(
        user=_outsider(who, territory, officer, target["case"]), name="t"
    )
    client = Client(headers={"authorization": f"Token {secret}"})

    assert client.get(en("api:case-list")).status_code == 404


@pytest.mark.parametrize(
    ("what", "method", "name", "extra", "data"), PAGES, ids=[p[0] for p in PAGES]
)
def test_anonymous_visitors_are_asked_to_sign_in(client, target, what, method, name, extra, data):
    response = getattr(client, method)(_page_url(target, name, extra), data)

    assert response.status_code == 302
    assert "login" in response["Location"]


@pytest.mark.parametrize(
    ("method", "name", "data"),
    [("get", "api:case-list", None)] + [(m, n, d) for _w, m, n, d in API],
)
def test_anonymous_api_clients_get_401(client, target, method, name, data):
    args = () if name == "api:case-list" else (target["case"].pk,)
    response = getattr(client, method)(en(name, *args), data, content_type="application/json")

    assert response.status_code == 401
    assert response.json()["error"]["status"] == 401


def test_the_cases_own_officer_and_the_territory_staff_do_get_in(
    client, queyras_officer, staff, target
):
    for person in (queyras_officer, staff):
        client.force_login(person)
        assert client.get(en("newcomers:case", target["case"].pk)).status_code == 200
    assert CaseAccessLog.objects.filter(case=target["case"]).count() == 2
    target["case"].refresh_from_db()
    assert target["case"].stage == Stage.NEW
