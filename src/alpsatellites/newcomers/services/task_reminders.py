"""Reminders of the tasks that fall due: run once a day by `send_task_reminders` (cron).

Each task is reminded once. The conditional UPDATE that marks it is what decides who sends: two
runs at once (a cron overlap, a retry by hand) cannot both claim the same task, so running twice
sends one e-mail.
"""

import datetime

from django.db import transaction
from django.utils import timezone

from ..models import CaseTask, Stage
from ..tasks import notify_on_commit


def task_reminders_send(*, today: datetime.date | None = None) -> int:
    """E-mail (after commit) a reminder for every open task due `today` or earlier whose reminder
    was not sent yet; return how many were sent. Tasks of closed or anonymised cases are left."""
    today = today or timezone.localdate()
    due = (
        CaseTask.objects.filter(done_at__isnull=True, reminder_sent_at__isnull=True)
        .filter(due_on__lte=today, case__anonymised_at__isnull=True)
        .exclude(case__stage=Stage.CLOSED)
        .order_by("due_on", "pk")
        .values_list("pk", flat=True)
    )
    sent = 0
    for task_id in list(due):
        with transaction.atomic():
            claimed = CaseTask.objects.filter(pk=task_id, reminder_sent_at__isnull=True).update(
                reminder_sent_at=timezone.now()
            )
            if claimed:
                notify_on_commit("task_reminder", task_id)
                sent += 1
    return sent
