"""双述双评's sheets: the assessors' scores of a village round and the roll of a democratic
evaluation — templates, all-or-nothing imports, row-numbered Chinese errors, audited."""

from __future__ import annotations

from decimal import Decimal
from io import BytesIO
from typing import Any

import pytest
from django.core.exceptions import ValidationError
from django.test import Client
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from openpyxl import load_workbook

from shuzhi.audit.models import AuditEntry
from shuzhi.core.workbook import WorkbookInvalid
from shuzhi.villages import dual, evaluation
from shuzhi.villages.dual_workbook import ASSESSOR_SCORES, ROLL
from shuzhi.villages.models import AssessorScore, Elector
from tests.factories import make_person
from tests.sheets import workbook_file
from tests.villages.dual_world import CLOSES, DURING, OPENS, open_village_round

pytestmark = pytest.mark.django_db

CADRE, DEPT = "乡镇（街道）干部", "职能部门"


@pytest.fixture
def world(small_city, county_admin):  # type: ignore[no-untyped-def]
    return open_village_round(small_city.town_a1, county_admin)


def scores_file(rows: list[list[Any]]) -> BytesIO:
    return workbook_file({ASSESSOR_SCORES.name: [ASSESSOR_SCORES.headers, *rows]})


def roll_file(rows: list[list[Any]]) -> BytesIO:
    return workbook_file({ROLL.name: [ROLL.headers, *rows]})


def _messages(invalid: pytest.ExceptionInfo[WorkbookInvalid]) -> list[str]:
    return [str(e) for e in invalid.value.errors]


def _scores(world) -> set[tuple[str, str, str, Decimal]]:  # type: ignore[no-untyped-def]
    return {
        (s.village.code, s.kind, s.assessor, s.score)
        for s in AssessorScore.objects.filter(village_round=world.village_round)
    }


# --- Assessors' scores ------------------------------------------------------------------


def test_the_score_template_lists_the_rounds_villages_and_reads_back(world) -> None:  # type: ignore[no-untyped-def]
    client = Client()
    client.force_login(world.actor)
    response = client.get(f"/villages/rounds/{world.village_round.pk}/scores/template.xlsx")
    assert response.status_code == 200
    sheet = load_workbook(BytesIO(response.content))[ASSESSOR_SCORES.name]
    rows = list(sheet.iter_rows(values_only=True))
    assert rows[0] == tuple(ASSESSOR_SCORES.headers)
    assert [r[:2] for r in rows[1:]] == [(v.code, v.name) for v in world.villages]
    # Filled in and sent back, the template imports.
    for r in range(2, len(rows) + 1):
        sheet.cell(r, 3, CADRE)
        sheet.cell(r, 4, "王镇长")
        sheet.cell(r, 5, 80 + r)
    buffer = BytesIO()
    sheet.parent.save(buffer)
    buffer.seek(0)
    upload = client.post(
        f"/villages/rounds/{world.village_round.pk}/scores/import/",
        {"file": _upload(buffer, "scores.xlsx")},
    )
    assert upload.status_code == 302
    assert _scores(world) == {
        (v.code, "township_cadre", "王镇长", Decimal(82 + i)) for i, v in enumerate(world.villages)
    }


def _upload(buffer: BytesIO, name: str) -> Any:
    from django.core.files.uploadedfile import SimpleUploadedFile

    return SimpleUploadedFile(
        name,
        buffer.getvalue(),
        content_type="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
    )


