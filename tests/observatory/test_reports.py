"""The decision report: built in the background as a real PDF in the language asked for, and
downloadable by the readers of its territory only."""

import io

import pytest
from django.urls import reverse
from django.utils import translation
from pypdf import PdfReader

from alpsatellites.observatory.models import DecisionReport, ReportStatus
from alpsatellites.observatory.report import MET, NOT_MET, UNKNOWN, report_context
from alpsatellites.observatory.services.reports import report_build
from tests.factories import UserFactory

pytestmark = pytest.mark.django_db(transaction=False)


@pytest.fixture(autouse=True)
def _media(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path


def pdf_text(data: bytes) -> tuple[int, str]:
    reader = PdfReader(io.BytesIO(data))
    return len(reader.pages), "\n".join(page.extract_text() for page in reader.pages)


def request_report(client, user, **data):
    client.force_login(user)
    return client.post(
        reverse("decision:report-new", args=["grand-brianconnais"]),
        {"language": "fr", "grouping": "", **data},
    )


def test_an_official_asks_for_the_report_and_downloads_a_real_pdf(
    client, official, fake_index, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        response = request_report(client, official, language="de")
    report = DecisionReport.objects.get()
    assert response.status_code == 302
    assert response["Location"] == reverse(
        "decision:report", args=["grand-brianconnais", report.pk]
    )
    assert report.status == ReportStatus.READY and report.seconds is not None
    page = client.get(response["Location"])
    assert "Download" in page.content.decode() or "PDF" in page.content.decode()
    download = client.get(reverse("decision:report-pdf", args=["grand-brianconnais", report.pk]))
    assert download.status_code == 200
    assert download["Content-Type"] == "application/pdf"
    data = b"".join(download.streaming_content)
    download.close()
    assert data.startswith(b"%PDF")
    pages, text = pdf_text(data)
    assert pages >= 3
    assert "Grand Briançonnais" in text
    assert "Briançon" in text
    # In the language asked for (the document's language, whatever the page's).
    assert PdfReader(io.BytesIO(data)).trailer["/Root"]["/Lang"] == "de"


def test_a_grouping_report_covers_its_communes_only(official, fake_index, grand_brianconnais):
    grouping = grand_brianconnais.groupings.get(official_id="240500462")
    context = report_context(grand_brianconnais, grouping)
    assert {row.code for row in context["rows"]} == set(
        grouping.communes.values_list("code", flat=True)
    )
    assert context["area_name"] == grouping.name


def test_the_checklist_says_met_not_met_or_unknown_with_evidence(
    official, fake_index, grand_brianconnais
):
    with translation.override("en"):
        checklist = report_context(grand_brianconnais, None)["checklist"]
        items = {str(item.label): item for item in checklist}
    assert all(item.status in (MET, NOT_MET, UNKNOWN) and item.evidence for item in items.values())
    assert items["Elected officials following the project"].status == MET
    assert items["Welcome officers for newcomers"].status == NOT_MET
    assert items["A railway station"].status == UNKNOWN  # no facility file loaded here


def test_another_territorys_official_gets_404(client, official, other_official, fake_index):
    report = DecisionReport.objects.create(
        territory=official.role_assignments.get().territory, language="fr", requested_by=official
    )
    report_build(report_id=report.pk)
    for name in ("decision:report", "decision:report-pdf"):
        path = reverse(name, args=["grand-brianconnais", report.pk])
        client.force_login(other_official)
        assert client.get(path).status_code == 404
        client.force_login(UserFactory())
        assert client.get(path).status_code == 404
        client.logout()
        assert client.get(path).status_code == 302
    # Nor under their own territory's address.
    client.force_login(other_official)
    assert (
        client.get(reverse("decision:report-pdf", args=["elsewhere", report.pk])).status_code == 404
    )
    client.force_login(official)
    response = client.get(reverse("decision:report-pdf", args=["grand-brianconnais", report.pk]))
    assert response.status_code == 200
    response.close()


def test_a_bad_request_is_a_form_error(client, official, fake_index):
    response = request_report(client, official, language="xx", grouping="nope")
    assert response.status_code == 400
    assert set(response.context["form"].errors) == {"language", "grouping"}
    assert not DecisionReport.objects.exists()


def test_a_failed_build_is_recorded(official, fake_index, monkeypatch):
    report = DecisionReport.objects.create(
        territory=official.role_assignments.get().territory, language="fr", requested_by=official
    )

    def broken(report):
        raise RuntimeError("no fonts")

    monkeypatch.setattr("alpsatellites.observatory.services.reports.report_pdf", broken)
    with pytest.raises(RuntimeError):
        report_build(report_id=report.pk)
    report.refresh_from_db()
    assert report.status == ReportStatus.FAILED and not report.pdf


def test_the_report_page_reads_as_html(client, official, fake_index):
    client.force_login(official)
    response = client.get(reverse("decision:report-page", args=["grand-brianconnais"]))
    assert response.status_code == 200
    page = response.content.decode()
    assert "Conditions pour reproduire la démarche" in page  # French, the default language
    assert "<svg" in page and 'role="img"' in page


def test_the_report_of_the_shipped_territory_uses_its_real_data(grand_brianconnais):
    """The real index and the shipped INSEE figures, no stand-in."""
    from alpsatellites.setup.default_indicators import load_default_indicators

    load_default_indicators()
    with translation.override("en"):
        context = report_context(grand_brianconnais, None)
        labels = {str(item.label): item for item in context["checklist"]}
    assert sum(1 for row in context["rows"] if row.score is not None) == 36
    size = context["assumptions"]["household_size"]
    # P22_POP ÷ P22_MEN of the 36 communes: 33 484 ÷ 16 270.
    assert size.status == "cited" and size.value == pytest.approx(2.06, abs=0.01)
    population = next(
        line for line in context["indicator_lines"] if line.indicator.code == "households"
    )
    assert (population.communes_known, population.communes_total) == (36, 36)
    assert labels["A feasibility score for the communes"].status == MET
    assert context["feasibility_map"].svg.count("<path") == 36
