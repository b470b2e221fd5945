from __future__ import annotations

from huey.contrib.djhuey import db_task

from shuzhi.orgs.import_jobs import run_job


@db_task(retries=0)
def run_import_job(job_id: str) -> None:
    run_job(job_id)
