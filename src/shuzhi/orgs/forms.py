from __future__ import annotations

from django import forms

from shuzhi.orgs.models import Organization


class ImportForm(forms.Form):
    file = forms.FileField(label="Excel 文件（.xlsx）")

    def clean_file(self) -> object:
        upload = self.cleaned_data["file"]
        if not upload.name.lower().endswith(".xlsx"):
            raise forms.ValidationError("请上传 .xlsx 格式的 Excel 文件。")
        return upload


class OrganizationForm(forms.ModelForm):
    class Meta:
        model = Organization
        fields = ["name", "level", "kind", "field", "is_active"]
