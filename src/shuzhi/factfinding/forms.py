"""Forms of the fact-finding pages; organisations are always chosen with the picker."""

from __future__ import annotations

from typing import Any

from django import forms

from shuzhi.core.forms import DateField
from shuzhi.core.validators import guard_upload
from shuzhi.factfinding.rules import DEFAULT_SAMPLE_COUNTS, SampleKind, VisitKind, VisitMethod
from shuzhi.orgs.models import Organization
from shuzhi.orgs.pickers import OrganizationField, bind_pickers


class FormGroupsForm(forms.Form):
    group_count = forms.IntegerField(label="视察组数量", min_value=1, max_value=50, initial=5)
    limit = forms.IntegerField(label="最多抽调人数（空为全部）", min_value=1, required=False)


class AssignUnitForm(forms.Form):
    organization = OrganizationField(label="视察单位", permission="factfinding.plan")
    planned_on = DateField(label="计划日期", required=False)
    methods = forms.MultipleChoiceField(
        label="方式",
        choices=VisitMethod.choices,
        widget=forms.CheckboxSelectMultiple,
        required=False,
    )

    def __init__(self, *args: Any, user: Any, under: Organization, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        bind_pickers(self, user, under=under)


class VisitForm(forms.Form):
    """An inspection visit of one of the group's units (chosen from the plan)."""

    unit = forms.ChoiceField(label="视察单位")
    visited_on = DateField(label="日期")
    methods = forms.MultipleChoiceField(
        label="方式",
        choices=VisitMethod.choices,
        widget=forms.CheckboxSelectMultiple,
        required=False,
    )
    notes = forms.CharField(
        label="情况记录", widget=forms.Textarea(attrs={"rows": 3}), required=False
    )

    def __init__(self, *args: Any, units: list[tuple[int, str]], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        unit = self.fields["unit"]
        assert isinstance(unit, forms.ChoiceField)
        unit.choices = units


class OtherVisitForm(forms.Form):
    """A random survey or an unannounced visit of any unit in the round."""

    organization = OrganizationField(label="走访单位", permission="factfinding.record")
    kind = forms.ChoiceField(
        label="类型", choices=[c for c in VisitKind.choices if c[0] != VisitKind.INSPECTION]
    )
    visited_on = DateField(label="日期")
    notes = forms.CharField(
        label="情况记录", widget=forms.Textarea(attrs={"rows": 3}), required=False
    )

    def __init__(self, *args: Any, user: Any, under: Organization, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        bind_pickers(self, user, under=under)


class FindingForm(forms.Form):
    responsibility = forms.CharField(label="对应责任事项", max_length=200)
    text = forms.CharField(label="发现的问题", widget=forms.Textarea(attrs={"rows": 3}))


class EditFindingForm(FindingForm):
    reason = forms.CharField(label="修改说明", max_length=300, required=False)


class OpinionForm(forms.Form):
    text = forms.CharField(label="评价意见", widget=forms.Textarea(attrs={"rows": 2}))


class RatingForm(forms.Form):
    score = forms.DecimalField(
        label="百分测评（0–100）", min_value=0, max_value=100, decimal_places=2
    )


class EvidenceForm(forms.Form):
    file = forms.FileField(label="照片、视频或文件")


class AnswerForm(forms.Form):
    action = forms.ChoiceField(choices=[("accept", "认账"), ("dispute", "提出异议")])
    reason = forms.CharField(label="异议理由", required=False, max_length=1000)


class RulingForm(forms.Form):
    uphold = forms.TypedChoiceField(
        label="裁定",
        choices=[("0", "异议不成立"), ("1", "异议成立（撤销）")],
        coerce=lambda v: v == "1",
    )
    reason = forms.CharField(label="裁定意见", max_length=1000)


class PlanAuditForm(forms.Form):
    organization = OrganizationField(label="被审计单位", permission="factfinding.plan")
    seed = forms.CharField(label="抽样种子（空则随机生成）", max_length=64, required=False)

    def __init__(self, *args: Any, user: Any, under: Organization, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        for kind in SampleKind:
            self.fields[f"count_{kind.value}"] = forms.IntegerField(
                label=f"抽取{kind.label}数量", min_value=0, max_value=20, initial=_default(kind)
            )
        bind_pickers(self, user, under=under)

    def counts(self) -> dict[str, int]:
        return {k.value: self.cleaned_data[f"count_{k.value}"] for k in SampleKind}


def _default(kind: SampleKind) -> int:
    return DEFAULT_SAMPLE_COUNTS[kind]


class ScoreItemForm(forms.Form):
    awarded = forms.DecimalField(label="得分", min_value=0, decimal_places=2, required=False)


class AuditFindingForm(forms.Form):
    sampled = forms.ChoiceField(label="抽查单位", required=False)
    responsibility = forms.CharField(label="对应责任事项", max_length=200)
    text = forms.CharField(label="发现的问题", widget=forms.Textarea(attrs={"rows": 3}))

    def __init__(self, *args: Any, samples: list[tuple[int, str]], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        sampled = self.fields["sampled"]
        assert isinstance(sampled, forms.ChoiceField)
        sampled.choices = [("", "被审计单位本级"), *samples]


class IssueForm(forms.Form):
    conclusion = forms.CharField(
        label="审计结论", widget=forms.Textarea(attrs={"rows": 3}), required=False
    )
    months = forms.IntegerField(label="整改期限（月）", min_value=1, max_value=12, initial=2)


class RectificationReportForm(forms.Form):
    text = forms.CharField(label="书面整改报告", widget=forms.Textarea(attrs={"rows": 6}))


class ReviewForm(forms.Form):
    accept = forms.TypedChoiceField(
        label="验收", choices=[("1", "验收通过"), ("0", "退回")], coerce=lambda v: v == "1"
    )
    note = forms.CharField(label="意见", max_length=300, required=False)


class PaperImportForm(forms.Form):
    file = forms.FileField(label="纸质问题 Excel", validators=[guard_upload])
