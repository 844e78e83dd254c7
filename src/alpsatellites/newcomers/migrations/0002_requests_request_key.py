"""The welcome request form's idempotency key on WelcomeCase (helper `requests`)."""

from django.conf import settings
from django.db import migrations, models


class Migration(migrations.Migration):
    dependencies = [
        ("newcomers", "0001_initial"),
        migrations.swappable_dependency(settings.AUTH_USER_MODEL),
    ]

    operations = [
        migrations.AddField(
            model_name="welcomecase",
            name="request_key",
            field=models.UUIDField(blank=True, editable=False, null=True),
        ),
        migrations.AddConstraint(
            model_name="welcomecase",
            constraint=models.UniqueConstraint(
                fields=("household", "request_key"), name="welcome_case_request_once"
            ),
        ),
    ]
