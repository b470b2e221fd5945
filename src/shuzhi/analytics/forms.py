"""Forms of the themes page: rename, merge into, root above."""

from __future__ import annotations

from typing import Any

from django import forms

from shuzhi.analytics.models import Theme
from shuzhi.core.forms import DateField


class RenameForm(forms.Form):
    name = forms.CharField(label="主题名称", max_length=100)


class MergeForm(forms.Form):
    other = forms.ModelChoiceField(label="并入本主题", queryset=Theme.objects.none())

    def __init__(self, *args: Any, theme: Theme, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        field = self.fields["other"]
        assert isinstance(field, forms.ModelChoiceField)
        field.queryset = Theme.objects.filter(
            theme_set_id=theme.theme_set_id, rooted_above_at__isnull=True
        ).exclude(pk=theme.pk)


class RootAboveForm(forms.Form):
    text = forms.CharField(label="上级问题表述", max_length=500, required=False)
    measures = forms.CharField(label="整改措施", widget=forms.Textarea(attrs={"rows": 3}))
    deadline = DateField(label="整改时限")
