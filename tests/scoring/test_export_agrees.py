"""The server and ``shuzhi score`` agree (issue 20): for generated rounds, the results the server
computes and stores equal those ``shuzhi score --json`` prints for the round's exported
workbook — every composite, subtotal, rank, class, grade, honour, interview, veto and pay."""

from __future__ import annotations

import json
from decimal import Decimal
from pathlib import Path

import pytest
from click.testing import CliRunner
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from shuzhi.cli import main
from shuzhi.rounds.services import settings_of
from shuzhi.scoring.computing import store_results
from shuzhi.scoring.gather import engine_inputs
from shuzhi.scoring.models import Computation, Result
from shuzhi.scoring.round_export import round_workbook_bytes
from tests.scoring.test_store_properties import _enter, round_settings, sources, stored_round

pytestmark = pytest.mark.django_db
__all__ = ["stored_round"]  # the fixture, used by name


@st.composite
def more_settings(draw: st.DrawFn) -> dict:
    return draw(round_settings()) | {
        "honours_refill": draw(st.booleans()),
        "tie_rule": draw(st.sampled_from(("up", "down"))),
        "quota_rounding": draw(st.sampled_from(("half_up", "down", "up"))),
        "grading_mode": draw(st.sampled_from(("thresholds", "quota"))),
    }


@settings(
    max_examples=20, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)
@given(entered=st.lists(sources(), min_size=6, max_size=6), values=more_settings())
def test_the_server_and_the_offline_scorer_agree(stored_round, tmp_path_factory, entered, values):
    round_, reporters, actor, second = stored_round
    _enter(round_, reporters, actor, second, entered)
    current = settings_of(round_)
    for name, value in values.items():
        setattr(current, name, value)
    current.save()
    store_results(Computation.objects.create(round=round_, requested_by=actor))
    path = Path(tmp_path_factory.mktemp("export")) / "round.xlsx"
    path.write_bytes(round_workbook_bytes(*engine_inputs(round_)))
    result = CliRunner().invoke(main, ["score", str(path), "--json"])
    assert result.exit_code == 0, result.output
    offline = {r["reporter_id"]: r for r in json.loads(result.stdout)["reporters"]}
    stored = list(Result.objects.filter(round=round_))
    assert len(stored) == len(offline) == len(reporters)
    for row in stored:
        mine = offline[str(row.reporter_id)]
        assert Decimal(mine["composite"]) == row.composite
        assert {k: Decimal(v) for k, v in mine["subtotals"].items()} == {
            k: Decimal(v) for k, v in row.subtotals.items()
        }
        assert (mine["rank"], mine["group_size"], mine["class"], mine["grade"]) == (
            row.rank,
            row.group_size,
            row.class_number,
            row.grade,
        )
        assert (mine["honour"] or "", mine["interview"]) == (row.honour or "", row.interview)
        assert (mine["veto"] or "", mine["veto_reason"]) == (row.veto, row.veto_reason)
        assert Decimal(mine["pay_share"]) == row.pay_bonus_percent
