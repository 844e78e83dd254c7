"""The "Settle here / Get support" page: slogan, officers by grouping, steps, testimonials."""

import pytest
from django.urls import reverse
from django.utils import timezone, translation

from alpsatellites.accounts.models import Role
from alpsatellites.accounts.services import role_revoke
from alpsatellites.newcomers import models
from alpsatellites.newcomers.models import OfficerProfile
from alpsatellites.setup.default_welcome import SLOGAN, load_default_welcome
from tests.newcomers.factories import make_officer

pytestmark = pytest.mark.django_db

BRIANCONNAIS = "240500439"
ECRINS = "240500462"
QUEYRAS = "200067452"


def url(territory, language="en"):
    with translation.override(language):
        return reverse("newcomers:welcome", args=[territory.slug])


def grouping(territory, official_id):
    return territory.groupings.get(official_id=official_id)


def publish(territory, **fields):
    fields = {
        "signature": "Claire",
        "quote": "We came from Lyon.",
        "language": "fr",
        "status": models.TestimonialStatus.PUBLISHED,
        **fields,
    }
    return models.Testimonial.objects.create(
        territory=territory, consent_given_at=timezone.now(), **fields
    )


@pytest.fixture
def welcome(grand_brianconnais):
    load_default_welcome()
    return grand_brianconnais


def test_page_leads_with_the_slogan_in_each_language(client, welcome):
    for language, slogan in SLOGAN.items():
        page = client.get(url(welcome, language)).content.decode()
        assert f"<h1>{slogan}</h1>" in page
    assert "Vivez où vous voulez et travaillez là où vous vivez" in SLOGAN.values()


def test_without_a_welcome_service_the_page_still_says_who_answers(client, grand_brianconnais):
    response = client.get(url(grand_brianconnais))
    assert response.status_code == 200
    assert response.content.decode().count("team answers you") == 3


def test_officers_are_grouped_with_their_contact(client, welcome):
    officer = make_officer(grouping(welcome, BRIANCONNAIS), name="Camille Arnaud")
    OfficerProfile.objects.filter(user=officer).update(
        phone="04 92 21 00 00", email="camille@example.org", job_title="Chargée d'accueil"
    )
    page = client.get(url(welcome)).content.decode()
    section = page.split('id="grouping-240500439"')[1].split("</section>")[0]
    assert "Camille Arnaud" in section
    assert 'href="tel:+33492210000"' in section
    assert "+33 4 92 21 00 00" in section  # an English reader: international form
    assert 'href="mailto:camille@example.org"' in section
    assert "French" in section and "English" in section
    assert 'role="img" aria-label="No photo: initials of Camille Arnaud">CA<' in section
    # The two other groupings have nobody named: the territory's team answers.
    assert page.count("team answers you") == 2
    french = client.get(url(welcome, "fr")).content.decode()
    assert "04 92 21 00 00" in french and "anglais" in french.lower()


def test_only_public_officers_who_hold_the_role_now(client, welcome):
    hidden = make_officer(grouping(welcome, ECRINS), name="Hidden Person")
    OfficerProfile.objects.filter(user=hidden).update(is_public=False)
    former = make_officer(grouping(welcome, QUEYRAS), name="Former Officer")
    role_revoke(user=former, role=Role.WELCOME_OFFICER, grouping=grouping(welcome, QUEYRAS))
    inactive = make_officer(grouping(welcome, QUEYRAS), name="Gone Away", is_active=False)
    page = client.get(url(welcome)).content.decode()
    for name in (hidden.name, former.name, inactive.name):
        assert name not in page


def test_steps_and_calls_to_action(client, welcome):
    page = client.get(url(welcome)).content.decode()
    for step in (
        "Tell us your needs",
        "See where you would fit",
        "Talk to your welcome officer",
        "Try a discovery stay",
        "Settle in",
        "after 6 and 12 months",
    ):
        assert step in page
    assert reverse("newcomers:questionnaire", args=[welcome.slug]) in page


def test_only_published_testimonials_escaped_with_their_language(client, welcome):
    commune = welcome.communes.get(code="05023")
    publish(welcome, quote="<script>alert(1)</script> Super", commune=commune)
    publish(welcome, quote="Pending words", status=models.TestimonialStatus.PENDING)
    publish(welcome, quote="Rejected words", status=models.TestimonialStatus.REJECTED)
    publish(welcome, quote="Wir sind glücklich", language="de", signature="Jonas")
    page = client.get(url(welcome, "fr")).content.decode()
    assert "<script>alert(1)</script>" not in page
    assert "&lt;script&gt;alert(1)&lt;/script&gt; Super" in page
    assert "Briançon" in page.split("&lt;/script&gt; Super")[1].split("</figure>")[0]
    assert "Pending words" not in page and "Rejected words" not in page
    assert '<blockquote lang="de">' in page
    assert '<blockquote lang="fr">' not in page  # the page's own language needs no attribute


