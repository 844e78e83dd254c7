"""Decision reports: asked for by a reader of the territory, built in the background as a PDF.

`report_request` records the request and enqueues the build once it commits (the task takes the
report's id); `report_build` renders the report in its language with WeasyPrint and stores the
PDF. A failure marks the report failed (the page says so and offers to ask again) rather than
leaving it "being prepared" for ever.
"""

import logging
import time

from django.core.files.base import ContentFile
from django.db import transaction
from django.template.loader import render_to_string
from django.utils import timezone, translation

from alpsatellites.accounts.models import User
from alpsatellites.core.tasks import enqueue_on_commit
from alpsatellites.observatory.models import DecisionReport, ReportStatus
from alpsatellites.territories.models import Grouping, Territory

logger = logging.getLogger(__name__)


@transaction.atomic
def report_request(
    *, territory: Territory, grouping: Grouping | None, language: str, user: User
) -> DecisionReport:
    """Record a report to build and start building it once the request commits."""
    from alpsatellites.observatory.tasks import decision_report_build

    report = DecisionReport.objects.create(
        territory=territory, grouping=grouping, language=language, requested_by=user
    )
    enqueue_on_commit(decision_report_build, report.pk)
    return report


def report_pdf(report: DecisionReport) -> bytes:
    """The report as PDF bytes, in its language."""
    from weasyprint import HTML

    from alpsatellites.observatory.report import report_context

    with translation.override(report.language):
        context = report_context(report.territory, report.grouping)
        html = render_to_string("observatory/report_document.html", {**context, "for_print": True})
    pdf: bytes = HTML(string=html).write_pdf()
    return pdf


def report_build(*, report_id: int) -> DecisionReport:
    """Render the PDF of a pending report and store it (READY), or mark it FAILED."""
    report = DecisionReport.objects.select_related("territory", "grouping").get(pk=report_id)
    started = time.perf_counter()
    try:
        pdf = report_pdf(report)
    except Exception:
        logger.exception("decision_report failed: report=%s", report_id)
        DecisionReport.objects.filter(pk=report_id).update(
            status=ReportStatus.FAILED, finished_at=timezone.now()
        )
        raise
    with transaction.atomic():
        name = f"{report.territory.slug}-{report.pk}-{report.language}.pdf"
        report.pdf.save(name, ContentFile(pdf), save=False)
        report.status = ReportStatus.READY
        report.finished_at = timezone.now()
        report.seconds = time.perf_counter() - started
        report.save(update_fields=["pdf", "status", "finished_at", "seconds"])
    return report
