"""This app's background jobs, for the worker's autodiscovery.

Each job is defined beside the work it runs (``computing``), which also queues it, so no
module imports the one that imports it.
"""

from __future__ import annotations

from shuzhi.scoring.computing import run_computation_task

__all__ = ["run_computation_task"]
