"""The cross-app event helpers."""

from __future__ import annotations

from shuzhi.core.events import Clearance, gather, report_clearance_requested


def test_gather_collects_answers_of_connected_receivers_only() -> None:
    def clears_everyone(sender: object, reporter_ids: list[int], **_: object) -> dict:
        return {rid: Clearance(cleared=True) for rid in reporter_ids}

    def abstains(sender: object, **_: object) -> None:
        return None

    assert gather(report_clearance_requested, reporter_ids=[1]) == []
    report_clearance_requested.connect(clears_everyone, weak=False)
    report_clearance_requested.connect(abstains, weak=False)
    try:
        assert gather(report_clearance_requested, reporter_ids=[1, 2]) == [
            {1: Clearance(cleared=True), 2: Clearance(cleared=True)}
        ]
    finally:
        report_clearance_requested.disconnect(clears_everyone)
        report_clearance_requested.disconnect(abstains)
