"""Objections exported for the reviewers as a workbook that the training reads back."""

from __future__ import annotations

from io import BytesIO

import pytest
from django.test import Client
from openpyxl import load_workbook

from shuzhi.core.workbook import WorkbookInvalid
from shuzhi.reports import services
from shuzhi.reports.checks import Category
from shuzhi.reports.checks.feedback import OBJECTIONS, LabelledSentence, read_objections
from shuzhi.reports.checks.training import main as training_main
from shuzhi.reports.checks.training import sentence_accuracy, train
from tests.factories import make_user
from tests.reports.conftest import drafted

pytestmark = pytest.mark.django_db
SENTENCE = "二是镇党委对流动党员的联系仍停留在微信群通知，没有建立一人一档。"


def _download(user, query: str = "") -> bytes:  # type: ignore[no-untyped-def]
    client = Client()
    client.force_login(user)
    response = client.get(f"/reports/objections.xlsx{query}")
    assert response.status_code == 200
    return response.content


def _object(review, correct_section: str = "causes"):  # type: ignore[no-untyped-def]
    report = drafted(review)
    return services.object_to_finding(
        actor=review.secretary,
        report=report,
        rule="causes",
        text=SENTENCE,
        reason="这是工作方法上的主观原因。",
        section="problems",
        correct_section=correct_section,
    )


def test_a_reviewer_downloads_the_objections_and_training_reads_them_as_labels(review):
    _object(review)
    content = _download(review.step1)
    sheet = load_workbook(BytesIO(content))[OBJECTIONS.name]
    header = [c.value for c in sheet[1]]
    row = dict(zip(header, [c.value for c in sheet[2]], strict=True))
    assert row["所指句子"] == SENTENCE and row["检查项"] == "原因剖析"
    assert row["检查时计入"] == "存在问题" and row["应属部分"] == "原因剖析"
    assert row["用于训练"] == "是" and row["误判理由"] == "这是工作方法上的主观原因。"
    # A structured report: the sentence stands in the problems part, after the achievements.
    assert 0 < row["在全文位置（%）"] < 100
    [sentence] = read_objections(BytesIO(content))
    assert sentence.text == SENTENCE and sentence.category is Category.CAUSES
    assert sentence.position == pytest.approx(row["在全文位置（%）"] / 100)


def test_the_export_keeps_to_the_reviewers_scope_and_round(review):
    _object(review)
    assert load_workbook(BytesIO(_download(review.outsider)))[OBJECTIONS.name].max_row == 1
    other_round = f"?round={review.round.pk + 1000}"
    assert (
        load_workbook(BytesIO(_download(review.step1, other_round)))[OBJECTIONS.name].max_row == 1
    )
    assert load_workbook(BytesIO(_download(review.step3)))[OBJECTIONS.name].max_row == 2


def test_a_reviewers_no_or_an_unlabelled_row_is_not_training_data(review):
    _object(review, correct_section="")
    content = _download(review.step1)
    assert read_objections(BytesIO(content)) == []  # proposed 用于训练 否: no part was named
    book = load_workbook(BytesIO(content))
    sheet = book[OBJECTIONS.name]
    header = [c.value for c in sheet[1]]
    sheet.cell(2, header.index("用于训练") + 1, "是")  # the reviewer says yes but names no part
    edited = BytesIO()
    book.save(edited)
    with pytest.raises(WorkbookInvalid, match="第 2 行「应属部分」：用于训练的句子须写明应属部分"):
        read_objections(BytesIO(edited.getvalue()))


def test_the_page_offers_the_export_to_reviewers_only(review, small_city):
    viewer = make_user("county_viewer", "viewer", small_city.county_a)
    for user, shown in ((review.step1, True), (review.step2, True), (viewer, False)):
        client = Client()
        client.force_login(user)
        assert ('data-testid="objections-export"' in client.get("/reports/").text) is shown


def test_labelled_sentences_teach_the_model_their_parts():
    words = {
        Category.ACHIEVEMENTS: "全年建成示范点，获评先进集体",
        Category.PROBLEMS: "台账记录流于形式，走访次数偏少",
        Category.RECTIFICATION: "下一步将建立台账，每月走访一次",
    }
    sentences = [
        LabelledSentence(f"{text}{n}。", category, position=0.5)
        for category, text in words.items()
        for n in range(4)
    ]
    model = train([], epochs=8, sentences=sentences)
    assert sentence_accuracy(sentences, model) == 1.0
    untaught = train([], epochs=8, sentences=sentences[:4])  # only achievements taught
    assert sentence_accuracy(sentences, untaught) < 0.5


def test_the_training_command_learns_from_an_exported_workbook(review, tmp_path, capsys):
    _object(review)
    workbook = tmp_path / "误判反馈.xlsx"
    workbook.write_bytes(_download(review.step1))
    output = tmp_path / "model.tsv"
    training_main(["--objections", str(workbook), "--output", str(output)])
    printed = capsys.readouterr().out
    assert "误判反馈句子 1 句" in printed and "误判反馈句子按新模型归入应属部分：100.0%" in printed
    assert output.read_text(encoding="utf-8").startswith("# feature")


def test_a_bad_workbook_trains_nothing(tmp_path):
    bad = tmp_path / "bad.xlsx"
    bad.write_bytes(b"not a workbook")
    output = tmp_path / "model.tsv"
    with pytest.raises(SystemExit, match="误判反馈工作簿有误，未训练"):
        training_main(["--objections", str(bad), "--output", str(output)])
    assert not output.exists()
