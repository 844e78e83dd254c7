"""alpsatellites send_task_reminders: e-mail the welcome officers the case tasks that fall due.

Meant for cron, once a day in the morning (see docs); running it twice sends nothing new.
"""

from django.core.management.base import BaseCommand

from alpsatellites.newcomers.services.task_reminders import task_reminders_send


class Command(BaseCommand):
    help = "Remind the assignees of open case tasks due today or overdue (once per task)."

    def handle(self, *args, **options):
        sent = task_reminders_send()
        self.stdout.write(f"Task reminders sent: {sent}.")