def test_importing_scores_groups_rows_by_assessor_and_is_audited_like_the_form(world) -> None:  # type: ignore[no-untyped-def]
    first, second = world.villages
    n = dual.import_assessor_scores(
        actor=world.actor,
        village_round=world.village_round,
        stream=scores_file(
            [
                [first.code, first.name, CADRE, "王镇长", 85],
                [second.code, second.name, CADRE, "王镇长", "90.5"],
                [first.code, "", DEPT, "县农业农村局", 70],
                [second.code, "", "", "", ""],  # an unfilled template row
            ]
        ),
    )
    assert n == 3
    assert _scores(world) == {
        (first.code, "township_cadre", "王镇长", Decimal(85)),
        (second.code, "township_cadre", "王镇长", Decimal("90.5")),
        (first.code, "department", "县农业农村局", Decimal(70)),
    }
    actions = list(
        AuditEntry.objects.filter(action__startswith="villages.dual.assessor_scores")
        .order_by("pk")
        .values_list("action", flat=True)
    )
    assert actions == [
        "villages.dual.assessor_scores",
        "villages.dual.assessor_scores",
        "villages.dual.assessor_scores_import",
    ]


def test_importing_an_assessor_again_replaces_their_scores(world) -> None:  # type: ignore[no-untyped-def]
    first, second = world.villages
    dual.enter_assessor_scores(
        actor=world.actor,
        village_round=world.village_round,
        kind="township_cadre",
        assessor="王镇长",
        scores={first: Decimal(60), second: Decimal(61)},
    )
    dual.import_assessor_scores(
        actor=world.actor,
        village_round=world.village_round,
        stream=scores_file(
            [[first.code, "", CADRE, "王镇长", 88], [second.code, "", CADRE, "王镇长", 89]]
        ),
    )
    assert _scores(world) == {
        (first.code, "township_cadre", "王镇长", Decimal(88)),
        (second.code, "township_cadre", "王镇长", Decimal(89)),
    }


def test_bad_score_rows_are_listed_by_row_and_nothing_is_written(world, small_city) -> None:  # type: ignore[no-untyped-def]
    first, second = world.villages
    other = small_city.town_a2.children.first()
    with pytest.raises(WorkbookInvalid) as invalid:
        dual.import_assessor_scores(
            actor=world.actor,
            village_round=world.village_round,
            stream=scores_file(
                [
                    [first.code, "", CADRE, "王镇长", 85],  # fine, but not kept
                    [other.code, "", CADRE, "王镇长", 85],
                    [second.code, "", CADRE, "王镇长", 101],
                    [second.code, "", "村民", "李四", 80],
                    [first.code, "", CADRE, "王镇长", 86],
                    [second.code, "", DEPT, "", 80],
                    [second.code, "", DEPT, "县民政局", "八十"],
                    [second.code, "", DEPT, "长" * 51, 80],
                ]
            ),
        )
    assert _messages(invalid) == [
        f"「考评打分」表第 3 行「组织编码」：「{other.code}」不是本次双述双评的村",
        "「考评打分」表第 4 行「得分」：得分应在 0 到 100 之间（收到 101）",
        "「考评打分」表第 5 行「评分人类别」：「村民」不是可选值"
        "（可选：乡镇（街道）干部、职能部门、人大代表、政协委员）",
        f"「考评打分」表第 6 行「组织编码」：评分人「王镇长」对「{first.name}」的打分与第 2 行重复",
        "「考评打分」表第 7 行「评分人」：不能为空",
        "「考评打分」表第 8 行「得分」：「八十」不是数字",
        "「考评打分」表第 9 行「评分人」：评分人不超过 50 字",
    ]
    assert _scores(world) == set()
    assert not AuditEntry.objects.filter(action__startswith="villages.dual.assessor").exists()


def test_a_refusal_of_the_forms_service_keeps_nothing_of_the_sheet(world) -> None:  # type: ignore[no-untyped-def]
    """The service the form uses refuses after 公示; the sheet is refused whole."""
    first, _ = world.villages
    world.village_round.published_on = OPENS.date()
    world.village_round.objections_close_on = OPENS.date()
    world.village_round.save()
    with pytest.raises(ValidationError, match="已经公示"):
        dual.import_assessor_scores(
            actor=world.actor,
            village_round=world.village_round,
            stream=scores_file([[first.code, "", CADRE, "王镇长", 85]]),
        )
    assert _scores(world) == set()


