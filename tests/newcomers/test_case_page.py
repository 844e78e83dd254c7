"""A case as its officers see it, and everything they do on it, without JavaScript and with htmx."""

import datetime

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.utils import timezone

from alpsatellites.newcomers.models import (
    CaseAccessLog,
    CaseAttachment,
    CaseMessage,
    CaseNote,
    CaseTask,
    ClosingReason,
    Stage,
)
from tests.newcomers.factories import CaseMessageFactory, CaseNoteFactory, CaseTaskFactory

from .officer_setup import *  # noqa: F403
from .officer_setup import en, logged_reads

pytestmark = pytest.mark.django_db

PNG = b"\x89PNG\r\n\x1a\n" + b"\x00" * 64


@pytest.fixture(autouse=True)
def _media(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path


@pytest.fixture
def signed_in(client, officer):
    client.force_login(officer)
    return client


def page(client, case):
    response = client.get(en("newcomers:case", case.pk))
    assert response.status_code == 200
    return response.content.decode()


def test_the_case_page_shows_contact_needs_thread_notes_and_tasks(signed_in, case, officer):
    case.profile = {"adults": 2, "children_ages": [7, 11], "station": "must", "station_minutes": 15}
    case.save()
    CaseMessageFactory(case=case, body="We <em>love</em> skiing")
    CaseNoteFactory(case=case, body="Call after 6 <b>pm</b>")
    CaseTaskFactory(
        case=case, title="Overdue call", due_on=timezone.localdate() - datetime.timedelta(days=1)
    )

    html = page(signed_in, case)

    assert "Famille Martin" in html and case.contact_email in html
    assert "2 adults, 2 children (aged 7, 11)" in html
    assert "a station within 15 min" in html
    assert "We &lt;em&gt;love&lt;/em&gt; skiing" in html
    assert "Call after 6 &lt;b&gt;pm&lt;/b&gt;" in html
    assert "Overdue" in html and "Overdue call" in html
    CaseTaskFactory(case=case, title='<img src=x onerror="alert(1)">')
    html = page(signed_in, case)
    assert "&lt;img src=x onerror=&quot;alert(1)&quot;&gt;" in html and "<img src=x" not in html
    assert "Waiting for a first response" in html
    assert "Who opened this case" not in html  # the access log is for territory staff
    assert list(CaseAccessLog.objects.filter(case=case).values_list("user", "action")) == [
        (officer.pk, "view"),
        (officer.pk, "view"),
    ]


def test_the_case_page_says_when_the_profile_is_missing_or_no_longer_reads(signed_in, case):
    case.profile = {}
    case.save()
    assert "No needs profile was shared." in page(signed_in, case)

    case.profile = {"work_status": "astronaut"}  # a shape that no longer reads
    case.save()
    assert "cannot be read any more" in page(signed_in, case)


def test_territory_staff_see_who_opened_the_case(client, staff, officer, case):
    client.force_login(officer)
    page(client, case)
    client.force_login(staff)

    html = page(client, case)

    assert "Who opened this case" in html
    assert html.count(officer.name) >= 1 and logged_reads(case) == 2


def test_replying_sets_the_first_response_and_escapes_markup(signed_in, case, officer):
    response = signed_in.post(
        en("newcomers:case-reply", case.pk), {"reply-body": "Bonjour <script>alert(1)</script>"}
    )

    assert response.status_code == 302
    assert response["Location"] == en("newcomers:case", case.pk) + "#thread"
    message = CaseMessage.objects.get(case=case)
    assert (message.author, message.from_household) == (officer, False)
    case.refresh_from_db()
    assert case.first_response_at is not None
    html = page(signed_in, case)
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in html and "<script>alert" not in html
    assert "Time to first response" in html and "Waiting for a first response" not in html


def test_a_reply_with_a_file_and_its_download(signed_in, case):
    upload = SimpleUploadedFile("plan.png", PNG, content_type="image/png")
    signed_in.post(
        en("newcomers:case-reply", case.pk),
        {"reply-body": "The plan", "reply-attachments": [upload]},
    )
    attachment = CaseAttachment.objects.get(case=case)

    response = signed_in.get(en("newcomers:case-file", case.pk, attachment.pk))

    assert response.status_code == 200
    assert response["X-Content-Type-Options"] == "nosniff"
    assert response["Content-Disposition"].startswith("attachment;")
    assert "plan.png" in response["Content-Disposition"]
    assert b"".join(response.streaming_content) == PNG
    assert CaseAccessLog.objects.filter(case=case, action="file").count() == 1


def test_a_wrong_file_is_refused_beside_the_field_and_nothing_is_written(signed_in, case):
    upload = SimpleUploadedFile("photo.png", b"<html><script></script>", content_type="image/png")

    response = signed_in.post(
        en("newcomers:case-reply", case.pk), {"reply-body": "See", "reply-attachments": [upload]}
    )

    assert response.status_code == 400
    assert response.context["reply_form"].errors["attachments"]
    assert not CaseMessage.objects.exists()


def test_an_empty_reply_is_a_field_error(signed_in, case):
    response = signed_in.post(en("newcomers:case-reply", case.pk), {"reply-body": "  "})

    assert response.status_code == 400
    assert "body" in response.context["reply_form"].errors


def test_a_private_note(signed_in, case, officer):
    response = signed_in.post(en("newcomers:case-note", case.pk), {"note-body": "Prefers Briançon"})

    assert response.status_code == 302
    assert CaseNote.objects.get(case=case).author == officer


def test_adding_and_ticking_off_a_task(signed_in, case, staff):
    response = signed_in.post(
        en("newcomers:case-task-add", case.pk),
        {"task-title": "Visit the school", "task-due_on": "2026-12-20", "task-assignee": staff.pk},
    )
    assert response.status_code == 302
    task = CaseTask.objects.get(case=case)
    assert (task.title, task.due_on, task.assigned_to) == (
        "Visit the school",
        datetime.date(2026, 12, 20),
        staff,
    )

    assert signed_in.post(en("newcomers:case-task-done", case.pk, task.pk)).status_code == 302
    task.refresh_from_db()
    assert task.done_at is not None


def test_a_task_with_a_bad_date_or_assignee_gets_field_errors(signed_in, case, queyras_officer):
    response = signed_in.post(
        en("newcomers:case-task-add", case.pk),
        {"task-title": "", "task-due_on": "1850-01-01", "task-assignee": queyras_officer.pk},
    )

    assert response.status_code == 400
    assert set(response.context["task_form"].errors) == {"title", "due_on", "assignee"}
    assert not CaseTask.objects.exists()


def test_changing_the_stage_and_closing_with_a_reason(signed_in, case):
    assert (
        signed_in.post(
            en("newcomers:case-stage", case.pk), {"stage-stage": "first_contact"}
        ).status_code
        == 302
    )

    refused = signed_in.post(en("newcomers:case-stage", case.pk), {"stage-stage": "closed"})
    assert refused.status_code == 400
    assert "closing_reason" in refused.context["stage_form"].errors

    signed_in.post(
        en("newcomers:case-stage", case.pk),
        {"stage-stage": "closed", "stage-closing_reason": ClosingReason.SETTLED_ELSEWHERE},
    )
    case.refresh_from_db()
    assert (case.stage, case.closing_reason) == (Stage.CLOSED, ClosingReason.SETTLED_ELSEWHERE)
    html = page(signed_in, case)
    assert "Settled elsewhere" in html and "First contact" in html


def test_a_stage_the_case_cannot_reach_is_not_offered(signed_in, case):
    response = signed_in.post(en("newcomers:case-stage", case.pk), {"stage-stage": "follow_up_6"})

    assert response.status_code == 302  # a later stage: allowed
    refused = signed_in.post(en("newcomers:case-stage", case.pk), {"stage-stage": "new"})
    assert refused.status_code == 400
    assert "stage" in refused.context["stage_form"].errors


def test_handing_the_case_to_another_groupings_officer(
    signed_in, case, queyras_officer, guillestrois
):
    response = signed_in.post(
        en("newcomers:case-assign", case.pk), {"assign-assignee": queyras_officer.pk}
    )

    assert response.status_code == 302
    case.refresh_from_db()
    assert (case.assigned_to, case.grouping) == (queyras_officer, guillestrois)
    # The case has left the officer's grouping: it is no longer theirs to open.
    assert signed_in.get(en("newcomers:case", case.pk)).status_code == 404


def test_with_htmx_a_form_with_errors_is_answered_so_that_its_section_is_swapped(signed_in, case):
    response = signed_in.post(
        en("newcomers:case-note", case.pk), {"note-body": ""}, headers={"HX-Request": "true"}
    )

    assert response.status_code == 200
    assert 'id="notes"' in response.content.decode()
    assert response.context["note_form"].errors


@pytest.mark.parametrize("size", [2, 12])
def test_the_case_page_costs_the_same_queries_whatever_its_thread(
    signed_in, case, size, django_assert_num_queries
):
    for n in range(size):
        message = CaseMessageFactory(case=case, body=f"Message {n}")
        CaseAttachment.objects.create(
            case=case,
            message=message,
            file="cases/x.png",
            original_name="x.png",
            content_type="image/png",
            size=10,
        )
        CaseNoteFactory(case=case)
        CaseTaskFactory(case=case)

    with django_assert_num_queries(16):  # +1: the header's requests badge
        signed_in.get(en("newcomers:case", case.pk))
