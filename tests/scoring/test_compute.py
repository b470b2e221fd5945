from datetime import date
from decimal import Decimal
from io import BytesIO

import pytest
from django.core.exceptions import ValidationError
from django.test import Client
from openpyxl import load_workbook

from shuzhi.audit.models import AuditEntry
from shuzhi.core import progress
from shuzhi.core.events import interviews_required
from shuzhi.rounds.models import Indicator
from shuzhi.scoring import engine, queries
from shuzhi.scoring.computing import AUDITED, PROGRESS, store_results
from shuzhi.scoring.gather import engine_inputs
from shuzhi.scoring.models import Computation, Result
from shuzhi.scoring.publication import publish_results
from shuzhi.scoring.services import enter_score, record_assessment
from tests.scoring.helpers import scored_round, vetoed_round
from tests.signals import isolated

pytestmark = pytest.mark.django_db


def test_stored_results_are_the_engines_outcomes(small_city, city_admin, compute):
    round_, reporters = scored_round(small_city, city_admin)
    compute(round_, city_admin)
    assert Computation.objects.get().status == Computation.Status.DONE
    expected = engine.compute(*engine_inputs(round_)).by_reporter()
    for result in Result.objects.filter(round=round_):
        outcome = expected[str(result.reporter_id)]
        assert result.composite == outcome.composite
        assert (result.rank, result.grade, result.class_number) == (
            outcome.rank,
            outcome.grade.value,
            outcome.klass,
        )
        lines = queries.stored_breakdown(result, queries.line_context(round_))
        total = sum(Decimal(line["points"]) for line in lines)
        assert total == result.composite
    first, second = (Result.objects.get(reporter=r) for r in reporters)
    assert (first.rank, second.rank) == (1, 2) and second.interview and not first.interview


def test_a_veto_is_applied_with_its_reason(small_city, city_admin, compute):
    _, reporters = vetoed_round(small_city, city_admin, compute)
    result = Result.objects.get(reporter=reporters[0])
    assert result.grade in ("adequate", "poor") and result.veto == "cap_grade"
    assert "发生重大责任事故" in result.veto_reason


def test_an_engine_error_is_reported_and_nothing_is_stored(small_city, city_admin, compute):
    round_, _ = scored_round(small_city, city_admin)
    # A maximum lowered below points already entered: the engine refuses the whole round.
    Indicator.objects.filter(round=round_, code="1.1").update(max_points=Decimal(10))
    compute(round_, city_admin)
    computation = Computation.objects.get()
    assert computation.status == Computation.Status.FAILED and "超过满分" in computation.message
    assert not Result.objects.exists()


def test_publication_freezes_and_sends_interviews(small_city, city_admin, compute):
    round_, reporters = scored_round(small_city, city_admin)
    compute(round_, city_admin)
    received = []
    with isolated(interviews_required) as signal:
        signal.subscribe(lambda event: received.extend(event.interviews), uid="test")
        publish_results(
            actor=city_admin, round=round_, starts_on=date(2026, 1, 5), ends_on=date(2026, 1, 11)
        )
    [interview] = received
    assert interview.person_id == reporters[1].person_id and interview.reason == "bottom_rank"
    assert interview.detail == "乡镇组第 2 名（共 2 名）"
    item = Indicator.objects.get(round=round_, code="2")
    with pytest.raises(ValidationError, match="修改必须填写理由"):
        enter_score(actor=city_admin, reporter=reporters[1], indicator=item, points=Decimal(60))
    with pytest.raises(ValidationError, match="修改必须填写理由"):
        compute(round_, city_admin)
    enter_score(
        actor=city_admin,
        reporter=reporters[1],
        indicator=item,
        points=Decimal(60),
        reason="复核发现录入错误",
    )
    compute(round_, city_admin, reason="复核后重新计算")
    changed = AuditEntry.objects.filter(action="scoring.result.compute", reason="复核后重新计算")
    assert changed.exists()
    assert AuditEntry.objects.filter(reason="复核发现录入错误").count() == 1


