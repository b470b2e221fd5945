"""The pure checks on realistic reports: each rule is broken by some text and kept by another."""

from __future__ import annotations

from shuzhi.reports.checks import (
    Category,
    CheckSettings,
    CopyIndex,
    Signature,
    Status,
    check_report,
    from_sections,
    from_text,
    shares,
)
from shuzhi.reports.checks.phrases import read_phrases
from tests.reports.texts import (
    BOASTFUL_SECTIONS,
    COPIED_SECTIONS,
    EMPTY_TALK_TEXT,
    GOOD_SECTIONS,
    NO_HEADINGS_TEXT,
    PRIOR_ITEMS,
)

SETTINGS = CheckSettings()


def _index_with(key: str, label: str, sections: dict[str, str]) -> CopyIndex:
    index = CopyIndex(SETTINGS)
    index.add(key, label, Signature.of(from_sections(sections).text, SETTINGS))
    return index


def test_good_report_passes_every_check():
    result = check_report(from_sections(GOOD_SECTIONS), prior_items=PRIOR_ITEMS)
    statuses = {f.rule: f.status for f in result.findings}
    assert statuses == {
        "shares": Status.PASS,
        "density": Status.PASS,
        "phrases": Status.PASS,
        "copying": Status.PASS,
        "responsiveness": Status.PASS,
        "placeholders": Status.PASS,
        "examples": Status.PASS,
        "first_person": Status.PASS,
        "causes": Status.PASS,
        "pairing": Status.PASS,
    }, [f.message for f in result.findings]


def test_boastful_report_fails_the_shares_and_names_the_achievements():
    finding = check_report(from_sections(BOASTFUL_SECTIONS)).by_rule("shares")
    assert finding is not None and finding.status is Status.FAIL
    assert "成绩占" in finding.message and "不超过 33%" in finding.message
    assert finding.passages and all(p.section == "工作成绩" for p in finding.passages[:1])
    assert finding.figures["achievements"] > 0.6


def test_uploaded_report_is_split_by_its_headings():
    document = from_text(EMPTY_TALK_TEXT)
    assert not document.structured
    assert "思想认识不到位" in document.section_text(Category.PROBLEMS)
    assert "重业务轻党建" in document.section_text(Category.CAUSES)
    assert "钉钉子精神" in document.section_text(Category.RECTIFICATION)
    assert "奋力开创新局面" in document.section_text(Category.COMMITMENTS)
    assert "高度重视" in document.section_text(Category.ACHIEVEMENTS)
    # Headings themselves count for nothing.
    assert "下一步工作措施" not in document.section_text(Category.RECTIFICATION)


def test_empty_talk_fails_density_and_phrases_with_the_passages():
    result = check_report(from_text(EMPTY_TALK_TEXT))
    density = result.by_rule("density")
    phrases = result.by_rule("phrases")
    assert density is not None and density.status is Status.FAIL
    assert any("层层压实责任" in p.text for p in density.passages)
    assert phrases is not None and phrases.status is Status.FAIL
    assert phrases.figures["generic_share"] > 0.5
    assert any("套话：" in p.note and "高度重视" in p.note for p in phrases.passages)


def test_text_without_headings_is_classified_sentence_by_sentence():
    document = from_text(NO_HEADINGS_TEXT)
    assert "17名失联" in document.section_text(Category.PROBLEMS)
    assert "究其原因" in document.section_text(Category.CAUSES)
    assert "每季度到松林村" in document.section_text(Category.RECTIFICATION)
    share = shares(document)
    assert share[Category.ACHIEVEMENTS] < 0.2
    finding = check_report(document).by_rule("shares")
    assert finding is not None and finding.status is Status.PASS, finding.message


def test_copied_passage_is_shown_beside_its_source():
    index = _index_with("report:1", "同轮次：青石镇党委", GOOD_SECTIONS)
    finding = check_report(from_sections(COPIED_SECTIONS), index=index).by_rule("copying")
    assert finding is not None and finding.status is Status.FAIL
    pair = finding.pairs[0]
    assert pair.source == "同轮次：青石镇党委" and pair.similarity >= 0.5
    assert "松林村两委班子" in pair.ours.text and "东坪村两委班子" in pair.theirs.text


def test_a_report_is_not_its_own_copy():
    index = _index_with("report:1", "本人", GOOD_SECTIONS)
    result = check_report(from_sections(GOOD_SECTIONS), index=index, exclude=["report:1"])
    assert result.by_rule("copying").status is Status.PASS  # type: ignore[union-attr]


def test_unanswered_prior_items_are_listed():
    finding = check_report(from_sections(BOASTFUL_SECTIONS), prior_items=PRIOR_ITEMS).by_rule(
        "responsiveness"
    )
    assert finding is not None and finding.status is Status.FAIL
    assert finding.figures == {"items": 3, "answered": 0}
    assert "东坪村两委班子" in finding.message


def test_an_explicit_answer_counts_for_its_item():
    answers = {"problem:1": "东坪村已于今年5月完成班子调整，整顿达标。"}
    finding = check_report(
        from_sections(BOASTFUL_SECTIONS), prior_items=PRIOR_ITEMS, answers=answers
    ).by_rule("responsiveness")
    assert finding is not None and finding.figures["answered"] == 1


def test_good_report_answers_each_item_with_its_passage():
    finding = check_report(from_sections(GOOD_SECTIONS), prior_items=PRIOR_ITEMS).by_rule(
        "responsiveness"
    )
    assert finding is not None
    notes = {p.note: p.text for p in finding.passages}
    assert "西岭村" in notes["回应：" + PRIOR_ITEMS[1].text]


def test_phrase_list_is_extensible():
    extra = read_phrases(["# 注释", "", "党建引领发展"])
    assert extra == ("党建引领发展",)
    plain = check_report(from_sections(BOASTFUL_SECTIONS)).by_rule("phrases")
    more = check_report(from_sections(BOASTFUL_SECTIONS), extra_phrases=extra).by_rule("phrases")
    assert plain is not None and more is not None
    assert more.figures["stock_phrases"] == plain.figures["stock_phrases"] + 1


def test_thresholds_are_settings():
    strict = CheckSettings(min_data_per_thousand=200.0)
    finding = check_report(from_sections(GOOD_SECTIONS), settings=strict).by_rule("density")
    assert finding is not None and finding.status is Status.FAIL


def test_result_serialises_for_json():
    data = check_report(from_sections(GOOD_SECTIONS)).as_dict()
    assert data["worst"] in {"pass", "warn", "fail"}
    assert {f["rule"] for f in data["findings"]} >= {"shares", "copying"}
