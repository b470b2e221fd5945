"""Forms of the rectification pages; each feeds one service call."""

from __future__ import annotations

from typing import Any

from django import forms
from django.utils import timezone

from shuzhi.core.forms import DateField
from shuzhi.core.validators import guard_upload
from shuzhi.core.vocabulary.interviews import InterviewReason
from shuzhi.orgs.models import Organization, Person
from shuzhi.rectification.models import AccountabilityKind, Problem, active_condition
from shuzhi.rectification.services import MANUAL_SOURCES


def _this_year() -> int:
    return timezone.localdate().year


class ProblemForm(forms.Form):
    """A problem found by an inspection, an audit or an unannounced visit."""

    source = forms.ChoiceField(
        label="问题来源", choices=[(s.value, s.label) for s in MANUAL_SOURCES]
    )
    text = forms.CharField(label="问题", widget=forms.Textarea(attrs={"rows": 3}))
    year = forms.IntegerField(label="年度", min_value=2000, max_value=2100, initial=_this_year)
    reference = forms.CharField(label="来源文件（如审计报告文号）", max_length=100, required=False)


class PeopleField(forms.ModelChoiceField):
    def label_from_instance(self, obj: Any) -> str:
        return f"{obj.name}（{obj.code}）"


def _people_of(organization: Organization) -> Any:
    return Person.objects.filter(unit=organization) | Person.objects.filter(
        posts__organization=organization, posts__end_date__isnull=True
    )


class ItemForm(forms.Form):
    """Open a ledger item: task sheet, responsible people, timetable, first milestone."""

    measures = forms.CharField(label="整改措施（任务书）", widget=forms.Textarea(attrs={"rows": 3}))
    deadline = DateField(label="整改时限")
    first_responsible = PeopleField(
        label="第一责任人（默认现任书记）", queryset=Person.objects.none(), required=False
    )
    direct_responsible = PeopleField(
        label="直接责任人（默认专职副书记）", queryset=Person.objects.none(), required=False
    )
    milestone = forms.CharField(label="第一个节点（可选）", max_length=200, required=False)
    milestone_date = DateField(label="节点日期", required=False)

    def __init__(self, *args: Any, organization: Organization, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        people = _people_of(organization).distinct().order_by("code")
        for name in ("first_responsible", "direct_responsible"):
            self.fields[name].queryset = people  # type: ignore[attr-defined]

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        if data.get("milestone") and not data.get("milestone_date"):
            self.add_error("milestone_date", "请填写节点日期")
        return data


class MilestoneForm(forms.Form):
    title = forms.CharField(label="节点内容", max_length=200)
    due_date = DateField(label="计划完成")


class EvidenceForm(forms.Form):
    file = forms.FileField(
        label="佐证材料（照片 jpg/png，文件 pdf/docx/xlsx，≤10 MB）", validators=[guard_upload]
    )
    note = forms.CharField(label="说明", max_length=200, required=False)


class TransitionForm(forms.Form):
    reason = forms.CharField(label="理由", widget=forms.Textarea(attrs={"rows": 2}), required=False)
    progress = forms.CharField(
        label="整改进展", widget=forms.Textarea(attrs={"rows": 2}), required=False
    )


class MergeForm(forms.Form):
    duplicate = forms.ModelChoiceField(label="合并进来的重复问题", queryset=Problem.objects.none())
    reason = forms.CharField(label="说明", max_length=200, required=False)

    def __init__(self, *args: Any, problem: Problem, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["duplicate"].queryset = Problem.objects.filter(  # type: ignore[attr-defined]
            active_condition(), organization_id=problem.organization_id, item__isnull=True
        ).exclude(pk=problem.pk)


class EscalateForm(forms.Form):
    reason = forms.CharField(
        label="上移理由（根源在上级）", widget=forms.Textarea(attrs={"rows": 2})
    )


class ReportDeadlineForm(forms.Form):
    title = forms.CharField(label="报告事由", max_length=200, initial="党建审计整改情况报告")
    basis_date = DateField(label="起算日期（如审计报告送达日）")
    months = forms.IntegerField(label="期限（月）", min_value=0, max_value=24, initial=2)


class InterviewForm(forms.Form):
    person = PeopleField(label="约谈对象", queryset=Person.objects.none())
    reason = forms.ChoiceField(label="约谈事由", choices=InterviewReason.choices)
    detail = forms.CharField(label="具体情况", max_length=200, required=False)
    held_on = DateField(label="约谈日期", required=False)
    interviewer = forms.CharField(label="约谈人", max_length=100, required=False)
    outcome = forms.CharField(
        label="约谈结果", widget=forms.Textarea(attrs={"rows": 2}), required=False
    )

    def __init__(self, *args: Any, organization: Organization, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["person"].queryset = _people_of(organization).distinct()  # type: ignore[attr-defined]


class OutcomeForm(forms.Form):
    held_on = DateField(label="约谈日期")
    interviewer = forms.CharField(label="约谈人", max_length=100)
    outcome = forms.CharField(label="约谈结果", widget=forms.Textarea(attrs={"rows": 2}))


class AccountabilityForm(forms.Form):
    person = PeopleField(label="问责对象", queryset=Person.objects.none())
    kind = forms.ChoiceField(label="问责方式", choices=AccountabilityKind.choices)
    decided_on = DateField(label="决定日期")
    reason = forms.CharField(label="问责事由", widget=forms.Textarea(attrs={"rows": 2}))

    def __init__(self, *args: Any, organization: Organization, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["person"].queryset = _people_of(organization).distinct()  # type: ignore[attr-defined]
