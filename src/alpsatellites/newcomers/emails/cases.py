"""E-mails about the work on a case: the reminder of a task that falls due."""

from django.conf import settings

from ..models import CaseTask
from ..notifications import send_email, sender
from ..selectors.officers import case_followers
from .links import absolute_url


@sender("task_reminder")
def task_reminder(task_id: int) -> None:
    # Only the task and a link: the case's personal data stays behind its scope on the platform.
    task = CaseTask.objects.select_related(
        "case__territory", "case__assigned_to", "assigned_to"
    ).get(pk=task_id)
    assignee = task.assigned_to
    recipients = (
        [assignee] if assignee is not None and assignee.is_active else case_followers(task.case)
    )
    for person in recipients:
        language = person.language or settings.LANGUAGE_CODE
        send_email(
            to=person.email,
            language=language,
            template="task_reminder",
            context={
                "task": task,
                "case": task.case,
                "url": absolute_url("newcomers:case", language, pk=task.case_id),
            },
        )
