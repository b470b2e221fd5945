"""Templates are read and reviewed like code: no line is a wall of markup."""

from pathlib import Path

import shuzhi

LONGEST_LINE = 200


def test_no_template_line_is_longer_than_the_limit() -> None:
    root = Path(shuzhi.__file__).parent
    walls = [
        f"{path.relative_to(root)}:{number} ({len(line)} characters)"
        for path in sorted(root.rglob("*.html"))
        for number, line in enumerate(path.read_text(encoding="utf-8").splitlines(), start=1)
        if len(line) > LONGEST_LINE
    ]
    advice = "break these template lines between elements or attributes:\n"
    assert walls == [], advice + "\n".join(walls)
