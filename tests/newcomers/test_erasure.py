"""Deleting an account leaves no personal string behind (searched in every table and every
session), keeps the anonymous figures, and deletes the files; the page asks for the password."""

import json

import pytest
from django.apps import apps
from django.contrib.sessions.backends.db import SessionStore
from django.contrib.sessions.models import Session
from django.db import models
from django.test import Client
from django.utils import timezone, translation

from alpsatellites.accounts.models import User
from alpsatellites.newcomers import models as newcomers_models
from alpsatellites.newcomers.models import (
    CaseAttachment,
    CaseMessage,
    CaseNote,
    CaseStageChange,
    CaseTask,
    ClosingReason,
    Consent,
    Stage,
    StayApplication,
    WelcomeCase,
)
from alpsatellites.newcomers.services.erasure import ANONYMISED, account_erase, case_anonymise
from alpsatellites.workspaces.models import Booking, BookingStatus
from tests.newcomers.factories import WelcomeCaseFactory
from tests.newcomers.privacy_people import EMAIL, NAME, make_person

pytestmark = pytest.mark.django_db
TEXT_FIELDS = (models.CharField, models.TextField, models.JSONField, models.FileField)


@pytest.fixture(autouse=True)
def _media(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path


def rows_naming(needle: str) -> list[str]:
    """Every (table.column) of every model whose text holds `needle`, plus every session whose
    decoded data holds it."""
    found = []
    for model in apps.get_models():
        if model._meta.proxy or not model._meta.managed:
            continue
        for field in model._meta.concrete_fields:
            if isinstance(field, TEXT_FIELDS):
                lookup = {f"{field.attname}__icontains": needle}
                if model._base_manager.filter(**lookup).exists():
                    found.append(f"{model._meta.db_table}.{field.column}")
    store = SessionStore()
    for key, data in Session.objects.values_list("session_key", "session_data"):
        if needle.lower() in json.dumps(store.decode(data), ensure_ascii=False).lower():
            found.append(f"session {key}")
    return found


def test_searching_every_table_finds_the_person_before_and_nowhere_after(
    django_capture_on_commit_callbacks,
):
    client = Client()
    person = make_person(client=client)
    surname = NAME.split()[-1]
    assert rows_naming(EMAIL) and rows_naming(surname)  # the search does find them

    with django_capture_on_commit_callbacks(execute=True):
        account_erase(user=person.user)

    assert rows_naming(EMAIL) == []
    assert rows_naming(surname) == []
    assert rows_naming(NAME.split()[0]) == []
    assert not User.objects.filter(pk=person.user.pk).exists()


def test_the_anonymous_figures_are_kept(django_capture_on_commit_callbacks):
    person = make_person()
    case = person.case
    changes_before = CaseStageChange.objects.filter(case=case).count()

    with django_capture_on_commit_callbacks(execute=True):
        account_erase(user=person.user)

    case.refresh_from_db()
    assert case.stage == Stage.CLOSED
    assert case.closing_reason == ClosingReason.WITHDRAWN
    assert case.closed_at is not None and case.anonymised_at is not None
    assert (case.grouping_id, case.commune_id, case.territory_id) == (
        person.case.grouping_id,
        person.case.commune_id,
        person.case.territory_id,
    )
    assert (case.household, case.contact_name, case.contact_email, case.contact_phone) == (
        None,
        "",
        "",
        "",
    )
    assert case.profile == {}
    assert CaseStageChange.objects.filter(case=case).count() == changes_before + 1
    assert set(CaseMessage.objects.filter(case=case).values_list("body", flat=True)) == {ANONYMISED}
    assert CaseMessage.objects.filter(case=case).count() == 2
    assert list(CaseNote.objects.filter(case=case).values_list("body", flat=True)) == [ANONYMISED]
    assert list(CaseTask.objects.filter(case=case).values_list("title", flat=True)) == [ANONYMISED]
    booking = Booking.objects.get(pk=person.booking.pk)
    assert booking.user is None and booking.price == person.booking.price
    # Not started yet: cancelled, so that its seat goes back to others.
    assert person.booking.starts_at > timezone.now()
    assert (booking.status, booking.cancelled_at is not None) == (BookingStatus.CANCELLED, True)
    application = StayApplication.objects.get(case=case)
    assert (application.household, application.message, application.people) == (None, "", 3)
    consent = Consent.objects.get(case=case)
    assert consent.user is None and consent.wording.startswith("I share my needs profile")
    assert not newcomers_models.Testimonial.objects.exists()


def test_the_files_are_deleted_from_storage_after_commit(django_capture_on_commit_callbacks):
    person = make_person()
    files = [attachment.file for attachment in CaseAttachment.objects.filter(case=person.case)]
    paths = [file.path for file in files]
    assert len(paths) == 2 and all(file.storage.exists(file.name) for file in files)

    with django_capture_on_commit_callbacks(execute=False) as callbacks:
        account_erase(user=person.user)
    assert all(file.storage.exists(file.name) for file in files)  # not before the commit
    for callback in callbacks:
        callback()

    assert not CaseAttachment.objects.exists()
    assert not any(file.storage.exists(file.name) for file in files)


def test_anonymising_a_closed_case_keeps_its_closing(django_capture_on_commit_callbacks):
    case = WelcomeCaseFactory(
        stage=Stage.CLOSED, closing_reason=ClosingReason.HOUSING, closed_at=timezone.now()
    )

    with django_capture_on_commit_callbacks(execute=True):
        case_anonymise(case=case)
        first = WelcomeCase.objects.get(pk=case.pk).anonymised_at
        case_anonymise(case=case)

    case.refresh_from_db()
    assert case.closing_reason == ClosingReason.HOUSING
    assert case.anonymised_at == first
    assert not CaseStageChange.objects.filter(case=case).exists()


def test_other_people_are_untouched(django_capture_on_commit_callbacks):
    person = make_person()
    other = WelcomeCaseFactory(grouping=person.case.grouping)

    with django_capture_on_commit_callbacks(execute=True):
        account_erase(user=person.user)

    other.refresh_from_db()
    assert other.household is not None and other.contact_email == other.household.email
    assert User.objects.filter(pk=person.officer.pk).exists()


def test_the_page_asks_for_the_password_then_deletes_and_signs_out(
    django_capture_on_commit_callbacks,
):
    client = Client()
    person = make_person(client=client)

    page = client.get("/en/my-data/delete/")
    assert page.status_code == 200
    with translation.override("en"):
        assert "What is kept, without your name" in page.content.decode()
        assert "1 upcoming booking" in page.content.decode()

    wrong = client.post("/en/my-data/delete/", {"password": "not it"})
    assert wrong.status_code == 400
    assert User.objects.filter(pk=person.user.pk).exists()

    with django_capture_on_commit_callbacks(execute=True):
        done = client.post("/en/my-data/delete/", {"password": "correct horse battery staple"})
    assert done.status_code == 302 and done["Location"] == "/en/"
    assert not User.objects.filter(pk=person.user.pk).exists()
    assert client.get("/en/my-data/").status_code == 302  # signed out
    assert Session.objects.count() <= 1  # at most the new anonymous one (its message)


def test_deletion_needs_a_signed_in_person():
    response = Client().post("/fr/my-data/delete/", {"password": "x"})
    assert response.status_code == 302 and "/accounts/login/" in response["Location"]


def test_password_guessing_on_the_delete_page_is_limited():
    client = Client()
    person = make_person(client=client)
    for _ in range(5):
        assert client.post("/en/my-data/delete/", {"password": "guess"}).status_code == 400

    refused = client.post("/en/my-data/delete/", {"password": "correct horse battery staple"})

    assert refused.status_code == 400
    assert User.objects.filter(pk=person.user.pk).exists()