def test_the_round_page_lists_the_import_errors(world) -> None:  # type: ignore[no-untyped-def]
    client = Client()
    client.force_login(world.actor)
    response = client.post(
        f"/villages/rounds/{world.village_round.pk}/scores/import/",
        {"file": _upload(scores_file([["NOPE", "", CADRE, "王镇长", 85]]), "s.xlsx")},
    )
    assert response.status_code == 400
    html = response.content.decode()
    assert "未导入任何数据" in html and "「NOPE」不是本次双述双评的村" in html


@settings(
    max_examples=15, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)
@given(bad=st.sampled_from(["101", "-1", "100.001", "abc", ""]), position=st.integers(0, 3))
def test_one_bad_score_anywhere_writes_nothing(world, bad: str, position: int) -> None:  # type: ignore[no-untyped-def]
    first, second = world.villages
    rows: list[list[Any]] = [
        [v.code, "", kind, name, 70]
        for kind, name in ((CADRE, "甲"), (DEPT, "乙"))
        for v in (first, second)
    ]
    rows[position][4] = bad
    with pytest.raises(WorkbookInvalid) as invalid:
        dual.import_assessor_scores(
            actor=world.actor, village_round=world.village_round, stream=scores_file(rows)
        )
    assert [e.row for e in invalid.value.errors] == [position + 2]
    assert _scores(world) == set()


# --- The roll ---------------------------------------------------------------------------


@pytest.fixture
def roll(world):  # type: ignore[no-untyped-def]
    (found,) = evaluation.open_evaluations(
        actor=world.actor,
        village_round=world.village_round,
        villages=world.villages[:1],
        mode="roll",
        opens_at=OPENS,
        closes_at=CLOSES,
    )
    return found


def _people(village, n: int):  # type: ignore[no-untyped-def]
    return [make_person(f"村民{i}", village, code=f"{village.code}-P{i}") for i in range(n)]


def _roll(found) -> set[tuple[str, str]]:  # type: ignore[no-untyped-def]
    return set(Elector.objects.filter(evaluation=found).values_list("person__code", "category"))


def test_the_roll_template_lists_the_villages_people_and_reads_back(world, roll) -> None:  # type: ignore[no-untyped-def]
    people = _people(world.villages[0], 3)
    evaluation.add_electors(actor=world.actor, evaluation=roll, people=[(people[0], "masses")])
    client = Client()
    client.force_login(world.actor)
    response = client.get(f"/villages/evaluations/{roll.pk}/roll/template.xlsx")
    assert response.status_code == 200
    sheet = load_workbook(BytesIO(response.content))[ROLL.name]
    rows = {r[0]: r for r in list(sheet.iter_rows(values_only=True))[1:]}
    assert rows[people[0].code] == (people[0].code, people[0].name, "群众代表")
    assert rows[people[1].code] == (people[1].code, people[1].name, None)
    # Categories filled in for one more, the others left empty: only that one joins.
    for r in range(2, sheet.max_row + 1):
        if sheet.cell(r, 1).value == people[1].code:
            sheet.cell(r, 3, "党员代表")
    buffer = BytesIO()
    sheet.parent.save(buffer)
    buffer.seek(0)
    upload = client.post(
        f"/villages/evaluations/{roll.pk}/roll/import/", {"file": _upload(buffer, "roll.xlsx")}
    )
    assert upload.status_code == 302
    assert _roll(roll) == {(people[0].code, "masses"), (people[1].code, "member")}


def test_imported_electors_vote_by_the_roll_and_the_import_is_audited(world, roll) -> None:  # type: ignore[no-untyped-def]
    people = _people(world.villages[0], 2)
    added = evaluation.import_electors(
        actor=world.actor,
        evaluation=roll,
        stream=roll_file(
            [[people[0].code, people[0].name, "党员代表"], [people[1].code, "", "群众代表"]]
        ),
    )
    assert added == 2
    assert _roll(roll) == {(people[0].code, "member"), (people[1].code, "masses")}
    receipt = evaluation.vote_by_roll(
        evaluation=roll, name=people[1].name, code=people[1].code, grade="good", now=DURING
    )
    assert len(receipt.receipt) == 20
    assert AuditEntry.objects.filter(action="villages.evaluation.roll_import").exists()


