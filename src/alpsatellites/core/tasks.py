"""Background work through one task API: django-tasks, the backport of Django 6's django.tasks.

Where the work runs is a setting (TASKS), not code: the embedded default runs each task at once in
the process that enqueued it; production stores tasks in the database (django-tasks-db) for the
`alpsatellites worker` processes. A deployment that outgrows the database queue switches TASKS
to the RQ or Celery backend of the same API; the tasks and the code that enqueues them stay.

Tasks take ids, never objects: the worker reads the rows as they are when the task runs.
"""

import datetime
import functools
import logging

from django.db import transaction
from django.utils import timezone
from django_tasks.base import Task

logger = logging.getLogger(__name__)

# Seconds before each retry: a mail server that is down for a few minutes or a few hours.
RETRY_DELAYS = (60, 5 * 60, 30 * 60, 2 * 3600)


def enqueue_on_commit(task: Task, *args, **kwargs) -> None:
    """Enqueue `task` once the current transaction commits (at once outside one); never if it
    rolls back.

    robust: a queue that cannot be reached must not turn a committed change into an error page;
    the failure is logged (django.db.backends) and the change stands.
    """
    transaction.on_commit(functools.partial(task.enqueue, *args, **kwargs), robust=True)


def retry_later(task: Task, failures: int, /, *args, **kwargs) -> None:
    """Enqueue `task` again after its `failures`-th failure, later each time where the backend
    can wait (the database queue), at once where it cannot (the immediate backend)."""
    if task.get_backend().supports_defer:
        delay = RETRY_DELAYS[min(failures, len(RETRY_DELAYS)) - 1]
        task = task.using(run_after=timezone.now() + datetime.timedelta(seconds=delay))
    task.enqueue(*args, **kwargs)


def max_attempts() -> int:
    return len(RETRY_DELAYS) + 1
