"""Analytics answers no question yet; it only asks (``core.events``)."""

from __future__ import annotations


def connect() -> None:
    """Nothing to connect: kept so the app follows the pattern when it starts answering."""
