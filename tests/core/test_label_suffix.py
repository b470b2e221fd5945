"""Form labels end in the full-width colon in the Chinese UI (project locale override)."""

from __future__ import annotations

from django import forms
from django.utils import translation


class _NameForm(forms.Form):
    name = forms.CharField(label="姓名")


def test_rendered_form_label_ends_in_full_width_colon():
    with translation.override("zh-hans"):
        form = _NameForm()
        assert form.label_suffix == "："
        assert str(form["name"].label_tag()).endswith("姓名：</label>")
        assert "姓名：</label>" in form.as_div()
        assert "姓名:" not in form.as_div()


def test_project_default_language_uses_full_width_colon():
    # No override: the project's LANGUAGE_CODE (zh-hans) is what pages render in.
    assert translation.gettext(":") == "："
