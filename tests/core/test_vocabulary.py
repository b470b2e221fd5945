"""Every label of a concept is the same on the form, the page, the export and the engine:
each place takes its choices from the one vocabulary class (``shuzhi.core.vocabulary``)."""

from __future__ import annotations

import importlib
import pkgutil

import pytest
from django import forms
from django.apps import apps
from django.db import models

from shuzhi.analytics.warnings import WarningLevel
from shuzhi.core import vocabulary
from shuzhi.core.vocabulary.base import Vocabulary
from shuzhi.core.vocabulary.grades import EvaluationGrade, Grade
from shuzhi.core.vocabulary.grading import GradingMode, QuotaRounding, Rounding, TieRule
from shuzhi.core.vocabulary.indicators import IndicatorKind, Listing, VetoEffect
from shuzhi.core.vocabulary.interviews import InterviewReason
from shuzhi.core.vocabulary.sources import (
    ASSESSED_SOURCES,
    ProblemSource,
    ScoreSource,
    VoterCategory,
)
from shuzhi.factfinding.rules import (
    Acknowledgement,
    AuditState,
    RectificationReportState,
    SampleKind,
    VisitKind,
)
from shuzhi.meetings import forms as meeting_forms
from shuzhi.meetings import rules as meeting_rules
from shuzhi.records import forms as records_forms
from shuzhi.records.rules import MeritColor, MeritStatus, TargetMeasure, WorkKind
from shuzhi.rectification import forms as rectification_forms
from shuzhi.rectification.rules import Status
from shuzhi.rounds import forms as round_forms
from shuzhi.rounds import indicator_rules, indicator_sheet
from shuzhi.scoring import engine
from shuzhi.scoring import forms as scoring_forms
from shuzhi.scoring import workbook as scoring_workbook
from shuzhi.scoring.engine.types import source_label
from shuzhi.villages import forms as village_forms
from shuzhi.villages import rules as village_rules

Choices = list[tuple[str, str]]


def _vocabularies() -> list[type[Vocabulary]]:
    found: list[type[Vocabulary]] = []
    for info in pkgutil.iter_modules(vocabulary.__path__):
        module = importlib.import_module(f"{vocabulary.__name__}.{info.name}")
        for value in vars(module).values():
            if (
                isinstance(value, type)
                and issubclass(value, Vocabulary)
                and value is not Vocabulary
            ):
                found.append(value)
    return [
        *dict.fromkeys(found),
        Status,
        *(
            value
            for value in vars(village_rules).values()
            if isinstance(value, type) and issubclass(value, Vocabulary) and value is not Vocabulary
        ),
    ]
    return [*dict.fromkeys(found), Status, WarningLevel]
    return [*dict.fromkeys(found), Status, WorkKind, TargetMeasure, MeritColor, MeritStatus]


def _of(members: object) -> Choices:
    return [(str(value), str(label)) for value, label in members]  # type: ignore[attr-defined]


def _field_choices(model: str, field: str) -> Choices:
    model_field = apps.get_model(model)._meta.get_field(field)
    assert isinstance(model_field, models.Field)
    return _of(model_field.choices)


def _form_choices(form: type[forms.Form], field: str, **kwargs: object) -> Choices:
    bound = form(**kwargs).fields[field]
    assert isinstance(bound, forms.ChoiceField)
    return [c for c in _of(bound.choices) if c[0]]


