"""Answers to the cross-app signals of ``core.events``; connected in ``RectificationConfig.ready``."""

from __future__ import annotations

from typing import Any

from shuzhi.core.events import InterviewRequired, PriorItem, RaisedProblem
from shuzhi.rectification import interviews as interview_ledger
from shuzhi.rectification import queries, services


def on_problems_raised(sender: Any, problems: list[RaisedProblem], **kwargs: Any) -> None:
    services.intake_problems(problems)


def on_interviews_required(sender: Any, interviews: list[InterviewRequired], **kwargs: Any) -> None:
    interview_ledger.require_interviews(interviews)


def on_prior_items_requested(
    sender: Any, organization_id: int, year: int, round_id: int | None = None, **kwargs: Any
) -> list[PriorItem]:
    return queries.prior_items(organization_id=organization_id, year=year, round_id=round_id)
