"""Background work of the observatory: building a decision report's PDF."""

from django_tasks import task

from .services.reports import report_build


@task()
def decision_report_build(report_id: int) -> None:
    """Build the PDF of the report (a failure is recorded on the report, then raised)."""
    report_build(report_id=report_id)