def test_results_pages_breakdown_sensitivity_and_downloads(small_city, city_admin, compute):
    round_, reporters = scored_round(small_city, city_admin)
    client = Client()
    client.force_login(city_admin)
    compute(round_, city_admin)
    html = client.get(f"/scoring/{round_.pk}/results/").content.decode()
    assert "<svg" in html and "甲一书记" in html and "末位约谈" in html
    detail = client.get(f"/scoring/{round_.pk}/results/{reporters[0].pk}/").content.decode()
    assert "研究部署党建工作" in detail and "现场测评" in detail and "上级评价" in detail
    sensitivity = client.get(f"/scoring/{round_.pk}/sensitivity/")
    assert sensitivity.status_code == 200 and "名述职人的排名不稳健" in sensitivity.content.decode()
    summary = load_workbook(BytesIO(client.get(f"/scoring/{round_.pk}/summary.xlsx").content))
    sheet = summary["乡镇组"]
    assert sheet["A2"].value == "排名" and sheet.freeze_panes == "A3"
    assert [sheet.cell(row=r, column=3).value for r in (3, 4)] == ["甲一书记", "甲二书记"]
    sheet_file = client.get(f"/scoring/{round_.pk}/results/{reporters[0].pk}/sheet.xlsx")
    score_sheet = load_workbook(BytesIO(sheet_file.content))["得分表"]
    assert "得分表" in score_sheet["A1"].value
    every = load_workbook(BytesIO(client.get(f"/scoring/{round_.pk}/score-sheets.xlsx").content))
    assert every.sheetnames == ["C-A1甲一书记", "C-A2甲二书记"]


def test_notice_is_shown_within_the_period_to_signed_in_users_in_scope(
    small_city, city_admin, compute
):
    from tests.factories import make_user

    round_, _ = scored_round(small_city, city_admin)
    compute(round_, city_admin)
    today = date.today()
    publish_results(actor=city_admin, round=round_, starts_on=today, ends_on=today, notice="公示")
    secretary = make_user("sec", "secretary", small_city.town_a1)
    outsider = make_user("out", "viewer", small_city.county_b)
    client = Client()
    client.force_login(secretary)
    page = client.get(f"/scoring/{round_.pk}/notice/").content.decode()
    assert "甲二书记" in page and "公示期" in page
    client.force_login(outsider)
    assert client.get(f"/scoring/{round_.pk}/notice/").status_code == 404


def test_changing_the_notice_needs_a_reason_and_is_audited(small_city, city_admin, compute):
    round_, _ = scored_round(small_city, city_admin)
    compute(round_, city_admin)
    publish_results(
        actor=city_admin, round=round_, starts_on=date(2026, 1, 5), ends_on=date(2026, 1, 11)
    )
    client = Client()
    client.force_login(city_admin)
    url = f"/scoring/{round_.pk}/notice/amend/"
    form = {"starts_on": "2026-01-05", "ends_on": "2026-01-18", "notice": "延长公示"}
    response = client.post(url, form)
    assert response.status_code == 400 and 'value="2026-01-18"' in response.content.decode()
    assert client.post(url, form | {"reason": "收到异议，延长公示期"}).status_code == 302
    entry = AuditEntry.objects.get(action="scoring.publication.amend")
    assert entry.reason == "收到异议，延长公示期"
    assert entry.before["ends_on"] == "2026-01-11" and entry.after["ends_on"] == "2026-01-18"


def test_one_audit_entry_per_computation_lists_each_changed_result(small_city, city_admin, compute):
    round_, reporters = scored_round(small_city, city_admin)
    compute(round_, city_admin)
    [entry] = AuditEntry.objects.filter(action="scoring.result.compute")
    assert entry.object_type == "scoring.Computation" and entry.before == {
        "fields": list(AUDITED),
        "results": {},
    }
    assert entry.after["count"] == entry.after["changed"] == 2
    assert set(entry.after["results"]) == {str(r.pk) for r in reporters}
    compute(round_, city_admin)  # nothing changed: nothing to audit
    assert AuditEntry.objects.filter(action="scoring.result.compute").count() == 1
    item = Indicator.objects.get(round=round_, code="2")
    enter_score(actor=city_admin, reporter=reporters[1], indicator=item, points=Decimal(59))
    compute(round_, city_admin)
    latest = AuditEntry.objects.filter(action="scoring.result.compute").order_by("-pk").first()
    changed = str(reporters[1].pk)
    assert list(latest.after["results"]) == [changed] and list(latest.before["results"]) == [
        changed
    ]
    composite = AUDITED.index("composite")
    assert latest.after["results"][changed][composite] == str(
        Result.objects.get(reporter=reporters[1]).composite
    )