# (where, the choices shown there, the vocabulary they must come from, which members).
MODEL_FIELDS = [
    ("rounds.Indicator", "kind", IndicatorKind),
    ("rounds.Indicator", "veto_effect", VetoEffect),
    ("rounds.Indicator", "veto_cap_grade", Grade),
    ("rounds.Indicator", "listing", Listing),
    ("rounds.RoundSettings", "grading_mode", GradingMode),
    ("rounds.RoundSettings", "rounding", Rounding),
    ("rounds.RoundSettings", "quota_rounding", QuotaRounding),
    ("rounds.RoundSettings", "tie_rule", TieRule),
    ("scoring.Result", "grade", Grade),
    ("scoring.Result", "veto", VetoEffect),
    ("scoring.OnsiteEvaluation", "voter_category", VoterCategory),
    ("meetings.Ballot", "category", VoterCategory),
    ("rectification.Problem", "source", ProblemSource),
    ("rectification.Interview", "reason", InterviewReason),
    ("rectification.RectificationItem", "status", Status),
    ("factfinding.Visit", "kind", VisitKind),
    ("factfinding.Finding", "acknowledgement", Acknowledgement),
    ("factfinding.Audit", "state", AuditState),
    ("factfinding.Audit", "rectification_state", RectificationReportState),
    ("factfinding.AuditSample", "kind", SampleKind),
    ("villages.VillageScore", "klass", village_rules.VillageClass),
    ("villages.CommitteeMember", "role", village_rules.CommitteeRole),
    ("villages.PaySheetSignOff", "level", village_rules.SignOffLevel),
    ("villages.LaggingOrganization", "kind", village_rules.LaggingKind),
    ("villages.LaggingOrganization", "identified_by", village_rules.IdentifiedBy),
    ("villages.LaggingOrganization", "status", village_rules.ListingStatus),
    ("villages.PointsEntry", "status", village_rules.PointsStatus),
    ("villages.AssessorScore", "kind", village_rules.AssessorKind),
    ("villages.DemocraticEvaluation", "mode", village_rules.EvaluationMode),
    ("villages.EvaluationBallot", "grade", EvaluationGrade),
    ("meetings.Meeting", "kind", meeting_rules.MeetingKind),
    ("records.WorkLog", "kind", WorkKind),
    ("records.WorkTarget", "kind", WorkKind),
    ("records.WorkTarget", "measure", TargetMeasure),
    ("records.MeritRule", "color", MeritColor),
    ("records.MeritRecord", "color", MeritColor),
    ("records.MeritRecord", "status", MeritStatus),
]


def test_every_vocabulary_has_distinct_values_and_labels() -> None:
    for concept in _vocabularies():
        assert len(set(concept.values)) == len(concept), concept
        assert len(set(concept.labels)) == len(concept), concept
        assert all(label.strip() for label in concept.labels), concept


@pytest.mark.parametrize(("model", "field", "concept"), MODEL_FIELDS)
def test_model_choices_are_the_vocabulary(
    model: str, field: str, concept: type[Vocabulary]
) -> None:
    assert _field_choices(model, field) == concept.choices


def test_assessed_sources_are_score_sources_with_their_labels() -> None:
    expected = [(s.value, s.label) for s in ASSESSED_SOURCES]
    assert (
        _field_choices(
            "scoring.ReporterAssessment",
            "source",
        )
        == expected
    )
    assert _form_choices(scoring_forms.AssessmentForm, "source") == expected


def test_form_choices_are_the_vocabulary() -> None:
    assert _form_choices(round_forms.IndicatorForm, "kind") == IndicatorKind.choices
    assert _form_choices(round_forms.IndicatorForm, "veto_effect") == VetoEffect.choices
    assert _form_choices(round_forms.IndicatorForm, "veto_cap_grade") == Grade.choices
    assert _form_choices(scoring_forms.OnsiteForm, "voter_category") == VoterCategory.choices
    assert _form_choices(meeting_forms.TokenForm, "category") == VoterCategory.choices
    assert _form_choices(meeting_forms.PaperForm, "category") == VoterCategory.choices
    assert EvaluationGrade.choices == meeting_forms.GRADE_CHOICES
    onsite = scoring_forms.OnsiteForm()
    assert [onsite.fields[g].label for g in EvaluationGrade.values] == EvaluationGrade.labels


def test_records_forms_take_their_choices_from_the_vocabulary() -> None:
    assert _form_choices(records_forms.WorkLogForm, "kind") == WorkKind.choices
    assert _form_choices(records_forms.RuleForm, "color") == MeritColor.choices


def test_interview_form_reasons_are_the_vocabulary() -> None:
    field = rectification_forms.InterviewForm.base_fields["reason"]
    assert isinstance(field, forms.ChoiceField)
    assert _of(field.choices) == InterviewReason.choices


