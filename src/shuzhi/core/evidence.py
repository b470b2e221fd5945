"""Evidence upload rules shared by every app that keeps files as evidence (pure Python).

A file is accepted only when its extension is allowed, its size is within the limit and its
first bytes match the extension, so a renamed executable is never stored as a "photo". The
refusal message is for the user, in Chinese.
"""

from __future__ import annotations

from dataclasses import dataclass

MAX_EVIDENCE_BYTES = 10 * 1024 * 1024
#: Videos of unannounced visits (003: some provinces show the undercover-visit video).
MAX_VIDEO_BYTES = 200 * 1024 * 1024


@dataclass(frozen=True)
class FileType:
    kind: str  # photo, document or video
    signatures: tuple[tuple[int, bytes], ...]  # (offset, bytes) any of which must match


_JPEG = FileType("photo", ((0, b"\xff\xd8\xff"),))
_PNG = FileType("photo", ((0, b"\x89PNG\r\n\x1a\n"),))
_ZIP = FileType("document", ((0, b"PK\x03\x04"),))
# ISO base media files (mp4, mov) carry "ftyp" after the first box's 4-byte size.
_ISO_MEDIA = FileType("video", ((4, b"ftyp"),))

#: Photos and documents: what a rectification item's evidence may be.
EVIDENCE_TYPES: dict[str, FileType] = {
    "jpg": _JPEG,
    "jpeg": _JPEG,
    "png": _PNG,
    "pdf": FileType("document", ((0, b"%PDF"),)),
    "docx": _ZIP,
    "xlsx": _ZIP,
}

#: A visit's evidence may also be a video.
VISIT_EVIDENCE_TYPES: dict[str, FileType] = EVIDENCE_TYPES | {"mp4": _ISO_MEDIA, "mov": _ISO_MEDIA}

#: How many leading bytes the content check needs.
HEAD_BYTES = 16


class EvidenceRefused(Exception):
    """A file that cannot be kept as evidence; the message is for the user."""


def evidence_kind(
    name: str,
    size: int,
    head: bytes,
    max_bytes: int = MAX_EVIDENCE_BYTES,
    types: dict[str, FileType] | None = None,
    max_video_bytes: int = MAX_VIDEO_BYTES,
) -> str:
    """The kind (``photo``, ``document``, ``video``) of an acceptable file, or refuse it."""
    allowed_types = EVIDENCE_TYPES if types is None else types
    extension = name.rsplit(".", 1)[-1].lower() if "." in name else ""
    if extension not in allowed_types:
        allowed = "、".join(sorted(allowed_types))
        raise EvidenceRefused(f"不支持的文件类型「{extension or '无扩展名'}」，仅支持：{allowed}")
    if size <= 0:
        raise EvidenceRefused("文件为空")
    file_type = allowed_types[extension]
    limit = max_video_bytes if file_type.kind == "video" else max_bytes
    if size > limit:
        raise EvidenceRefused(f"文件过大（{size / 1048576:.1f} MB），上限 {limit // 1048576} MB")
    if not any(head[at : at + len(sig)] == sig for at, sig in file_type.signatures):
        raise EvidenceRefused(f"文件内容与扩展名「{extension}」不符")
    return file_type.kind
