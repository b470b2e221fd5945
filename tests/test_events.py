"""The cross-app event helpers: typed payloads, one way to subscribe, answers gathered."""

from __future__ import annotations

from dataclasses import dataclass

import pytest

from shuzhi.core.events import Clearance, ClearanceRequest, Event, Question
from tests.signals import isolated


@dataclass(frozen=True)
class Happened:
    what: str


def test_subscribers_get_the_payload_itself() -> None:
    event: Event[Happened] = Event(Happened)
    seen: list[Happened] = []
    event.subscribe(seen.append, uid="test")
    event.subscribe(seen.append, uid="test")  # the same uid connects once
    event.publish(Happened("closed"))
    assert seen == [Happened("closed")]


def test_a_payload_of_another_type_is_refused() -> None:
    event: Event[Happened] = Event(Happened)
    with pytest.raises(TypeError, match="expected Happened"):
        event.publish(ClearanceRequest((1,)))  # type: ignore[arg-type]


def test_ask_collects_the_answers_of_answering_receivers_only() -> None:
    # A question of its own: the real ones have the apps' receivers connected.
    question: Question[ClearanceRequest, dict[int, Clearance]] = Question(ClearanceRequest)
    assert question.ask(ClearanceRequest((1,))) == []
    question.answer_with(lambda r: {rid: Clearance(True) for rid in r.reporter_ids}, uid="a")
    question.answer_with(lambda r: None, uid="abstains")
    assert question.ask(ClearanceRequest((1, 2))) == [{1: Clearance(True), 2: Clearance(True)}]


def test_isolated_detaches_receivers_and_restores_them() -> None:
    question: Question[Happened, str] = Question(Happened)
    question.answer_with(lambda h: "app", uid="app")
    with isolated(question):
        assert question.ask(Happened("x")) == []
        question.answer_with(lambda h: "test", uid="test")
        assert question.ask(Happened("x")) == ["test"]
    assert question.ask(Happened("x")) == ["app"]
