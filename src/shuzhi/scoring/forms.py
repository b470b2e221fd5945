from __future__ import annotations

from typing import Any

from django import forms

from shuzhi.core.forms import DateField
from shuzhi.core.validators import guard_upload
from shuzhi.core.vocabulary.grades import EvaluationGrade
from shuzhi.core.vocabulary.sources import ASSESSED_SOURCE_CHOICES, VoterCategory

REASON_HELP = "结果公示冻结后，任何修改都必须填写理由。"


class ReasonField(forms.CharField):
    def __init__(self) -> None:
        super().__init__(label="修改理由", max_length=300, required=False, help_text=REASON_HELP)


class ScoreCellForm(forms.Form):
    points = forms.DecimalField(label="得分", max_digits=7, decimal_places=2, required=False)
    reason = ReasonField()


class ComputeForm(forms.Form):
    reason = ReasonField()


class PublishForm(forms.Form):
    starts_on = DateField(label="公示开始")
    ends_on = DateField(label="公示结束")
    notice = forms.CharField(
        label="公示说明", widget=forms.Textarea(attrs={"rows": 3}), required=False
    )


class OnsiteForm(forms.Form):
    reporter = forms.IntegerField(widget=forms.HiddenInput)
    voter_category = forms.ChoiceField(label="测评人类别", choices=VoterCategory.choices)
    good = forms.IntegerField(label=EvaluationGrade.GOOD.label, min_value=0, initial=0)
    fair = forms.IntegerField(label=EvaluationGrade.FAIR.label, min_value=0, initial=0)
    average = forms.IntegerField(label=EvaluationGrade.AVERAGE.label, min_value=0, initial=0)
    poor = forms.IntegerField(label=EvaluationGrade.POOR.label, min_value=0, initial=0)
    reason = ReasonField()


class AssessmentForm(forms.Form):
    reporter = forms.IntegerField(widget=forms.HiddenInput)
    source = forms.ChoiceField(label="来源", choices=ASSESSED_SOURCE_CHOICES)
    score = forms.DecimalField(
        label="得分（0–100，留空则清除）",
        max_digits=7,
        decimal_places=2,
        min_value=0,
        max_value=100,
        required=False,
    )
    note = forms.CharField(label="说明", max_length=200, required=False)
    reason = ReasonField()

    def __init__(self, *args: Any, level_names: dict[str, str] | None = None, **kwargs: Any):
        super().__init__(*args, **kwargs)
        names = level_names or {}
        field = self.fields["source"]
        assert isinstance(field, forms.ChoiceField)
        field.choices = [
            (value, f"{label}（{names[value]}）" if value in names else label)
            for value, label in ASSESSED_SOURCE_CHOICES
        ]


class HitForm(forms.Form):
    reporter = forms.IntegerField(widget=forms.HiddenInput)
    indicator = forms.CharField(label="约束项编号", max_length=20)
    facts = forms.CharField(label="触发事由", max_length=300)
    reason = ReasonField()


class UploadForm(forms.Form):
    file = forms.FileField(label="Excel 文件（.xlsx）", validators=[guard_upload])
    reason = ReasonField()


class AmendPublicationForm(PublishForm):
    reason = forms.CharField(label="修改理由", max_length=300)


class FactFindingForm(forms.Form):
    """Take the inspections' combined rating or the audit score as one of the assessed sources."""

    kind = forms.ChoiceField(
        label="调研摸底得分", choices=[("inspection", "视察百分测评"), ("audit", "党建审计得分")]
    )
    source = forms.ChoiceField(label="计入来源", choices=ASSESSED_SOURCE_CHOICES)
    reason = ReasonField()
