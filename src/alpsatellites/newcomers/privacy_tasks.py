"""The retention rule as a task of the platform's one task API (django-tasks), for deployments
that schedule work through their worker rather than cron: enqueue `closed_cases_anonymise_task`
once a day. The management command `anonymise_closed_cases` does the same from cron.
"""

import logging

from django.utils import timezone
from django_tasks import task

from .services.erasure import closed_cases_anonymise

logger = logging.getLogger(__name__)


@task()
def closed_cases_anonymise_task() -> int:
    count = closed_cases_anonymise(now=timezone.now())
    logger.info("retention: %s closed case(s) anonymised", count)
    return count
