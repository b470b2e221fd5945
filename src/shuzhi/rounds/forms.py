from __future__ import annotations

from decimal import Decimal
from typing import Any

from django import forms

from shuzhi.core.forms import DateField, DateInput
from shuzhi.core.validators import guard_upload
from shuzhi.core.vocabulary.grades import Grade
from shuzhi.core.vocabulary.indicators import IndicatorKind, Listing, VetoEffect
from shuzhi.orgs.pickers import OrganizationField, bind_pickers
from shuzhi.rounds.indicator_rules import IndicatorRow
from shuzhi.rounds.models import Period, Round, RoundSettings, Stage

SETTINGS_SECTIONS = [
    (
        "评分来源权重（合计 100%；两级考核不用时权重填 0）",
        [
            "weight_indicators",
            "weight_onsite",
            "weight_superior",
            "weight_records",
            "level_1_name",
            "weight_level_1",
            "level_2_name",
            "weight_level_2",
        ],
    ),
    ("现场测评：等次得分", ["points_good", "points_fair", "points_average", "points_poor"]),
    (
        "现场测评：测评人权重（合计 100%）",
        ["weight_leader", "weight_representative", "weight_member", "weight_masses"],
    ),
    (
        "定等",
        [
            "grading_mode",
            "threshold_excellent",
            "threshold_good",
            "threshold_adequate",
            "quota_excellent_percent",
            "quota_good_percent",
            "quota_adequate_percent",
            "quota_poor_percent",
        ],
    ),
    (
        "分类（合计 100%）",
        ["class_1_percent", "class_2_percent", "class_3_percent", "quota_rounding", "tie_rule"],
    ),
    (
        "表彰、约谈与绩效",
        [
            "honours_count",
            "honours_title",
            "honours_refill",
            "interview_bottom_count",
            "interview_bottom_percent",
            "pay_class_1_percent",
            "pay_class_2_percent",
            "pay_class_3_percent",
        ],
    ),
    ("计算精度", ["places", "rounding"]),
]


class RoundForm(forms.Form):
    year = forms.IntegerField(label="年度", min_value=2000, max_value=2100)
    period = forms.ChoiceField(label="周期", choices=Period.choices)
    name = forms.CharField(label="名称（可留空自动生成）", max_length=100, required=False)
    organization_code = OrganizationField(label="听取述职的党组织", permission="rounds.manage")

    def __init__(self, *args: Any, user: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        bind_pickers(self, user)


class StagesForm(forms.Form):
    """Start and end dates of each stage; leave both empty to leave a stage unscheduled."""

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        for value, label in Stage.choices:
            for end, word in (("starts_on", "开始"), ("ends_on", "结束")):
                # The stage table shows one row per stage, so each input names itself.
                self.fields[f"{value}_{end}"] = DateField(
                    label=f"{label}{word}",
                    required=False,
                    widget=DateInput(attrs={"aria-label": f"{label}{word}"}),
                )

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        for value, label in Stage.choices:
            start, end = data.get(f"{value}_starts_on"), data.get(f"{value}_ends_on")
            if (start is None) != (end is None):
                self.add_error(f"{value}_starts_on", f"「{label}」须同时填写开始和结束日期。")
            elif start and end and end < start:
                self.add_error(f"{value}_ends_on", f"「{label}」的结束日期不能早于开始日期。")
        return data

    def dates(self) -> dict[str, Any]:
        data = self.cleaned_data
        return {
            value: (data[f"{value}_starts_on"], data[f"{value}_ends_on"])
            if data.get(f"{value}_starts_on")
            else None
            for value, _ in Stage.choices
        }

    def rows(self) -> list[tuple[str, Any, Any]]:
        return [(label, self[f"{v}_starts_on"], self[f"{v}_ends_on"]) for v, label in Stage.choices]


class RoundSettingsForm(forms.ModelForm):
    class Meta:
        model = RoundSettings
        fields = [name for _, names in SETTINGS_SECTIONS for name in names]

    def sections(self) -> list[tuple[str, list[Any], bool]]:
        """(title, fields, whether its percentages must make 100)."""
        sums = {SETTINGS_SECTIONS[i][0] for i in (0, 2, 4)}
        return [
            (title, [self[n] for n in names], title in sums) for title, names in SETTINGS_SECTIONS
        ]


class PeerGroupsForm(forms.Form):
    names = forms.CharField(
        label="分组（每行一个）", widget=forms.Textarea(attrs={"rows": 4}), required=False
    )

    def group_names(self) -> list[str]:
        return [line.strip() for line in self.cleaned_data["names"].splitlines() if line.strip()]


class EnrollForm(forms.Form):
    codes = OrganizationField(
        label="下级组织（其现任书记列为述职人）", permission="rounds.manage", multiple=True
    )
    peer_group = forms.CharField(label="分组", max_length=50, required=False)

    def __init__(self, *args: Any, user: Any, round: Round, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        bind_pickers(self, user, under=round.hearing_organization)


def _optional_decimal(label: str) -> forms.DecimalField:
    return forms.DecimalField(label=label, max_digits=7, decimal_places=2, required=False)


class IndicatorForm(forms.Form):
    code = forms.CharField(label="编号", max_length=20)
    parent_code = forms.CharField(label="上级编号", max_length=20, required=False)
    name = forms.CharField(label="指标名称", max_length=200)
    kind = forms.ChoiceField(label="类型", choices=IndicatorKind.choices)
    max_points = _optional_decimal("满分")
    weight = forms.DecimalField(label="权重", max_digits=7, decimal_places=2, initial=1)
    cap = _optional_decimal("加分上限")
    floor = _optional_decimal("扣分下限（如 -10）")
    veto_effect = forms.ChoiceField(
        label="否决效果", choices=[("", "—"), *VetoEffect.choices], required=False
    )
    veto_cap_grade = forms.ChoiceField(
        label="最高等次", choices=[("", "—"), *Grade.choices], required=False
    )
    listing = forms.ChoiceField(label="清单", choices=Listing.choices, required=False)

    def row(self) -> IndicatorRow:
        data = self.cleaned_data
        return IndicatorRow(
            code=data["code"].strip(),
            parent_code=data["parent_code"].strip(),
            name=data["name"].strip(),
            kind=data["kind"],
            max_points=data["max_points"],
            weight=data["weight"] if data["weight"] is not None else Decimal(1),
            cap=data["cap"],
            floor=data["floor"],
            veto_effect=data["veto_effect"],
            veto_cap_grade=data["veto_cap_grade"],
            listing=data["listing"],
        )


class UploadForm(forms.Form):
    file = forms.FileField(label="Excel 文件（.xlsx）", validators=[guard_upload])


class CopyForm(forms.Form):
    source: forms.ModelChoiceField[Round] = forms.ModelChoiceField(
        label="复制自", queryset=Round.objects.none()
    )
    with_settings = forms.BooleanField(label="同时复制考核设置", required=False, initial=True)

    def __init__(self, *args: Any, rounds: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["source"].queryset = rounds  # type: ignore[attr-defined]


class CarryOverForm(forms.Form):
    source: forms.ModelChoiceField[Round] = forms.ModelChoiceField(
        label="从往年轮次复制分组和述职人", queryset=Round.objects.none()
    )

    def __init__(self, *args: Any, rounds: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["source"].queryset = rounds  # type: ignore[attr-defined]
