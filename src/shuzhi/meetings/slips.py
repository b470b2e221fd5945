"""QR codes (segno) for ballot slips and the sign-in poster, as inline SVG."""

from __future__ import annotations

import segno


def qr_svg(url: str, scale: int = 3) -> str:
    return str(segno.make(url, error="m").svg_inline(scale=scale, border=2, omitsize=True))