def test_the_engine_uses_the_vocabulary_classes_themselves() -> None:
    assert engine.Grade is Grade
    assert engine.EvaluationGrade is EvaluationGrade
    assert engine.IndicatorKind is IndicatorKind
    assert engine.VetoEffect is VetoEffect
    assert engine.GradingMode is GradingMode
    assert engine.QuotaRounding is QuotaRounding
    assert engine.TieRule is TieRule
    assert engine.ScoreSource is ScoreSource
    assert [source_label(s) for s in ScoreSource.values] == ScoreSource.labels


def test_the_round_workbook_reads_and_writes_the_vocabulary_labels() -> None:
    # The 指标 sheet (shared by the indicator import and the round workbook) and the 现场测评 sheet.
    assert dict(IndicatorKind.choices) == indicator_sheet.KIND_LABELS
    assert dict(VetoEffect.choices) == indicator_sheet.VETO_LABELS
    assert dict(Grade.choices) == indicator_sheet.GRADE_LABELS
    assert {v: label for v, label in Listing.choices if v} == indicator_sheet.LISTING_LABELS
    assert list(scoring_workbook.GRADE_LABELS.values()) == EvaluationGrade.labels


def test_the_pure_rules_use_the_vocabulary_values() -> None:
    assert tuple(EvaluationGrade.values) == meeting_rules.GRADES
    assert dict(EvaluationGrade.choices) == meeting_rules.GRADE_LABELS
    assert tuple(VoterCategory.values) == meeting_rules.CATEGORIES
    assert tuple(VetoEffect.values) == indicator_rules.VETO_EFFECTS
    assert tuple(Grade.values) == indicator_rules.GRADES


def test_the_veto_reads_the_same_everywhere() -> None:
    # The form once said 等次封顶 and the exported sheet 限定等次: one wording now.
    assert VetoEffect.CAP_GRADE.label == "一票否决（限定等次）"
    assert VetoEffect.DISQUALIFY.label == "一票否决"


def test_a_label_finds_its_member_and_an_unknown_label_is_refused() -> None:
    assert Grade.from_label("良好") is Grade.GOOD
    with pytest.raises(ValueError, match="not a label"):
        Grade.from_label("好")


def test_round_settings_name_sources_grades_and_voters_as_the_vocabulary() -> None:
    settings = apps.get_model("rounds.RoundSettings")._meta
    for source in ScoreSource:
        assert (
            settings.get_field(f"weight_{source.value}").verbose_name == f"{source.label}权重（%）"
        )
    for grade in EvaluationGrade:
        assert settings.get_field(f"points_{grade.value}").verbose_name == f"“{grade.label}”得分"
    for category in VoterCategory:
        field = settings.get_field(f"weight_{category.value}")
        assert field.verbose_name == f"{category.label}权重（%）"


def test_the_meeting_results_and_the_sources_sheet_head_their_columns_with_the_grades() -> None:
    from shuzhi.meetings.queries import Results
    from shuzhi.scoring.sources_workbook import GRADE_COLUMNS

    assert Results.__dataclass_fields__["grade_labels"].default == tuple(EvaluationGrade.labels)
    assert EvaluationGrade.by_label() == GRADE_COLUMNS


def test_the_village_forms_and_workbook_use_the_vocabulary() -> None:
    from shuzhi.villages.workbook import MEMBERS

    assert _form_choices(village_forms.ListingForm, "kind", user=None) == (
        village_rules.LaggingKind.choices
    )
    manual = [m for m in village_rules.IdentifiedBy if m is not village_rules.IdentifiedBy.RANK]
    assert _form_choices(village_forms.ListingForm, "identified_by", user=None) == [
        (m.value, m.label) for m in manual
    ]
    assert MEMBERS.column("role").choices == village_rules.CommitteeRole.by_label()


def test_common_problems_and_warning_colours_are_vocabulary() -> None:
    # A theme rooted above becomes a problem of this source; nobody enters one by hand.
    assert ProblemSource.COMMON.label == "共性问题"
    manual = dict(rectification_forms.ProblemForm.base_fields["source"].choices)  # type: ignore[attr-defined]
    assert ProblemSource.COMMON.value not in manual
    assert WarningLevel.labels == ["蓝色预警", "黄色预警", "红色预警"]
