from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from django import forms

from shuzhi.accounts.roles import Role
from shuzhi.core.validators import guard_upload
from shuzhi.reports.models import GATES, Decision, StepScope

SECTION_FIELDS = ("achievements", "problems", "causes", "rectification", "commitments")
ANSWER_PREFIX = "answer:"


class SectionsForm(forms.Form):
    achievements = forms.CharField(
        label="一、工作成绩（不超过三分之一）",
        widget=forms.Textarea(attrs={"rows": 6}),
        required=False,
    )
    problems = forms.CharField(
        label="二、存在问题（不少于三分之一，含原因）",
        widget=forms.Textarea(attrs={"rows": 6}),
        required=False,
    )
    causes = forms.CharField(
        label="三、原因剖析", widget=forms.Textarea(attrs={"rows": 4}), required=False
    )
    rectification = forms.CharField(
        label="四、整改措施（不少于三分之一，含承诺）",
        widget=forms.Textarea(attrs={"rows": 6}),
        required=False,
    )
    commitments = forms.CharField(
        label="五、来年承诺", widget=forms.Textarea(attrs={"rows": 3}), required=False
    )


def answers_from(data: Mapping[str, Any]) -> dict[str, str]:
    return {
        key.removeprefix(ANSWER_PREFIX): value
        for key, value in data.items()
        if key.startswith(ANSWER_PREFIX)
    }


class UploadForm(forms.Form):
    file = forms.FileField(label="上传述职报告（.docx 或 .txt）", validators=[guard_upload])


class DecisionForm(forms.Form):
    decision = forms.ChoiceField(label="结论", choices=Decision.choices, widget=forms.RadioSelect)
    gates = forms.MultipleChoiceField(
        label="四个要点（通过须全部确认）",
        choices=list(GATES.items()),
        widget=forms.CheckboxSelectMultiple,
        required=False,
    )
    reasons = forms.CharField(
        label="意见或退回理由", widget=forms.Textarea(attrs={"rows": 3}), required=False
    )


class ChainStepForm(forms.Form):
    label = forms.CharField(label="环节名称", max_length=50)
    role = forms.ChoiceField(label="审核角色", choices=Role.choices)
    scope = forms.ChoiceField(label="所在组织", choices=StepScope.choices)


ChainFormSet = forms.formset_factory(ChainStepForm, extra=1, can_delete=True, max_num=6)
