"""Resources priced per seat or for the whole resource; how a workspace is paid.

Meeting rooms already in the database become priced for the whole room: they were multiplied by
the number of people, which no one meant (a 2-hour room for 6 at 20 €/h came to 240 €).
Bookings already made keep the price they were made at.
"""

from django.db import migrations, models


def rooms_per_unit(apps, schema_editor):
    Resource = apps.get_model("workspaces", "Resource")
    Resource.objects.filter(kind="meeting_room").update(price_basis="per_unit")


class Migration(migrations.Migration):
    dependencies = [("workspaces", "0002_translate_resource_names")]

    operations = [
        migrations.AddField(
            model_name="resource",
            name="price_basis",
            field=models.CharField(
                choices=[("per_seat", "Per seat"), ("per_unit", "For the whole resource")],
                default="per_seat",
                help_text=(
                    "Per seat for desks; for the whole resource for a room, whatever the number "
                    "of people."
                ),
                max_length=8,
                verbose_name="prices apply",
            ),
        ),
        migrations.AddField(
            model_name="workspace",
            name="payment",
            field=models.CharField(
                choices=[
                    ("on_site", "On site"),
                    ("invoice", "By invoice"),
                    ("both", "On site or by invoice"),
                ],
                default="on_site",
                help_text="How bookers pay: there is no online payment yet.",
                max_length=10,
                verbose_name="payment",
            ),
        ),
        migrations.RunPython(rooms_per_unit, migrations.RunPython.noop),
    ]
