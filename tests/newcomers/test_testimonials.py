"""Testimonials: submitted by a signed-in person with consent, shown only once published."""

import pytest
from django.urls import reverse
from django.utils import translation

from alpsatellites.newcomers import models
from alpsatellites.newcomers.welcome_forms import CONSENT_WORDING
from tests.factories import UserFactory

pytestmark = pytest.mark.django_db

SLUG = "grand-brianconnais"


def form_url(language="en"):
    with translation.override(language):
        return reverse("newcomers:testimonial-new", args=[SLUG])


def post(client, **changes):
    data = {
        "signature": "Claire, designer",
        "quote": "We love it <b>here</b>",
        "consent": "on",
        **changes,
    }
    return client.post(form_url(), data)


def test_anonymous_is_sent_to_sign_in(client, grand_brianconnais):
    response = client.get(form_url())
    assert response.status_code == 302 and "/accounts/login/" in response.url
    assert post(client).status_code == 302
    assert not models.Testimonial.objects.exists()


def test_submission_records_consent_and_waits_for_moderation(client, grand_brianconnais):
    person = UserFactory()
    client.force_login(person)
    commune = grand_brianconnais.communes.get(code="05023")
    response = post(client, commune=commune.pk)
    assert response.status_code == 302
    testimonial = models.Testimonial.objects.get()
    assert testimonial.status == models.TestimonialStatus.PENDING
    assert testimonial.author == person and testimonial.commune == commune
    assert testimonial.language == "en"
    consent = models.Consent.objects.get()
    assert consent.purpose == models.ConsentPurpose.TESTIMONIAL and consent.user == person
    with translation.override("en"):
        assert consent.wording == str(CONSENT_WORDING)
    assert consent.language == "en" and testimonial.consent_given_at == consent.given_at
    # Not on the page until a moderator publishes it.
    client.logout()
    with translation.override("en"):
        page = client.get(reverse("newcomers:welcome", args=[SLUG])).content.decode()
    assert "We love it" not in page


def test_consent_is_required(client, grand_brianconnais):
    client.force_login(UserFactory())
    response = post(client, consent="")
    assert response.status_code == 400 and "consent" in response.context["form"].errors
    assert not models.Testimonial.objects.exists() and not models.Consent.objects.exists()


def test_another_territorys_commune_is_refused(client, grand_brianconnais, evancon):
    client.force_login(UserFactory())
    response = post(client, commune=evancon.communes.first().pk)
    assert response.status_code == 400 and "commune" in response.context["form"].errors


def test_one_pending_testimonial_at_a_time(client, grand_brianconnais):
    client.force_login(UserFactory())
    post(client)
    response = post(client, quote="Again")
    assert response.status_code == 400
    assert models.Testimonial.objects.count() == 1 and models.Consent.objects.count() == 1


def test_french_form_records_french_wording(client, grand_brianconnais):
    client.force_login(UserFactory())
    with translation.override("fr"):
        client.post(form_url("fr"), {"signature": "Lou", "quote": "Merci", "consent": "on"})
        expected = str(CONSENT_WORDING)
    consent = models.Consent.objects.get()
    assert consent.language == "fr" and consent.wording == expected
