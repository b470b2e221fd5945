"""This app's background jobs, for the worker's autodiscovery.

Each job is defined beside the work it runs (``import_jobs``), which also queues it, so no
module imports the one that imports it.
"""

from __future__ import annotations

from shuzhi.orgs.import_jobs import run_import_job

__all__ = ["run_import_job"]
