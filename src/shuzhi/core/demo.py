"""Demo data hooks: each app adds its part of the demo city after the tree is built.

An app declares ``demo_builder = "shuzhi.app.demo.build_demo"`` (a callable taking ``seed``)
and ``demo_order`` in its AppConfig; builders run in that order, each in its own transaction,
so the round exists before reports, meetings and rectification add to it.
"""

from __future__ import annotations

from collections.abc import Callable

from django.apps import apps
from django.db import transaction
from django.utils.module_loading import import_string


def demo_builders() -> list[tuple[str, Callable[..., object]]]:
    found = []
    for config in apps.get_app_configs():
        path = getattr(config, "demo_builder", None)
        if path:
            found.append((getattr(config, "demo_order", 100), config.verbose_name, path))
    return [(str(name), import_string(path)) for _, name, path in sorted(found)]


def build_app_demos(*, seed: int, report: Callable[[str], None] = lambda _: None) -> None:
    for name, builder in demo_builders():
        report(f"正在生成演示数据：{name}…")
        with transaction.atomic():
            builder(seed=seed)
