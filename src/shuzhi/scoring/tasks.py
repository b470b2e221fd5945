from __future__ import annotations

from huey.contrib.djhuey import db_task

from shuzhi.scoring.computing import run_computation


@db_task(retries=0)
def run_computation_task(computation_id: int) -> None:
    run_computation(computation_id)