def test_bad_roll_rows_are_listed_by_row_and_nothing_is_written(world, roll, small_city) -> None:  # type: ignore[no-untyped-def]
    village = world.villages[0]
    mine = _people(village, 3)
    outsider = make_person("外村人", world.villages[1], code="OUT-1")
    evaluation.add_electors(actor=world.actor, evaluation=roll, people=[(mine[2], "member")])
    with pytest.raises(WorkbookInvalid) as invalid:
        evaluation.import_electors(
            actor=world.actor,
            evaluation=roll,
            stream=roll_file(
                [
                    [mine[0].code, "", "党员代表"],  # fine, but not kept
                    ["NOSUCH", "", "党员代表"],
                    [outsider.code, "", "党员代表"],
                    [mine[0].code, "", "群众代表"],
                    [mine[1].code, "张冠李戴", "党员代表"],
                    [mine[1].code, "", "村干部"],
                    [mine[2].code, "", "群众代表"],
                ]
            ),
        )
    assert _messages(invalid) == [
        "「民主评议名单」表第 3 行「人员编码」：找不到人员编码「NOSUCH」",
        "「民主评议名单」表第 4 行「人员编码」：「OUT-1」（外村人）不属于本村，不能列入本村名单",
        f"「民主评议名单」表第 5 行「人员编码」：「{mine[0].code}」与第 2 行重复",
        f"「民主评议名单」表第 6 行「姓名」：与人员编码「{mine[1].code}」登记的姓名「{mine[1].name}」不一致",
        "「民主评议名单」表第 7 行「类别」：「村干部」不是可选值（可选：党员代表、群众代表）",
        "「民主评议名单」表第 8 行「类别」：已在名单中，类别为党员代表",
    ]
    assert _roll(roll) == {(mine[2].code, "member")}


def test_the_roll_cannot_be_imported_once_counted_as_on_the_page(world, roll) -> None:  # type: ignore[no-untyped-def]
    """The page's rule (evaluation.add_electors): members may join while voting runs, not after
    counting; the sheet follows it."""
    (person,) = _people(world.villages[0], 1)
    evaluation.count_evaluation(actor=world.actor, evaluation=roll, now=CLOSES)
    roll.refresh_from_db()
    with pytest.raises(ValidationError, match="已经计票"):
        evaluation.import_electors(
            actor=world.actor, evaluation=roll, stream=roll_file([[person.code, "", "党员代表"]])
        )
    assert _roll(roll) == set()


def test_a_slip_evaluation_has_no_roll_sheet(world) -> None:  # type: ignore[no-untyped-def]
    (found,) = evaluation.open_evaluations(
        actor=world.actor,
        village_round=world.village_round,
        villages=world.villages[1:],
        mode="tokens",
        opens_at=OPENS,
        closes_at=CLOSES,
    )
    client = Client()
    client.force_login(world.actor)
    assert client.get(f"/villages/evaluations/{found.pk}/roll/template.xlsx").status_code == 404
    response = client.post(
        f"/villages/evaluations/{found.pk}/roll/import/",
        {"file": _upload(roll_file([["X", "", "党员代表"]]), "r.xlsx")},
    )
    assert response.status_code == 400 and "无需名单" in response.content.decode()


def test_the_page_puts_no_one_from_another_village_on_the_roll(world, roll) -> None:  # type: ignore[no-untyped-def]
    """The same rule as the import, kept by the service the roll page calls."""
    mine = _people(world.villages[0], 1)
    stranger = _people(world.villages[1], 1)
    with pytest.raises(ValidationError, match="不是本村的党员群众"):
        evaluation.add_electors(
            actor=world.actor,
            evaluation=roll,
            people=[(mine[0], "member"), (stranger[0], "masses")],
        )
    assert _roll(roll) == set()
    evaluation.add_electors(actor=world.actor, evaluation=roll, people=[(mine[0], "member")])
    assert _roll(roll) == {(mine[0].code, "member")}
