"""Forms of the meeting pages, and the one reader of a ballot posted from a page."""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from fractions import Fraction
from typing import Any

from django import forms

from shuzhi.core.forms import DateField
from shuzhi.core.vocabulary.sources import VoterCategory
from shuzhi.meetings import rules
from shuzhi.meetings.models import Meeting
from shuzhi.rounds.models import Reporter, Round


class MeetingForm(forms.Form):
    round = forms.ModelChoiceField(label="考核", queryset=Round.objects.none())
    title = forms.CharField(label="会议名称（可留空自动生成）", max_length=120, required=False)
    held_on = DateField(label="会议日期")

    def __init__(self, *args: Any, rounds: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["round"].queryset = rounds  # type: ignore[attr-defined]


class SettingsForm(forms.Form):
    representative_share = forms.CharField(
        label="代表最低占比（如 1/3）", max_length=10, initial="1/3"
    )
    min_key_problems = forms.IntegerField(label="点评关键问题最少条数", min_value=1, max_value=10)
    small_category_threshold = forms.IntegerField(
        label="投票人数少于此数的类别合并显示", min_value=1, max_value=50
    )
    max_good_percent = forms.IntegerField(
        label="每张票评“好”的最高比例（%）", min_value=1, max_value=100
    )
    turnout_step = forms.IntegerField(
        label="大屏投票进度每满多少张更新一次",
        min_value=2,
        max_value=100,
        required=False,
        help_text="投票期间进度按此步长取整显示，现场无法据此判断某一张票何时投出。",
    )
    per_indicator = forms.BooleanField(label="按指标分项测评", required=False)
    indicators = forms.CharField(
        label="分项指标（每行一项）", required=False, widget=forms.Textarea(attrs={"rows": 3})
    )

    @classmethod
    def initial_for(cls, meeting: Meeting) -> dict[str, Any]:
        share = meeting.representative_share
        initial: dict[str, Any] = {
            "representative_share": f"{share.numerator}/{share.denominator}",
            "min_key_problems": meeting.min_key_problems,
            "small_category_threshold": meeting.small_category_threshold,
            "max_good_percent": meeting.max_good_percent,
            "per_indicator": meeting.per_indicator,
            "indicators": "\n".join(meeting.indicators),
            "turnout_step": meeting.turnout_step,
        }
        return initial

    def clean_representative_share(self) -> Fraction:
        text = self.cleaned_data["representative_share"].strip().replace("／", "/")
        try:
            share = Fraction(text)
        except (ValueError, ZeroDivisionError):
            raise forms.ValidationError("请用分数填写，例如 1/3。") from None
        if not Fraction(1, 3) <= share <= 1 or share.denominator > 100:
            raise forms.ValidationError("代表占比不得低于 1/3，也不能超过 1。")
        return share

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        indicators = [
            line.strip() for line in (data.get("indicators") or "").splitlines() if line.strip()
        ]
        data["indicators"] = indicators
        if data.get("per_indicator") and not indicators:
            self.add_error("indicators", "分项测评需要至少一个指标。")
        return data

    def values(self) -> dict[str, Any]:
        data = self.cleaned_data
        share: Fraction = data["representative_share"]
        return {
            "representative_share_numerator": share.numerator,
            "representative_share_denominator": share.denominator,
            "min_key_problems": data["min_key_problems"],
            "small_category_threshold": data["small_category_threshold"],
            "max_good_percent": data["max_good_percent"],
            "per_indicator": data["per_indicator"],
            "indicators": data["indicators"],
        } | ({"turnout_step": data["turnout_step"]} if data.get("turnout_step") else {})


class AgendaForm(forms.Form):
    reporters = forms.ModelMultipleChoiceField(
        label="述职人", queryset=Reporter.objects.none(), widget=forms.CheckboxSelectMultiple
    )
    minutes = forms.IntegerField(label="发言时长（分钟）", min_value=1, max_value=120, initial=10)

    def __init__(self, *args: Any, reporters: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["reporters"].queryset = reporters  # type: ignore[attr-defined]


class CritiqueForm(forms.Form):
    problems = forms.CharField(
        label="关键问题（每行一条）", widget=forms.Textarea(attrs={"rows": 4})
    )
    summary = forms.CharField(
        label="点评意见", required=False, widget=forms.Textarea(attrs={"rows": 3})
    )

    def problem_list(self) -> list[str]:
        return [p.strip() for p in self.cleaned_data["problems"].splitlines() if p.strip()]


class CommentForm(forms.Form):
    text = forms.CharField(label="补充点评", widget=forms.Textarea(attrs={"rows": 2}))


class TokenForm(forms.Form):
    category = forms.ChoiceField(label="投票人类别", choices=VoterCategory.choices)
    count = forms.IntegerField(label="数量", min_value=1, max_value=1000, initial=20)


class PaperForm(forms.Form):
    serial = forms.IntegerField(label="纸质票票号", min_value=1)
    category = forms.ChoiceField(label="投票人类别", choices=VoterCategory.choices)


def ballot_data(
    post: Mapping[str, Any], reporter_ids: Sequence[int], indicators: Sequence[str]
) -> dict[str, Any]:
    """A ballot posted from the phone page or the paper-entry page, in the service's shape.

    Fields: ``r<id>`` grade, ``r<id>i<n>`` grade of indicator n, ``m<id>`` remark, ``comment``.
    """
    ratings: dict[str, dict[str, Any]] = {}
    for rid in reporter_ids:
        entry: dict[str, Any] = {
            "grade": post.get(f"r{rid}") or None,
            "indicators": {
                name: post.get(f"r{rid}i{n}")
                for n, name in enumerate(indicators)
                if post.get(f"r{rid}i{n}")
            },
            "remark": post.get(f"m{rid}", ""),
        }
        if entry["grade"] or entry["indicators"] or entry["remark"].strip():
            ratings[str(rid)] = entry
    return {"ratings": ratings, "comment": post.get("comment", "")}


GRADE_CHOICES = [(g, rules.GRADE_LABELS[g]) for g in rules.GRADES]