def test_query_count_does_not_grow_with_officers_and_testimonials(
    client, welcome, django_assert_num_queries
):
    make_officer(grouping(welcome, BRIANCONNAIS))
    publish(welcome)
    with django_assert_num_queries(5):  # territory, service, groupings, officers, testimonials
        client.get(url(welcome))
    for official_id in (BRIANCONNAIS, ECRINS, QUEYRAS):
        make_officer(grouping(welcome, official_id))
        publish(welcome)
    client.cookies.load({"sessionid": "x"})  # a visitor with a session: never the cached page
    with django_assert_num_queries(5):
        client.get(url(welcome))


def test_page_is_cached_and_renewed_when_a_testimonial_is_moderated(
    client, welcome, django_assert_num_queries, django_capture_on_commit_callbacks
):
    from alpsatellites.newcomers.services.welcome import testimonials_moderate
    from tests.factories import UserFactory

    client.get(url(welcome))
    with django_assert_num_queries(0):
        client.get(url(welcome))
    pending = publish(welcome, quote="Fresh words", status=models.TestimonialStatus.PENDING)
    with django_capture_on_commit_callbacks(execute=True):
        testimonials_moderate(
            testimonials=models.Testimonial.objects.filter(pk=pending.pk),
            moderator=UserFactory(),
            status=models.TestimonialStatus.PUBLISHED,
        )
    assert "Fresh words" in client.get(url(welcome)).content.decode()


def test_unknown_territory_is_404(client, db):
    assert client.get("/en/t/nowhere/settle/").status_code == 404


@pytest.mark.parametrize("name", ["www:territory", "www:commune"])
def test_call_to_action_on_territory_and_commune_pages(client, grand_brianconnais, name):
    args = [grand_brianconnais.slug] + (["05023"] if name == "www:commune" else [])
    with translation.override("en"):
        page = client.get(reverse(name, args=args)).content.decode()
    assert "Thinking of moving here?" in page
    assert f'href="{url(grand_brianconnais)}"' in page


def test_demo_officers_and_example_testimonial_are_flagged(client, welcome):
    from alpsatellites.setup.default_welcome import DEMO_JOB_TITLE, ensure_demo_welcome

    people = ensure_demo_welcome()
    assert ensure_demo_welcome() == people  # idempotent
    assert len(people) == 3 and all(email.endswith("@demo.alpsatellites.eu") for email, _ in people)
    load_default_welcome()  # a re-run keeps what is there
    page = client.get(url(welcome)).content.decode()
    assert page.count(DEMO_JOB_TITLE["en"]) == 3
    french = client.get(url(welcome, "fr")).content.decode()
    assert french.count(DEMO_JOB_TITLE["fr"]) == 3 and DEMO_JOB_TITLE["en"] not in french
    assert "team answers you" not in page
    assert "exemple de témoignage (démo)" in page


def test_call_to_action_on_a_workspace_page(client, grand_brianconnais):
    from tests.workspaces.factories import WorkspaceFactory

    commune = grand_brianconnais.communes.get(code="05023")
    workspace = WorkspaceFactory(commune=commune, territory=grand_brianconnais)
    with translation.override("en"):
        page = client.get(reverse("workspaces:detail", args=[workspace.slug])).content.decode()
    assert "Thinking of moving here?" in page
    assert f'href="{url(grand_brianconnais)}"' in page


def test_a_role_granted_or_revoked_shows_at_once_on_the_cached_page(
    client, welcome, django_capture_on_commit_callbacks
):
    assert "New Officer" not in client.get(url(welcome)).content.decode()  # now cached
    with django_capture_on_commit_callbacks(execute=True):
        officer = make_officer(grouping(welcome, ECRINS), name="New Officer")
    assert "New Officer" in client.get(url(welcome)).content.decode()

    with django_capture_on_commit_callbacks(execute=True):
        role_revoke(user=officer, role=Role.WELCOME_OFFICER, grouping=grouping(welcome, ECRINS))
    assert "New Officer" not in client.get(url(welcome)).content.decode()
