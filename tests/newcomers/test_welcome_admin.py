"""Back office of the welcome service: each territory's admins moderate only their testimonials
and edit only their welcome service and officers."""

import pytest
from django.urls import reverse
from django.utils import timezone, translation

from alpsatellites.accounts.models import Role
from alpsatellites.accounts.services import role_grant
from alpsatellites.newcomers import models
from alpsatellites.setup.default_welcome import load_default_welcome
from tests.factories import UserFactory
from tests.newcomers.factories import make_officer

pytestmark = pytest.mark.django_db


def admin_of(territory):
    user = UserFactory()
    role_grant(user=user, role=Role.TERRITORY_ADMIN, territory=territory)
    user.refresh_from_db()
    assert user.is_staff
    return user


@pytest.fixture
def pending(grand_brianconnais):
    return models.Testimonial.objects.create(
        territory=grand_brianconnais,
        signature="Claire",
        quote="Pending words",
        language="fr",
        consent_given_at=timezone.now(),
    )


def changelist(model):
    return reverse(f"admin:newcomers_{model}_changelist")


def test_territory_admin_publishes_and_rejects(client, grand_brianconnais, pending):
    moderator = admin_of(grand_brianconnais)
    client.force_login(moderator)
    response = client.post(
        changelist("testimonial"), {"action": "publish", "_selected_action": [pending.pk]}
    )
    assert response.status_code == 302
    pending.refresh_from_db()
    assert pending.status == models.TestimonialStatus.PUBLISHED
    assert pending.moderated_by == moderator and pending.moderated_at is not None
    client.post(changelist("testimonial"), {"action": "reject", "_selected_action": [pending.pk]})
    pending.refresh_from_db()
    assert pending.status == models.TestimonialStatus.REJECTED


def test_another_territorys_admin_can_neither_see_nor_moderate(
    client, grand_brianconnais, evancon, pending
):
    client.force_login(admin_of(evancon))
    page = client.get(changelist("testimonial")).content.decode()
    assert "Claire" not in page
    change = reverse("admin:newcomers_testimonial_change", args=[pending.pk])
    assert client.get(change).status_code == 302  # "does not exist", back to the index
    client.post(changelist("testimonial"), {"action": "publish", "_selected_action": [pending.pk]})
    pending.refresh_from_db()
    assert pending.status == models.TestimonialStatus.PENDING and pending.moderated_by is None


def test_elected_official_reads_but_cannot_moderate(client, grand_brianconnais, pending):
    official = UserFactory(is_staff=True)
    role_grant(user=official, role=Role.ELECTED_OFFICIAL, territory=grand_brianconnais)
    client.force_login(official)
    client.post(changelist("testimonial"), {"action": "publish", "_selected_action": [pending.pk]})
    pending.refresh_from_db()
    assert pending.status == models.TestimonialStatus.PENDING


def test_welcome_service_and_officers_are_scoped(client, grand_brianconnais, evancon):
    load_default_welcome()
    service = models.WelcomeService.objects.get(territory=grand_brianconnais)
    officer = make_officer(grand_brianconnais.groupings.first(), name="Camille Arnaud")
    client.force_login(admin_of(evancon))
    assert "Camille Arnaud" not in client.get(changelist("officerprofile")).content.decode()
    for name, pk in (
        ("welcomeservice", service.pk),
        ("officerprofile", officer.officer_profile.pk),
    ):
        assert client.get(reverse(f"admin:newcomers_{name}_change", args=[pk])).status_code == 302
    client.force_login(admin_of(grand_brianconnais))
    assert "Camille Arnaud" in client.get(changelist("officerprofile")).content.decode()
    response = client.get(reverse("admin:newcomers_welcomeservice_change", args=[service.pk]))
    assert response.status_code == 200


def test_editing_the_slogan_renews_the_cached_page(
    client, grand_brianconnais, django_capture_on_commit_callbacks
):
    load_default_welcome()
    service = models.WelcomeService.objects.get(territory=grand_brianconnais)
    with translation.override("fr"):
        page_url = reverse("newcomers:welcome", args=[grand_brianconnais.slug])
    assert client.get(page_url).status_code == 200  # cached now
    staff = admin_of(grand_brianconnais)
    staff_client = type(client)()
    staff_client.force_login(staff)
    form = staff_client.get(reverse("admin:newcomers_welcomeservice_change", args=[service.pk]))
    data = {
        key: value
        for key, value in form.context["adminform"].form.initial.items()
        if value is not None and key != "territory"
    }
    data["slogan_fr"] = "Un nouveau slogan"
    with django_capture_on_commit_callbacks(execute=True):
        response = staff_client.post(
            reverse("admin:newcomers_welcomeservice_change", args=[service.pk]), data
        )
    assert response.status_code == 302, response.context["adminform"].form.errors
    assert "Un nouveau slogan" in client.get(page_url).content.decode()
