"""Forms of the village pages; each feeds one service call."""

from __future__ import annotations

from decimal import Decimal
from typing import Any

from django import forms
from django.utils import timezone

from shuzhi.core.forms import DateField
from shuzhi.core.validators import guard_upload
from shuzhi.orgs.pickers import OrganizationField, bind_pickers
from shuzhi.villages import rules
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
