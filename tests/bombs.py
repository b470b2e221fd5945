"""Zip bombs built in the test (never committed): tiny files that declare huge contents."""

from __future__ import annotations

import zipfile
from functools import cache
from io import BytesIO

from docx import Document
from openpyxl import Workbook

MIB = 1024 * 1024


def _inflating(base: bytes, member: str, mib: int) -> bytes:
    """``base`` (a real .xlsx or .docx) with one more member of ``mib`` MiB of zeros."""
    buffer = BytesIO(base)
    with (
        zipfile.ZipFile(buffer, "a", compression=zipfile.ZIP_DEFLATED, compresslevel=9) as zf,
        zf.open(member, "w", force_zip64=True) as out,
    ):
        chunk = bytes(MIB)
        for _ in range(mib):
            out.write(chunk)
    return buffer.getvalue()


@cache
def xlsx_bomb(mib: int = 300) -> bytes:
    """A valid workbook (one 组织 sheet) carrying ``mib`` MiB that deflate to a few hundred KB."""
    workbook = Workbook()
    assert workbook.active is not None
    workbook.active.title = "组织"
    workbook.active.append(["组织编码", "组织名称"])
    plain = BytesIO()
    workbook.save(plain)
    return _inflating(plain.getvalue(), "xl/worksheets/sheet9.xml", mib)


@cache
def docx_bomb(mib: int = 300) -> bytes:
    document = Document()
    document.add_paragraph("一、履行职责情况")
    plain = BytesIO()
    document.save(plain)
    return _inflating(plain.getvalue(), "word/media/image9.xml", mib)
