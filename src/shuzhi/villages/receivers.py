"""Answers to the cross-app events of ``core.events``; connected in ``VillagesConfig.ready``."""

from __future__ import annotations


def connect() -> None:
    """Villages answers no question yet; it asks rectification (``ledger_progress_requested``)."""
