"""Forms of the village pages; each feeds one service call."""

from __future__ import annotations

import re
from decimal import Decimal, InvalidOperation
from typing import Any

from django import forms
from django.utils import timezone

from shuzhi.core.forms import DateField
from shuzhi.core.validators import guard_upload
from shuzhi.orgs.pickers import OrganizationField, bind_pickers
from shuzhi.villages import rules
from shuzhi.villages.models import ELECTOR_CHOICES
from shuzhi.villages.rules import IdentifiedBy, LaggingKind


def _this_year() -> int:
    return timezone.localdate().year


class AssessmentForm(forms.Form):
    organization_code = OrganizationField(label="考评单位（县、市）", permission="villages.manage")
    year = forms.IntegerField(label="年度", min_value=2000, max_value=2100, initial=_this_year)
    top_n = forms.IntegerField(
        label="十佳名额", min_value=0, max_value=100, initial=rules.DEFAULT_TOP_N
    )
    prize_amount = forms.DecimalField(
        label="十佳奖金（元/个）",
        min_value=0,
        max_digits=12,
        decimal_places=2,
        initial=rules.DEFAULT_PRIZE,
    )

    def __init__(self, *args: Any, user: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        bind_pickers(self, user)


class UploadForm(forms.Form):
    file = forms.FileField(label="Excel 文件（.xlsx）", validators=[guard_upload])


class SheetUploadForm(UploadForm):
    year = forms.IntegerField(label="年度", min_value=2000, max_value=2100, initial=_this_year)


def form_errors(form: forms.Form) -> list[str]:
    return [str(message) for messages in form.errors.values() for message in messages]


class ListingForm(forms.Form):
    """Put an organisation on the lagging list by hand (or by an inspection), with a reason."""

    organization_code = OrganizationField(label="党组织", permission="villages.manage")
    kind = forms.ChoiceField(label="类型", choices=LaggingKind.choices)
    identified_by = forms.ChoiceField(
        label="认定方式",
        choices=[(m.value, m.label) for m in IdentifiedBy if m is not IdentifiedBy.RANK],
    )
    reason = forms.CharField(label="认定理由", widget=forms.Textarea(attrs={"rows": 2}))
    year = forms.IntegerField(label="列入年度", min_value=2000, max_value=2100, initial=_this_year)

    def __init__(self, *args: Any, user: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        bind_pickers(self, user)


class PairingForm(forms.Form):
    department_code = OrganizationField(label="结对县直部门（党组织）", permission="villages.view")
    responsible_leader = forms.CharField(label="联系县级领导", max_length=50)

    def __init__(self, *args: Any, user: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        bind_pickers(self, user)


class PlanForm(forms.Form):
    items = forms.CharField(label="整改事项（每行一项）", widget=forms.Textarea(attrs={"rows": 4}))


class RatingForm(forms.Form):
    """One points field per standard of the branch's template, and the evidence."""

    evidence = forms.CharField(
        label="评定依据（检查记录、佐证材料）", widget=forms.Textarea(attrs={"rows": 2})
    )
    year = forms.IntegerField(label="年度", min_value=2000, max_value=2100, initial=_this_year)

    def __init__(self, *args: Any, standards: list[rules.Standard], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.standards = standards
        for standard in standards:
            self.fields[f"points_{standard.key}"] = forms.DecimalField(
                label=f"{standard.label}（满分 {standard.max_points}）",
                min_value=0,
                max_value=standard.max_points,
                decimal_places=2,
                widget=forms.NumberInput(attrs={"inputmode": "decimal", "step": "any"}),
            )
        self.order_fields([f"points_{s.key}" for s in standards] + ["evidence", "year"])

    def points(self) -> dict[str, Decimal]:
        return {s.key: self.cleaned_data[f"points_{s.key}"] for s in self.standards}


class PointsForm(forms.Form):
    rule_code = forms.ChoiceField(label="积分事项")
    occurred_on = DateField(label="发生日期")
    note = forms.CharField(label="说明", max_length=200, required=False)

    def __init__(self, *args: Any, table: list[rules.PointsRule], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        field = self.fields["rule_code"]
        assert isinstance(field, forms.ChoiceField)
        field.choices = [(r.code, f"{r.label}（{r.points:+}）") for r in table]


# --- 双述双评 ----------------------------------------------------------------------------------


class DateTimeInput(forms.DateTimeInput):
    input_type = "datetime-local"


class DateTimeField(forms.DateTimeField):
    widget = DateTimeInput(format="%Y-%m-%dT%H:%M")
    input_formats = ["%Y-%m-%dT%H:%M", "%Y-%m-%d %H:%M"]
    default_error_messages = {"invalid": "请按“年-月-日 时:分”填写时间，如 2026-07-01 08:00。"}


class VillageRoundForm(forms.Form):
    round: forms.ModelChoiceField[Any] = forms.ModelChoiceField(
        label="半年度考核（乡镇听取村书记述职）", queryset=None
    )
    assessor_weight = forms.IntegerField(
        label="考评打分权重（%，其余为民主评议）",
        min_value=0,
        max_value=100,
        initial=rules.DEFAULT_ASSESSOR_WEIGHT,
    )
    objection_days = forms.IntegerField(
        label="公示天数", min_value=1, max_value=60, initial=rules.DEFAULT_OBJECTION_DAYS
    )

    def __init__(self, *args: Any, rounds: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["round"].queryset = rounds  # type: ignore[attr-defined]


class HearingsForm(forms.Form):
    held_on = DateField(label="述职会日期", initial=timezone.localdate)


class EvaluationForm(forms.Form):
    mode = forms.ChoiceField(label="投票方式", choices=rules.EvaluationMode.choices)
    opens_at = DateTimeField(label="开始时间")
    closes_at = DateTimeField(label="结束时间")


class AssessorScoresForm(forms.Form):
    kind = forms.ChoiceField(label="评分人类别", choices=rules.AssessorKind.choices)
    assessor = forms.CharField(label="评分人", max_length=50)

    def __init__(self, *args: Any, villages: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.villages = {f"score_{v.code}": v for v in villages}
        for name, village in self.villages.items():
            self.fields[name] = forms.DecimalField(
                label=village.name, min_value=0, max_value=100, decimal_places=2, required=False
            )

    def scores(self) -> dict[Any, Decimal]:
        return {
            village: self.cleaned_data[name]
            for name, village in self.villages.items()
            if self.cleaned_data.get(name) is not None
        }


class PublishForm(forms.Form):
    published_on = DateField(label="公示日期", initial=timezone.localdate)


class ObjectionForm(forms.Form):
    raised_by = forms.CharField(label="提出人", max_length=50)
    village = forms.ChoiceField(label="涉及的村（可选）", required=False)
    raised_on = DateField(label="提出日期", initial=timezone.localdate)
    text = forms.CharField(label="异议内容", widget=forms.Textarea(attrs={"rows": 3}))

    def __init__(self, *args: Any, villages: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.villages = {v.code: v for v in villages}
        self.fields["village"].choices = [  # type: ignore[attr-defined]
            ("", "（不涉及具体的村）"),
            *((v.code, v.name) for v in villages),
        ]

    def chosen_village(self) -> Any:
        return self.villages.get(self.cleaned_data.get("village") or "")


class AnswerForm(forms.Form):
    answer = forms.CharField(label="答复意见", widget=forms.Textarea(attrs={"rows": 2}))


class ElectorsForm(forms.Form):
    category = forms.ChoiceField(label="类别", choices=ELECTOR_CHOICES)
    codes = forms.CharField(label="人员编码（每行一个）", widget=forms.Textarea(attrs={"rows": 4}))

    def code_list(self) -> list[str]:
        return [c.strip() for c in self.cleaned_data["codes"].splitlines() if c.strip()]


class EvaluationTokensForm(forms.Form):
    category = forms.ChoiceField(label="类别", choices=ELECTOR_CHOICES)
    count = forms.IntegerField(label="张数", min_value=1, max_value=2000)


class PointsRulesForm(forms.Form):
    """A county's points table (积分规则), one rule a line: 编码 | 事项 | 分值 (− for lost)."""

    table = forms.CharField(
        label="积分规则（每行一条：编码 | 事项 | 分值，扣分写负数）",
        widget=forms.Textarea(attrs={"rows": 10}),
    )

    @staticmethod
    def text_of(table: list[rules.PointsRule]) -> str:
        return "\n".join(f"{r.code} | {r.label} | {r.points}" for r in table)

    def clean_table(self) -> list[rules.PointsRule]:
        found: list[rules.PointsRule] = []
        errors: list[str] = []
        codes: set[str] = set()
        lines = [
            (n, line.strip()) for n, line in enumerate(self.cleaned_data["table"].splitlines(), 1)
        ]
        for n, line in (pair for pair in lines if pair[1]):
            parts = [p.strip() for p in re.split(r"[|｜\t]", line)]
            if len(parts) != 3:
                errors.append(f"第 {n} 行：应为“编码 | 事项 | 分值”三项。")
                continue
            code, label, text = parts
            if not re.fullmatch(r"[A-Za-z0-9_-]{1,30}", code):
                errors.append(f"第 {n} 行：编码应为 1 至 30 个字母、数字、下划线或连字符。")
            elif code in codes:
                errors.append(f"第 {n} 行：编码“{code}”重复。")
            codes.add(code)
            if not label or len(label) > 100:
                errors.append(f"第 {n} 行：事项不能为空，最多 100 字。")
            try:
                points = Decimal(text)
            except InvalidOperation:
                errors.append(f"第 {n} 行：分值应为数字，如 2 或 -1.5。")
                continue
            if (
                not points.is_finite()
                or points == 0
                or abs(points) > 100
                or points != points.quantize(Decimal("0.01"))
            ):
                errors.append(f"第 {n} 行：分值应在 -100 至 100 之间、不为 0，最多两位小数。")
                continue
            found.append(rules.PointsRule(code, label, points))
        if errors:
            raise forms.ValidationError(errors)
        if not found:
            raise forms.ValidationError("至少要有一条积分规则。")
        return found
