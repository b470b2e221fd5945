from __future__ import annotations

from typing import Any

from django import forms

from shuzhi.core.validators import guard_upload, reject_formula_like
from shuzhi.orgs.choices import PostRole, RepresentativeCategory
from shuzhi.orgs.models import Organization, Person


class ImportForm(forms.Form):
    file = forms.FileField(label="Excel 文件（.xlsx）", validators=[guard_upload])

    def clean_file(self) -> object:
        upload = self.cleaned_data["file"]
        if not upload.name.lower().endswith(".xlsx"):
            raise forms.ValidationError("请上传 .xlsx 格式的 Excel 文件。")
        return upload


class _ExportedName:
    """Organisation names go into Excel exports: refuse ones Excel would run as formulas."""

    fields: dict[str, Any]

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["name"].validators.append(reject_formula_like)


class OrganizationForm(_ExportedName, forms.ModelForm):
    class Meta:
        model = Organization
        fields = ["name", "level", "kind", "field", "is_active"]


class ChildOrganizationForm(_ExportedName, forms.ModelForm):
    class Meta:
        model = Organization
        fields = ["code", "name", "level", "kind", "field"]


class PostForm(forms.Form):
    """Appoint a person to a post; an existing person by code, or a new one by name."""

    role = forms.ChoiceField(label="职务", choices=PostRole.choices)
    person_code = forms.CharField(label="人员编码", max_length=32)
    person_name = forms.CharField(
        label="姓名（新人员必填）", max_length=50, required=False, validators=[reject_formula_like]
    )
    start_date = forms.DateField(label="任职日期", widget=forms.DateInput(attrs={"type": "date"}))

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        code = (data.get("person_code") or "").strip()
        data["person"] = Person.objects.filter(code=code).first() if code else None
        if code and data["person"] is None and not data.get("person_name"):
            self.add_error("person_name", "系统中没有该人员编码，请填写姓名以新建人员。")
        return data


class RepresentativeForm(forms.Form):
    person_code = forms.CharField(label="人员编码", max_length=32)
    category = forms.ChoiceField(label="代表类别", choices=RepresentativeCategory.choices)

    def clean_person_code(self) -> Person:
        code = self.cleaned_data["person_code"].strip()
        person = Person.objects.filter(code=code).first()
        if person is None:
            raise forms.ValidationError(f"找不到编码为「{code}」的人员。")
        return person
