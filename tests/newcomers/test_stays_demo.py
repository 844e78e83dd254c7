"""The demo's example discovery stay: flagged as an example, upcoming, loaded once."""

import pytest
from django.urls import reverse
from django.utils import translation

from alpsatellites.newcomers.models import DiscoveryStay, StayStatus
from alpsatellites.newcomers.services.stay_pass import pass_check
from alpsatellites.setup.default_stays import load_default_stays
from alpsatellites.workspaces.loading import default_workspaces_load


@pytest.mark.django_db
def test_the_demo_stay_is_an_upcoming_example_loaded_once(client, grand_brianconnais):
    default_workspaces_load()
    load_default_stays()
    load_default_stays()
    stay = DiscoveryStay.objects.get()
    assert stay.status == StayStatus.PUBLISHED
    assert stay.workspace_resource.workspace.slug == "altipolis-briancon"
    pass_check(stay.workspace_resource, stay.starts_on, stay.ends_on)  # the desk can be booked
    for language, mark in (("fr", "[Exemple]"), ("en", "[Example]"), ("de", "[Beispiel]")):
        with translation.override(language):
            page = client.get(reverse("newcomers:stays", args=[grand_brianconnais.slug]))
            assert mark in page.content.decode()
