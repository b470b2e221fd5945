"""Forms of the village pages; each feeds one service call."""

from __future__ import annotations

import re
from collections.abc import Callable
from decimal import Decimal, InvalidOperation
from itertools import pairwise
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


class _NamesAVillage(forms.Form):
    """An objection's optional village, chosen among the posted villages."""

    village = forms.ChoiceField(label="涉及的村（可选）", required=False)

    def __init__(self, *args: Any, villages: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.villages = {v.code: v for v in villages}
        self.fields["village"].choices = [  # type: ignore[attr-defined]
            ("", "（不涉及具体的村）"),
            *((v.code, v.name) for v in villages),
        ]

    def chosen_village(self) -> Any:
        return self.villages.get(self.cleaned_data.get("village") or "")


class ObjectionForm(_NamesAVillage):
    raised_by = forms.CharField(label="提出人", max_length=50)
    raised_on = DateField(label="提出日期", initial=timezone.localdate)
    text = forms.CharField(label="异议内容", widget=forms.Textarea(attrs={"rows": 3}))
    field_order = ["raised_by", "village", "raised_on", "text"]


class PublicObjectionForm(_NamesAVillage):
    """An objection filed by the public during 公示: real name and contact (实名反映)."""

    name = forms.CharField(label="真实姓名", max_length=50)
    filer_kind = forms.ChoiceField(
        label="身份", choices=rules.FilerKind.choices, widget=forms.RadioSelect
    )
    contact = forms.CharField(
        label="联系电话", max_length=50, widget=forms.TextInput(attrs={"inputmode": "tel"})
    )
    text = forms.CharField(
        label="异议内容", max_length=2000, widget=forms.Textarea(attrs={"rows": 5})
    )
    field_order = ["name", "filer_kind", "contact", "village", "text"]


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


def coded_lines(
    text: str,
    shape: str,
    label_name: str,
    number_name: str,
    number_problem: Callable[[Decimal], str | None],
    errors: list[str],
) -> list[tuple[str, str, Decimal]]:
    """Lines of ``code | label | number`` (``|``, ``｜`` or a tab between); every bad line gets
    its Chinese errors in ``errors``, in line order (codes unique, labels 1-100 characters,
    the number as ``number_problem`` allows)."""
    found: list[tuple[str, str, Decimal]] = []
    codes: set[str] = set()
    for n, line in enumerate(text.splitlines(), 1):
        if not line.strip():
            continue
        parts = [p.strip() for p in re.split(r"[|｜\t]", line.strip())]
        if len(parts) != 3:
            errors.append(f"第 {n} 行：应为“{shape}”三项。")
            continue
        code, label, number = parts
        if not re.fullmatch(r"[A-Za-z0-9_-]{1,30}", code):
            errors.append(f"第 {n} 行：编码应为 1 至 30 个字母、数字、下划线或连字符。")
        elif code in codes:
            errors.append(f"第 {n} 行：编码“{code}”重复。")
        codes.add(code)
        if not label or len(label) > 100:
            errors.append(f"第 {n} 行：{label_name}不能为空，最多 100 字。")
        try:
            value = Decimal(number)
        except InvalidOperation:
            errors.append(f"第 {n} 行：{number_name}应为数字，如 2 或 -1.5。")
            continue
        if value.is_finite() and (problem := number_problem(value)) is None:
            found.append((code, label, value))
        else:
            errors.append(
                f"第 {n} 行：{problem if value.is_finite() else number_name + '应为数字'}。"
            )
    return found


def _points_problem(points: Decimal) -> str | None:
    if points == 0 or abs(points) > 100 or points != points.quantize(Decimal("0.01")):
        return "分值应在 -100 至 100 之间、不为 0，最多两位小数"
    return None


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
        errors: list[str] = []
        table = coded_lines(
            self.cleaned_data["table"],
            "编码 | 事项 | 分值",
            "事项",
            "分值",
            _points_problem,
            errors,
        )
        found = [rules.PointsRule(code, label, points) for code, label, points in table]
        if errors:
            raise forms.ValidationError(errors)
        if not found:
            raise forms.ValidationError("至少要有一条积分规则。")
        return found


def _max_points_problem(points: Decimal) -> str | None:
    if points <= 0 or points > 100 or points != points.quantize(Decimal("0.01")):
        return "满分应在 0 至 100 之间（不含 0），最多两位小数"
    return None


class RatingTemplateForm(forms.Form):
    """A county's star-rating standard (星级评定标准) for one field: its standards, one a line
    (键 | 标准 | 满分), and the minimum totals for five, four, three and two stars."""

    name = forms.CharField(label="标准名称", max_length=100)
    standards = forms.CharField(
        label="评定标准（每行一条：键 | 标准 | 满分）", widget=forms.Textarea(attrs={"rows": 8})
    )
    bars = forms.CharField(label="星级分数线（五星、四星、三星、二星的最低总分，用逗号分隔）")

    @staticmethod
    def initial_of(
        name: str, standards: list[rules.Standard], bars: tuple[Decimal, ...]
    ) -> dict[str, str]:
        return {
            "name": name,
            "standards": "\n".join(f"{s.key} | {s.label} | {s.max_points}" for s in standards),
            "bars": ", ".join(str(bar) for bar in bars),
        }

    def clean_standards(self) -> list[rules.Standard]:
        errors: list[str] = []
        table = coded_lines(
            self.cleaned_data["standards"], "键 | 标准 | 满分", "标准", "满分",
            _max_points_problem, errors,
        )  # fmt: skip
        if errors:
            raise forms.ValidationError(errors)
        if not table:
            raise forms.ValidationError("至少要有一条评定标准。")
        return [rules.Standard(key, label, points) for key, label, points in table]

    def clean_bars(self) -> tuple[Decimal, ...]:
        parts = [p.strip() for p in re.split(r"[,，、\s]+", self.cleaned_data["bars"]) if p.strip()]
        try:
            bars = tuple(Decimal(p) for p in parts)
        except InvalidOperation:
            raise forms.ValidationError("分数线应为数字，如 90, 80, 70, 60。") from None
        if len(bars) != len(rules.DEFAULT_STAR_BARS) or not all(b.is_finite() for b in bars):
            raise forms.ValidationError("应填四个分数线：五星、四星、三星、二星的最低总分。")
        if any(high <= low for high, low in pairwise(bars)) or bars[-1] <= 0:
            raise forms.ValidationError("分数线应从五星到二星依次降低，且都大于 0。")
        return bars

    def clean(self) -> dict[str, Any]:
        cleaned = super().clean() or {}
        standards, bars = cleaned.get("standards"), cleaned.get("bars")
        if standards and bars and bars[0] > sum(s.max_points for s in standards):
            self.add_error("bars", "五星分数线不能高于各项标准满分之和。")
        return cleaned
