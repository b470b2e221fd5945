"""Django validators shared by apps' models and forms."""

from __future__ import annotations

from typing import Any

from django.core.exceptions import ValidationError

from shuzhi.core.workbook import ArchiveRefused, check_archive, formula_like_error, limits_for


def reject_formula_like(value: str) -> None:
    """Names that go into Excel exports may not start like a formula (= + - @)."""
    if problem := formula_like_error(str(value)):
        raise ValidationError(problem, code="formula_like")


def guard_upload(upload: Any) -> None:
    """Refuse an upload whose archive would inflate too far, before it is stored or parsed."""
    try:
        check_archive(upload, limits_for(getattr(upload, "name", "") or ""))
    except ArchiveRefused as refused:
        raise ValidationError(str(refused), code="archive_refused") from refused
