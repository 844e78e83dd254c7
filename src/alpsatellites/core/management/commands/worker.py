"""`alpsatellites worker`: runs the background tasks that production stores in the database.

The database worker of django-tasks-db under the platform's own name, so that a deployment's
process list reads `alpsatellites web` / `alpsatellites worker` whatever queue is behind them.
"""

from argparse import ArgumentTypeError

from django_tasks import task_backends
from django_tasks_db.backend import DatabaseBackend
from django_tasks_db.management.commands import db_worker


def database_backend(alias: str) -> str:
    backend = task_backends[alias]
    if not isinstance(backend, DatabaseBackend):
        raise ArgumentTypeError(
            f"the task backend {alias!r} is {type(backend).__module__}.{type(backend).__name__}, "
            "which runs tasks without a worker; set TASKS_BACKEND=database to queue them in the "
            "database for this worker"
        )
    return alias


class Command(db_worker.Command):
    help = "Run the background tasks queued in the database (TASKS_BACKEND=database)."

    def add_arguments(self, parser):
        super().add_arguments(parser)
        for action in parser._actions:
            if action.dest == "backend_name":
                action.type = database_backend
