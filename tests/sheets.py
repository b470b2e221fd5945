"""Workbook files for tests: {sheet name: rows}, the first row being the header."""

from __future__ import annotations

from io import BytesIO
from typing import Any

from openpyxl import Workbook


def workbook_file(sheets: dict[str, list[list[Any]]]) -> BytesIO:
    workbook = Workbook()
    workbook.remove(workbook.worksheets[0])
    for name, rows in sheets.items():
        sheet = workbook.create_sheet(name)
        for row in rows:
            sheet.append(row)
    buffer = BytesIO()
    workbook.save(buffer)
    buffer.seek(0)
    return buffer
