"""Thin tasks: a report's id in, `reports.services.report_build` does the work (claimed
first, so a retry or a second delivery never builds twice: hence acks_late)."""

from celery import shared_task

from reports import services


@shared_task(
    acks_late=True,
    reject_on_worker_lost=True,
    soft_time_limit=services.SOFT_TIME_LIMIT,
    time_limit=services.TIME_LIMIT,
)
def build_cycle_report(report_id: int) -> str:
    return services.report_build(report_id=report_id)


@shared_task(
    acks_late=True,
    reject_on_worker_lost=True,
    soft_time_limit=services.SOFT_TIME_LIMIT,
    time_limit=services.TIME_LIMIT,
)
def build_school_report(report_id: int) -> str:
    return services.report_build(report_id=report_id)
