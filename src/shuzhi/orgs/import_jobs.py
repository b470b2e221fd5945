"""Workbook imports as background jobs, with progress shown while they run.

Progress lives in the cache, not in the job row: the import writes in one transaction, and a
row updated inside it would stay invisible to the page polling for progress until the end.
"""

from __future__ import annotations

from typing import Any

from django.core.cache import cache
from django.core.files.uploadedfile import UploadedFile
from django.db import transaction
from django.utils import timezone
from huey.contrib.djhuey import db_task

from shuzhi.accounts.models import User
from shuzhi.core.validators import guard_upload
from shuzhi.orgs.importing import import_workbook
from shuzhi.orgs.models import ImportJob

PROGRESS_TIMEOUT = 60 * 60


def progress_key(job_id: Any) -> str:
    return f"orgs:import-progress:{job_id}"


def start_import(*, actor: User, upload: UploadedFile) -> ImportJob:
    """Store the upload and queue its import; the worker (or, in tests, the caller) runs it."""
    guard_upload(upload)  # before the file is stored: a refused archive leaves nothing behind
    job = ImportJob.objects.create(
        created_by=actor, file=upload, original_name=(upload.name or "workbook.xlsx")[:200]
    )
    cache.set(progress_key(job.pk), (0, "排队中"), PROGRESS_TIMEOUT)
    transaction.on_commit(lambda: run_import_job(str(job.pk)))
    return job


def run_job(job_id: str) -> None:
    job = ImportJob.objects.select_related("created_by").get(pk=job_id)
    if job.status != ImportJob.Status.QUEUED:
        return  # already run: a retried task must not import twice
    ImportJob.objects.filter(pk=job.pk).update(status=ImportJob.Status.RUNNING)

    def report(percent: int, stage: str) -> None:
        cache.set(progress_key(job.pk), (percent, stage), PROGRESS_TIMEOUT)

    with job.file.open("rb") as stream:
        result = import_workbook(actor=job.created_by, stream=stream, progress=report)
    ImportJob.objects.filter(pk=job.pk).update(
        status=ImportJob.Status.SUCCEEDED if result.ok else ImportJob.Status.FAILED,
        summary=result.summary()
        if result.ok
        else f"发现 {len(result.errors)} 处错误，未导入任何数据。",
        errors=[
            {"sheet": e.sheet, "row": e.row, "column": e.column, "message": e.message}
            for e in result.errors
        ],
        finished_at=timezone.now(),
    )


@db_task(retries=0)
def run_import_job(job_id: str) -> None:
    run_job(job_id)


def progress_of(job: ImportJob) -> tuple[int, str]:
    if job.is_finished:
        return 100, job.get_status_display()
    value = cache.get(progress_key(job.pk))
    return value if value is not None else (0, job.get_status_display())
