"""Reminders of the tasks that fall due: once per task, to its assignee in their language."""

import datetime

import pytest
from django.core import mail
from django.core.management import call_command

from alpsatellites.newcomers.models import CaseTask, ClosingReason, Stage
from alpsatellites.newcomers.services.task_reminders import task_reminders_send
from tests.newcomers.factories import CaseTaskFactory, make_officer

from .officer_setup import *  # noqa: F403

pytestmark = pytest.mark.django_db

TODAY = datetime.date(2026, 6, 10)


@pytest.fixture(autouse=True)
def _frozen_clock(time_machine):
    time_machine.move_to(datetime.datetime(2026, 6, 10, 7, 0, tzinfo=datetime.UTC), tick=False)


def task_due(case, days, **fields):
    return CaseTaskFactory(case=case, due_on=TODAY + datetime.timedelta(days=days), **fields)


def test_due_and_overdue_tasks_are_reminded_once(case, officer, django_capture_on_commit_callbacks):
    officer.language = "en"
    officer.save()
    today_task = task_due(case, 0, assigned_to=officer, title="Call the <b>notaire</b>")
    late_task = task_due(case, -3, assigned_to=officer)
    task_due(case, 1, assigned_to=officer)  # tomorrow: not yet
    task_due(
        case, -1, assigned_to=officer, done_at=datetime.datetime(2026, 6, 9, tzinfo=datetime.UTC)
    )

    with django_capture_on_commit_callbacks(execute=True):
        assert task_reminders_send() == 2
    with django_capture_on_commit_callbacks(execute=True):
        assert task_reminders_send() == 0

    assert len(mail.outbox) == 2
    assert {m.to[0] for m in mail.outbox} == {officer.email}
    first = next(m for m in mail.outbox if "notaire" in m.body)
    assert first.subject == f"Task due on welcome case {case.pk}"
    # Plain text: what an officer typed is not interpreted, and the link is the case page's.
    assert "“Call the <b>notaire</b>”" in first.body
    assert f"/en/welcome/cases/{case.pk}/" in first.body
    for task in (today_task, late_task):
        task.refresh_from_db()
        assert task.reminder_sent_at is not None


def test_a_task_for_nobody_reminds_the_officers_of_the_grouping_in_their_language(
    case, officer, brianconnais, django_capture_on_commit_callbacks
):
    colleague = make_officer(brianconnais, language="de")
    task_due(case, 0, title="Rückruf")

    with django_capture_on_commit_callbacks(execute=True):
        task_reminders_send()

    assert sorted(m.to[0] for m in mail.outbox) == sorted([officer.email, colleague.email])
    german = next(m for m in mail.outbox if m.to == [colleague.email])
    assert f"/de/welcome/cases/{case.pk}/" in german.body


def test_tasks_of_closed_cases_are_left(case, officer, django_capture_on_commit_callbacks):
    task_due(case, 0, assigned_to=officer)
    case.stage = Stage.CLOSED
    case.closing_reason = ClosingReason.OTHER
    case.closed_at = datetime.datetime(2026, 6, 1, tzinfo=datetime.UTC)
    case.save()

    with django_capture_on_commit_callbacks(execute=True):
        assert task_reminders_send() == 0
    assert mail.outbox == []


def test_the_command_says_how_many_were_sent(
    case, officer, capsys, django_capture_on_commit_callbacks
):
    task_due(case, -1, assigned_to=officer)

    with django_capture_on_commit_callbacks(execute=True):
        call_command("send_task_reminders")
        call_command("send_task_reminders")

    assert capsys.readouterr().out.splitlines() == [
        "Task reminders sent: 1.",
        "Task reminders sent: 0.",
    ]
    assert len(mail.outbox) == 1
    assert CaseTask.objects.filter(reminder_sent_at__isnull=False).count() == 1
