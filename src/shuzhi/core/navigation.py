"""The navigation shell that every app plugs into.

An app lists its entries in its AppConfig as ``navigation = [NavItem(...)]``; the shell shows
an entry only to users who hold its permission somewhere in the organisation tree.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass

from django.apps import apps
from django.urls import NoReverseMatch, reverse


@dataclass(frozen=True)
class NavItem:
    label: str
    url_name: str
    permission: str | None = None
    order: int = 100


@dataclass(frozen=True)
class NavLink:
    label: str
    url: str
    active: bool


def registered_items() -> list[NavItem]:
    items: list[NavItem] = []
    for config in apps.get_app_configs():
        items.extend(getattr(config, "navigation", ()))
    return sorted(items, key=lambda item: (item.order, item.label))


def links_for(path: str, permissions: Iterable[str], is_superuser: bool) -> list[NavLink]:
    held = set(permissions)
    links = []
    for item in registered_items():
        if item.permission and not is_superuser and item.permission not in held:
            continue
        try:
            url = reverse(item.url_name)
        except NoReverseMatch:
            continue
        active = path.startswith(url) if url != "/" else path == "/"
        links.append(NavLink(label=item.label, url=url, active=active))
    return links
