"""Forms of the records pages; each feeds one service call."""

from __future__ import annotations

from decimal import Decimal
from typing import Any

from django import forms

from shuzhi.core.forms import DateField
from shuzhi.core.validators import guard_upload
from shuzhi.orgs.pickers import OrganizationField
from shuzhi.records.models import MeritRule
from shuzhi.records.rules import TARGET_MEASURES, MeritColor, TargetMeasure, WorkKind


class WorkLogForm(forms.Form):
    """One entry of the work record, as a secretary logs it (on a phone, often)."""

    kind = forms.ChoiceField(label="工作类别", choices=WorkKind.choices)
    occurred_on = DateField(label="日期")
    place = forms.CharField(label="地点", max_length=100)
    days = forms.DecimalField(
        label="天数（驻村、联系点）",
        min_value=Decimal(0),
        max_value=Decimal(31),
        decimal_places=1,
        required=False,
        initial=Decimal(0),
    )
    place_organization = OrganizationField(
        permission="records.view", label="联系点（组织编码，可选）", required=False
    )
    participants = forms.CharField(label="参加人员", max_length=200, required=False)
    text = forms.CharField(label="主要内容", widget=forms.Textarea(attrs={"rows": 3}))
    evidence = forms.FileField(
        label="佐证材料（照片、会议记录，可选）", required=False, validators=[guard_upload]
    )


class WorkLogChangeForm(WorkLogForm):
    reason = forms.CharField(label="修改理由（已确认的纪实必填）", max_length=300, required=False)

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        del self.fields["evidence"]


class ConfirmForm(forms.Form):
    month = DateField(label="确认月份（该月任一天）")


class RuleField(forms.ModelChoiceField):
    def label_from_instance(self, obj: Any) -> str:
        return f"{obj.organization.name} {obj.code} {obj.title}（{obj.points:+}）"


class MeritForm(forms.Form):
    """A red or black submission by a unit."""

    submitting_unit = OrganizationField(permission="records.submit", label="报送单位（组织编码）")
    organization = OrganizationField(permission="records.view", label="对象组织（组织编码）")
    person_code = forms.CharField(label="对象人员编码（可选）", max_length=32, required=False)
    rule = RuleField(label="适用积分标准", queryset=MeritRule.objects.none())
    occurred_on = DateField(label="事实发生日期")
    facts = forms.CharField(label="事实", widget=forms.Textarea(attrs={"rows": 3}))
    evidence = forms.FileField(label="佐证材料（可选）", required=False, validators=[guard_upload])

    def __init__(self, *args: Any, rules: list[MeritRule] | None = None, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        field = self.fields["rule"]
        assert isinstance(field, forms.ModelChoiceField)
        field.queryset = MeritRule.objects.filter(pk__in=[r.pk for r in rules or []])


class MeetingForm(forms.Form):
    organization = OrganizationField(
        permission="records.approve", label="召开联席会议的党组织（组织编码）"
    )
    month = DateField(label="审议月份（该月任一天）")
    held_on = DateField(label="会议日期")
    approvers = forms.CharField(label="审议人（用户名，逗号分隔）", max_length=500)


class DecisionForm(forms.Form):
    decision = forms.ChoiceField(
        label="审议结果", choices=[("approve", "通过"), ("reject", "不予通过")]
    )
    note = forms.CharField(label="审议意见（不予通过时必填）", max_length=300, required=False)


class MeritChangeForm(forms.Form):
    points = forms.DecimalField(label="分值", max_digits=5, decimal_places=2, required=False)
    facts = forms.CharField(label="事实", widget=forms.Textarea(attrs={"rows": 3}), required=False)
    reason = forms.CharField(label="修改理由（通报发布后必填）", max_length=300, required=False)


class RuleForm(forms.Form):
    code = forms.CharField(label="编号", max_length=20)
    color = forms.ChoiceField(label="类别", choices=MeritColor.choices)
    title = forms.CharField(label="事项", max_length=200)
    points = forms.DecimalField(label="分值", max_digits=5, decimal_places=2)


class TargetsForm(forms.Form):
    """A round's targets: one minimum per kind (0 or empty: no target for that kind)."""

    base = forms.DecimalField(label="基础分", max_digits=5, decimal_places=2, initial=Decimal(40))
    completion_weight = forms.DecimalField(
        label="目标完成率分值", max_digits=5, decimal_places=2, initial=Decimal(60)
    )

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        for kind in WorkKind:
            unit = TargetMeasure(TARGET_MEASURES[kind]).label
            self.fields[f"target_{kind.value}"] = forms.DecimalField(
                label=f"{kind.label}年度目标（{unit}）",
                min_value=Decimal(0),
                decimal_places=1,
                required=False,
            )
        self.fields["days_per_place"] = forms.DecimalField(
            label="每个联系点每年至少天数", min_value=Decimal(0), decimal_places=1, initial=30
        )


class ImportForm(forms.Form):
    file = forms.FileField(label="Excel 文件（.xlsx）", validators=[guard_upload])