def test_the_job_reports_its_progress_and_the_page_shows_it(small_city, city_admin):
    round_, _ = scored_round(small_city, city_admin)
    computation = Computation.objects.create(round=round_, requested_by=city_admin)
    seen: list[tuple[int, str]] = []
    store_results(computation, lambda percent, stage: seen.append((percent, stage)))
    percents = [percent for percent, _ in seen]
    assert percents == sorted(percents) and percents[-1] == 100
    assert "写入结果" in [stage for _, stage in seen]
    running = Computation.objects.create(
        round=round_, requested_by=city_admin, status=Computation.Status.RUNNING
    )
    progress.reporter(PROGRESS, running.pk)(60, "写入结果")
    client = Client()
    client.force_login(city_admin)
    html = client.get(f"/scoring/{round_.pk}/computations/{running.pk}/").content.decode()
    assert 'value="60"' in html and "写入结果" in html


def _stored(round_) -> dict[int, tuple]:
    return {
        r.reporter_id: (r.pk, r.composite, r.rank, r.computation_id)
        for r in Result.objects.filter(round=round_)
    }


def test_a_recomputation_rewrites_only_the_results_it_changed(small_city, city_admin, compute):
    round_, reporters = scored_round(small_city, city_admin)
    compute(round_, city_admin)
    first = _stored(round_)
    compute(round_, city_admin)  # nothing changed: every row kept as it was
    assert _stored(round_) == first
    # A higher superior score for the leader changes its composite, not its rank nor the other's.
    record_assessment(actor=city_admin, reporter=reporters[0], source="superior", score=Decimal(99))
    compute(round_, city_admin, reason="复核后重新计算")
    after = _stored(round_)
    leader, other = reporters[0].pk, reporters[1].pk
    assert after[other] == first[other]
    assert after[leader][0] != first[leader][0] and after[leader][1] > first[leader][1]
    assert after[leader][3] == Computation.objects.order_by("-pk").first().pk
    expected = engine.compute(*engine_inputs(round_)).by_reporter()
    assert {rid: values[1] for rid, values in after.items()} == {
        int(rid): outcome.composite for rid, outcome in expected.items()
    }


def test_a_result_stored_without_a_fingerprint_is_rewritten(small_city, city_admin, compute):
    round_, reporters = scored_round(small_city, city_admin)
    compute(round_, city_admin)
    stored = Result.objects.get(reporter=reporters[0])
    stored.fingerprint = ""  # written before fingerprints: rewritten, figures unchanged
    stored.save()
    compute(round_, city_admin)
    assert Result.objects.get(reporter=reporters[0]).pk != stored.pk
    assert Result.objects.get(reporter=reporters[0]).composite == stored.composite


def _contents(round_) -> dict[int, tuple]:
    fields = [f.name for f in Result._meta.fields if f.name not in ("id", "computation")]
    return {
        values[0]: values for values in Result.objects.filter(round=round_).values_list(*fields)
    }


def test_results_kept_and_rewritten_equal_a_computation_from_scratch(
    small_city, city_admin, compute
):
    round_, reporters = scored_round(small_city, city_admin)
    compute(round_, city_admin)
    item = Indicator.objects.get(round=round_, code="1.2")
    enter_score(
        actor=city_admin, reporter=reporters[1], indicator=item, points=Decimal(13), reason="复核"
    )
    compute(round_, city_admin, reason="复核后重新计算")
    incremental = _contents(round_)
    Result.objects.filter(round=round_).delete()
    compute(round_, city_admin, reason="从头计算")
    assert _contents(round_) == incremental
