"""Evidence files (佐证材料): which uploads may be kept as a photo or a document.

Shared by every app that keeps evidence (rectification items, work-record entries, red/black
submissions). No Django import: the rule is pure and property-tested on its own.
"""

from __future__ import annotations

MAX_EVIDENCE_BYTES = 10 * 1024 * 1024

# extension -> (kind, accepted leading bytes): the content must match the name, so a renamed
# executable is not stored as a "photo".
EVIDENCE_TYPES: dict[str, tuple[str, tuple[bytes, ...]]] = {
    "jpg": ("photo", (b"\xff\xd8\xff",)),
    "jpeg": ("photo", (b"\xff\xd8\xff",)),
    "png": ("photo", (b"\x89PNG\r\n\x1a\n",)),
    "pdf": ("document", (b"%PDF",)),
    "docx": ("document", (b"PK\x03\x04",)),
    "xlsx": ("document", (b"PK\x03\x04",)),
}


class EvidenceRefused(Exception):
    """A file that cannot be kept as evidence; the message is for the user."""


def evidence_kind(name: str, size: int, head: bytes, max_bytes: int = MAX_EVIDENCE_BYTES) -> str:
    """``photo`` or ``document`` for an acceptable evidence file, or refuse it with a reason."""
    extension = name.rsplit(".", 1)[-1].lower() if "." in name else ""
    if extension not in EVIDENCE_TYPES:
        allowed = "、".join(sorted(EVIDENCE_TYPES))
        raise EvidenceRefused(f"不支持的文件类型「{extension or '无扩展名'}」，仅支持：{allowed}")
    if size <= 0:
        raise EvidenceRefused("文件为空")
    if size > max_bytes:
        raise EvidenceRefused(
            f"文件过大（{size / 1048576:.1f} MB），上限 {max_bytes // 1048576} MB"
        )
    kind, signatures = EVIDENCE_TYPES[extension]
    if not any(head.startswith(signature) for signature in signatures):
        raise EvidenceRefused(f"文件内容与扩展名「{extension}」不符")
    return kind
