"""The case services: the rules of stages, hand-over, tasks and notes."""

import datetime

import pytest
from django.utils import timezone, translation

from alpsatellites.core.errors import Invalid, NotFound
from alpsatellites.newcomers.models import CaseStageChange, CaseTask, ClosingReason, Stage
from alpsatellites.newcomers.services.cases import (
    case_assign,
    case_note_add,
    case_stage_set,
    case_task_add,
    case_task_complete,
    stage_targets,
)
from tests.factories import UserFactory
from tests.newcomers.factories import CaseTaskFactory, make_officer

from .officer_setup import *  # noqa: F403

pytestmark = pytest.mark.django_db


def test_a_case_moves_forward_and_the_move_is_written_down(case, officer):
    moved = case_stage_set(user=officer, case=case, stage=Stage.FIRST_CONTACT)

    assert moved.stage == Stage.FIRST_CONTACT
    change = CaseStageChange.objects.get(case=case)
    assert (change.from_stage, change.to_stage, change.changed_by) == (
        Stage.NEW,
        Stage.FIRST_CONTACT,
        officer,
    )


def test_a_discovery_stay_may_be_skipped_and_one_step_undone(case, officer):
    case_stage_set(user=officer, case=case, stage=Stage.EXPLORING)
    case_stage_set(user=officer, case=case, stage=Stage.SETTLING)
    moved = case_stage_set(user=officer, case=case, stage=Stage.DISCOVERY_STAY)

    assert moved.stage == Stage.DISCOVERY_STAY


@pytest.mark.parametrize("stage", [Stage.NEW, Stage.FOLLOW_UP_6, "nowhere"])
def test_impossible_moves_are_refused_with_the_field(case, officer, stage):
    case_stage_set(user=officer, case=case, stage=Stage.SETTLING)  # from here: not NEW, not …
    if stage == Stage.FOLLOW_UP_6:
        case_stage_set(user=officer, case=case, stage=Stage.FOLLOW_UP_12)
        stage = Stage.SETTLED  # two steps back

    with pytest.raises(Invalid) as refusal:
        case_stage_set(user=officer, case=case, stage=stage)

    assert refusal.value.field == "stage"


def test_the_same_stage_is_no_move(case, officer):
    with pytest.raises(Invalid):
        case_stage_set(user=officer, case=case, stage=Stage.NEW)


def test_closing_needs_a_reason_and_dates_the_closing(case, officer):
    with pytest.raises(Invalid) as refusal:
        case_stage_set(user=officer, case=case, stage=Stage.CLOSED)
    assert refusal.value.field == "closing_reason"
    case.refresh_from_db()
    assert case.stage == Stage.NEW
    assert not CaseStageChange.objects.exists()

    closed = case_stage_set(
        user=officer, case=case, stage=Stage.CLOSED, closing_reason=ClosingReason.HOUSING
    )

    assert closed.closed_at is not None
    assert closed.closing_reason == ClosingReason.HOUSING
    assert stage_targets(Stage.CLOSED) == []
    with pytest.raises(Invalid):
        case_stage_set(user=officer, case=case, stage=Stage.EXPLORING)


def test_settling_plans_the_follow_ups_at_6_and_12_months(case, officer, time_machine):
    time_machine.move_to(datetime.datetime(2026, 8, 31, 10, tzinfo=datetime.UTC), tick=False)
    case.assigned_to = officer
    case.save()
    officer.language = "en"
    officer.save()

    case_stage_set(user=officer, case=case, stage=Stage.SETTLED)

    tasks = list(CaseTask.objects.filter(case=case).values_list("title", "due_on", "assigned_to"))
    assert tasks == [
        ("Follow-up at 6 months", datetime.date(2027, 2, 28), officer.pk),
        ("Follow-up at 12 months", datetime.date(2027, 8, 31), officer.pk),
    ]


def test_a_case_is_handed_to_an_officer_of_the_same_grouping(case, officer, brianconnais):
    colleague = make_officer(brianconnais)

    assigned = case_assign(user=officer, case=case, assignee=colleague)

    assert (assigned.assigned_to, assigned.grouping) == (colleague, brianconnais)


def test_handing_a_case_to_another_groupings_officer_moves_it_there(
    case, officer, queyras_officer, guillestrois
):
    assigned = case_assign(user=officer, case=case, assignee=queyras_officer)

    assert (assigned.assigned_to, assigned.grouping) == (queyras_officer, guillestrois)


def test_a_case_may_go_to_territory_staff_and_back_to_nobody(case, officer, staff, brianconnais):
    assert case_assign(user=officer, case=case, assignee=staff).grouping == brianconnais
    assert case_assign(user=officer, case=case, assignee=None).assigned_to is None


def test_a_case_never_leaves_its_territory(case, officer):
    from tests.factories import GroupingFactory

    outsider = make_officer(GroupingFactory())
    plain = UserFactory()

    for person in (outsider, plain):
        with pytest.raises(Invalid) as refusal:
            case_assign(user=officer, case=case, assignee=person)
        assert refusal.value.field == "assignee"
    case.refresh_from_db()
    assert case.assigned_to is None


def test_a_task_goes_to_someone_who_may_read_the_case(case, officer, staff, queyras_officer):
    due = timezone.localdate() + datetime.timedelta(days=2)
    task = case_task_add(user=officer, case=case, title="  Call back  ", due_on=due, assignee=staff)
    assert (task.title, task.assigned_to, task.created_by) == ("Call back", staff, officer)

    with pytest.raises(Invalid) as refusal:
        case_task_add(user=officer, case=case, title="Visit", due_on=due, assignee=queyras_officer)
    assert refusal.value.field == "assignee"


@pytest.mark.parametrize(
    ("title", "due_on", "field"),
    [
        ("", datetime.date(2026, 1, 1), "title"),
        ("x" * 201, datetime.date(2026, 1, 1), "title"),
        ("Call", datetime.date(1999, 1, 1), "due_on"),
    ],
)
def test_a_task_needs_a_title_and_a_sensible_date(case, officer, title, due_on, field):
    with translation.override("en"), pytest.raises(Invalid) as refusal:
        case_task_add(user=officer, case=case, title=title, due_on=due_on)

    assert refusal.value.field == field
    assert not CaseTask.objects.exists()


def test_ticking_a_task_off_twice_keeps_the_first_time(case, officer):
    task = CaseTaskFactory(case=case)

    first = case_task_complete(user=officer, case=case, task_id=task.pk).done_at
    again = case_task_complete(user=officer, case=case, task_id=task.pk).done_at

    assert first is not None and again == first


def test_a_task_of_another_case_is_not_found(case, queyras_case, officer):
    other = CaseTaskFactory(case=queyras_case)

    with pytest.raises(NotFound):
        case_task_complete(user=officer, case=case, task_id=other.pk)
    other.refresh_from_db()
    assert other.done_at is None


def test_notes_are_kept_as_typed_and_must_say_something(case, officer):
    note = case_note_add(user=officer, case=case, body=" <b>Prefers</b> the station area ")
    assert (note.body, note.author) == ("<b>Prefers</b> the station area", officer)

    for body in ("   ", "x" * 5001):
        with pytest.raises(Invalid) as refusal:
            case_note_add(user=officer, case=case, body=body)
        assert refusal.value.field == "body"
