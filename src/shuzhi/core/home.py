"""What the home page shows: the current rounds and the signed-in user's work.

Core knows no app. Each app that has work to show names a provider in its AppConfig, as it
names its navigation entries:

    class ReportsConfig(AppConfig):
        home_todos = "shuzhi.reports.queries.home_todos"     # (user, today) -> list[Todo]
    class RoundsConfig(AppConfig):
        home_rounds = "shuzhi.rounds.queries.home_rounds"    # (user, today) -> list[CurrentRound]

A provider reads through its app's queries, scoped to the user's grants, and returns nothing
for work the user's roles do not cover.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from datetime import date
from typing import Any

from django.apps import apps
from django.utils.module_loading import import_string


@dataclass(frozen=True)
class Todo:
    """A count of things waiting for the user, and the list where they are."""

    label: str  # e.g. "待我审核的述职报告"
    count: int
    url: str
    order: int = 100
    urgent: bool = False  # overdue work: shown as a warning when the count is not zero


@dataclass(frozen=True)
class CurrentRound:
    name: str
    hearing_organization: str
    status: str  # e.g. "进行中"
    stage: str  # the stage running today, or what comes next, in Chinese
    url: str


def _providers(attribute: str) -> list[Callable[[Any, date], list[Any]]]:
    paths = [getattr(c, attribute) for c in apps.get_app_configs() if hasattr(c, attribute)]
    return [import_string(path) for path in paths]


def todos_for(user: Any, today: date) -> list[Todo]:
    todos: list[Todo] = []
    for provider in _providers("home_todos"):
        todos.extend(provider(user, today))
    return sorted(todos, key=lambda todo: (todo.order, todo.label))


def current_rounds_for(user: Any, today: date) -> list[CurrentRound]:
    rounds: list[CurrentRound] = []
    for provider in _providers("home_rounds"):
        rounds.extend(provider(user, today))
    return rounds
