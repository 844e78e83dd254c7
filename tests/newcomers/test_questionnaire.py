"""The needs questionnaire: steps without an account, saved in the session, bounds from LIMITS."""

import pytest
from django.urls import reverse
from django.utils import translation

from alpsatellites.matching.profile import Importance, Season, WorkStatus
from alpsatellites.newcomers.profile_session import profile_load

pytestmark = pytest.mark.django_db

SLUG = "grand-brianconnais"
ANSWERS = {
    "household": {"adults": "2", "number_of_children": "2", "children_ages": "4, 9"},
    "work": {
        "work_status": "employee",
        "employer_location": "Lyon",
        "office_days_per_month": "4",
        "partner_job_search": "on",
        "partner_sector": "nursing",
    },
    "needs": {
        "fibre": "must",
        "station": "nice",
        "station_minutes": "30",
        "school": "must",
        "school_minutes": "20",
        "childcare": "nice",
        "health": "must",
        "health_minutes": "15",
        "coworking": "nice",
        "coworking_minutes": "20",
        "altitude": "no",
        "max_altitude_m": "1500",
        "housing": "must",
        "housing_budget": "1200",
    },
    "practicalities": {"arrival_season": "summer", "languages": ["fr", "en"]},
}


def step_url(step):
    with translation.override("en"):
        return reverse("newcomers:questionnaire-step", args=[SLUG, step])


def start_url():
    with translation.override("en"):
        return reverse("newcomers:questionnaire", args=[SLUG])


def answer(client, step, **changes):
    return client.post(step_url(step), {**ANSWERS[step], **changes})


def test_whole_questionnaire_without_an_account(client, grand_brianconnais):
    assert client.get(start_url()).url == step_url("household")
    page = client.get(step_url("household")).content.decode()
    assert "Step 1 of 4" in page and 'aria-current="step"' in page
    steps = list(ANSWERS)
    for position, step in enumerate(steps):
        response = answer(client, step)
        following = steps[position + 1] if position + 1 < len(steps) else "summary"
        assert response.status_code == 302 and response.url == step_url(following)
    profile = profile_load(client, SLUG)
    assert profile.adults == 2 and profile.children_ages == (4, 9)
    assert profile.work_status == WorkStatus.EMPLOYEE and profile.office_days_per_month == 4
    assert profile.partner_job_search and profile.partner_sector == "nursing"
    assert profile.fibre == Importance.MUST and profile.housing_budget == 1200
    assert profile.arrival_season == Season.SUMMER and profile.languages == ("fr", "en")
    summary = client.get(step_url("summary")).content.decode()
    assert "Lyon" in summary and "Summer" in summary and "French, English" in summary
    # Without the matches page yet, confirming comes back to the summary.
    response = client.post(step_url("summary"), {"next": "matches"})
    assert response.status_code == 302
    assert client.get(start_url()).url == step_url("summary")


def test_progress_is_kept_and_a_visitor_resumes_where_they_stopped(client, grand_brianconnais):
    answer(client, "household")
    assert client.get(start_url()).url == step_url("work")
    page = client.get(step_url("household")).content.decode()
    assert 'value="4, 9"' in page  # answers come back when going back
    page = client.get(step_url("work")).content.decode()
    assert "Step 2 of 4" in page and f'href="{step_url("household")}"' in page


@pytest.mark.parametrize(
    ("step", "changes", "field"),
    [
        ("household", {"number_of_children": "-1", "children_ages": ""}, "number_of_children"),
        ("household", {"adults": "0"}, "adults"),
        ("household", {"children_ages": "4, 30"}, "children_ages"),
        ("household", {"children_ages": "4, x"}, "children_ages"),
        ("household", {"number_of_children": "3"}, "children_ages"),
        ("work", {"office_days_per_month": "45"}, "office_days_per_month"),
        ("work", {"work_status": "astronaut"}, "work_status"),
        ("needs", {"station_minutes": "1800"}, "station_minutes"),
        ("needs", {"max_altitude_m": "9000"}, "max_altitude_m"),
        ("needs", {"housing_budget": ""}, "housing_budget"),
        ("needs", {"fibre": "maybe"}, "fibre"),
        ("practicalities", {"languages": ["xx"]}, "languages"),
    ],
)
def test_impossible_answers_get_field_error(client, grand_brianconnais, step, changes, field):
    response = answer(client, step, **changes)
    assert response.status_code == 400
    assert field in response.context["form"].errors
    page = response.content.decode()
    assert f'id="id_{field}_error"' in page
    assert profile_load(client, SLUG) is None  # nothing half-saved


def test_error_is_tied_to_its_input(client, grand_brianconnais):
    page = answer(client, "work", office_days_per_month="45").content.decode()
    tag = page.split('name="office_days_per_month"')[0].rsplit("<input", 1)[1]
    tag += page.split('name="office_days_per_month"')[1].split(">", 1)[0]
    assert (
        'aria-describedby="id_office_days_per_month_helptext id_office_days_per_month_error"' in tag
    )
    assert 'aria-invalid="true"' in tag


def test_radio_groups_are_fieldsets_with_legends(client, grand_brianconnais):
    page = client.get(step_url("needs")).content.decode()
    assert page.count("<fieldset") == 8 and page.count("<legend>") == 8
    assert page.count('type="radio"') == 24


def test_unknown_step_and_territory_are_404(client, grand_brianconnais):
    assert client.get(step_url("nope")).status_code == 404
    assert client.get("/en/t/nowhere/settle/needs/").status_code == 404


def test_summary_without_answers_starts_the_questionnaire(client, grand_brianconnais):
    assert client.get(step_url("summary")).url == step_url("household")


def test_start_again_forgets_the_answers(client, grand_brianconnais):
    for step in ANSWERS:
        answer(client, step)
    response = client.post(step_url("summary"), {"next": "restart"})
    assert response.url == step_url("household")
    assert profile_load(client, SLUG) is None
    assert client.get(start_url()).url == step_url("household")


def test_steps_read_in_french(client, grand_brianconnais):
    with translation.override("fr"):
        url = reverse("newcomers:questionnaire-step", args=[SLUG, "practicalities"])
    page = client.get(url).content.decode()
    assert '<html lang="fr">' in page and "anglais" in page.lower()
