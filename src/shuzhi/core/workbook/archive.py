"""The archive guard: an upload's zip container is measured before any parser opens it.

An .xlsx or .docx is a zip archive. A few hundred kilobytes can declare members that inflate
to gigabytes (a zip bomb), and openpyxl or python-docx would inflate them into memory. Python's
zipfile never inflates a member past the size its central directory declares (it truncates and
then fails the CRC), so checking the declared sizes here bounds what any later parser can read.
"""

from __future__ import annotations

import zipfile
from dataclasses import dataclass
from typing import IO

MIB = 1024 * 1024


@dataclass(frozen=True)
class ArchiveLimits:
    """Generous for real workbooks: an export of 100,000 organisations and 100,000 people
    inflates to 48 + 34 MiB at ratios of 18 and 10 (measured); 500,000 rows fit too."""

    total_bytes: int = 512 * MIB
    member_bytes: int = 256 * MIB
    members: int = 2000
    # Sheet XML deflates 10-20x; a bomb deflates ~1000x. Small members are exempt, since a
    # few kilobytes of repeated markup can compress very well and harm nobody.
    ratio: int = 100
    ratio_exempt_bytes: int = 1 * MIB


DEFAULT_LIMITS = ArchiveLimits()
#: python-docx parses the whole document.xml into memory, and a duty report's text is a few
#: hundred kilobytes (images inflate about 1x), so Word documents get tighter limits.
DOCUMENT_LIMITS = ArchiveLimits(total_bytes=64 * MIB, member_bytes=32 * MIB)


def limits_for(name: str) -> ArchiveLimits:
    """The limits for an upload named ``name`` (by its extension)."""
    return DOCUMENT_LIMITS if name.lower().endswith(".docx") else DEFAULT_LIMITS


class ArchiveRefused(ValueError):
    """The upload is refused before parsing; the message is for the user (Chinese)."""


def _size(amount: int) -> str:
    return f"{amount / MIB:.0f} MB" if amount >= MIB else f"{amount} 字节"


def check_archive(stream: IO[bytes], limits: ArchiveLimits = DEFAULT_LIMITS) -> None:
    """Refuse a zip archive that would inflate too far; leave the stream at its start.

    A stream that is not a zip archive passes: the parser then reports it as unreadable.
    """
    stream.seek(0)
    try:
        if not zipfile.is_zipfile(stream):
            return
        stream.seek(0)
        with zipfile.ZipFile(stream) as archive:
            members = archive.infolist()
    except (zipfile.BadZipFile, OSError, ValueError):
        return
    finally:
        stream.seek(0)
    refuse = "文件已拒收（未保存、未读取）："
    if len(members) > limits.members:
        raise ArchiveRefused(
            f"{refuse}压缩包内有 {len(members)} 个部件，超过 {limits.members} 个。"
        )
    total = 0
    for member in members:
        total += member.file_size
        if member.file_size > limits.member_bytes:
            raise ArchiveRefused(
                f"{refuse}部件「{member.filename}」解压后 {_size(member.file_size)}，"
                f"超过单个部件上限 {_size(limits.member_bytes)}。"
            )
        if member.file_size > limits.ratio_exempt_bytes and member.file_size > limits.ratio * max(
            member.compress_size, 1
        ):
            raise ArchiveRefused(
                f"{refuse}部件「{member.filename}」压缩比超过 {limits.ratio} 倍，疑似压缩炸弹。"
            )
    if total > limits.total_bytes:
        raise ArchiveRefused(
            f"{refuse}解压后共 {_size(total)}，超过上限 {_size(limits.total_bytes)}。"
        )
