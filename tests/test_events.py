"""The cross-app event helpers."""

from __future__ import annotations

from django.dispatch import Signal

from shuzhi.core.events import Clearance, gather


def test_gather_collects_answers_of_connected_receivers_only() -> None:
    def clears_everyone(sender: object, reporter_ids: list[int], **_: object) -> dict:
        return {rid: Clearance(cleared=True) for rid in reporter_ids}

    def abstains(sender: object, **_: object) -> None:
        return None

    # A signal of its own: the real ones have the apps' receivers connected.
    clearance_requested = Signal()
    assert gather(clearance_requested, reporter_ids=[1]) == []
    clearance_requested.connect(clears_everyone, weak=False)
    clearance_requested.connect(abstains, weak=False)
    assert gather(clearance_requested, reporter_ids=[1, 2]) == [
        {1: Clearance(cleared=True), 2: Clearance(cleared=True)}
    ]


def test_isolated_detaches_receivers_and_restores_them() -> None:
    from tests.signals import isolated

    signal = Signal()

    def answers(sender: object, **_: object) -> str:
        return "app"

    signal.connect(answers, weak=False)
    with isolated(signal):
        assert gather(signal) == []
        signal.connect(lambda sender, **_: "test", weak=False)
        assert gather(signal) == ["test"]
    assert gather(signal) == ["app"]
