"""Materialised paths for the organisation tree (pure; no Django import).

Each organisation's ``path`` is its parent's path plus one fixed-width step of ``STEP_WIDTH``
base-36 digits (0-9, A-Z). A subtree is then one half-open range of paths,
``[path, successor(path))``, which an ordinary B-tree index answers on SQLite and PostgreSQL
alike, whatever the collation, with no LIKE.
"""

from __future__ import annotations

ALPHABET = "0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZ"
STEP_WIDTH = 4
MAX_CHILDREN = len(ALPHABET) ** STEP_WIDTH
MAX_DEPTH = 12
PATH_MAX_LENGTH = STEP_WIDTH * MAX_DEPTH


def encode_step(number: int) -> str:
    """Encode a 1-based child number as one fixed-width step."""
    if not 0 < number < MAX_CHILDREN:
        raise ValueError(f"child number {number} out of range")
    digits = []
    for _ in range(STEP_WIDTH):
        number, remainder = divmod(number, len(ALPHABET))
        digits.append(ALPHABET[remainder])
    return "".join(reversed(digits))


def decode_step(step: str) -> int:
    value = 0
    for char in step:
        value = value * len(ALPHABET) + ALPHABET.index(char)
    return value


def child_path(parent_path: str, number: int) -> str:
    return parent_path + encode_step(number)


def last_step_number(path: str) -> int:
    return decode_step(path[-STEP_WIDTH:])


def depth_of(path: str) -> int:
    """Depth of a path: 0 for a root."""
    return len(path) // STEP_WIDTH - 1


def ancestor_paths(path: str) -> list[str]:
    """Paths of all proper ancestors, root first."""
    return [path[:end] for end in range(STEP_WIDTH, len(path), STEP_WIDTH)]


def successor(path: str) -> str | None:
    """The smallest string of the same length greater than every path under ``path``.

    ``None`` means there is none (every step is the last digit): the subtree is open-ended.
    """
    chars = list(path)
    for index in range(len(chars) - 1, -1, -1):
        position = ALPHABET.index(chars[index])
        if position + 1 < len(ALPHABET):
            chars[index] = ALPHABET[position + 1]
            return "".join(chars[: index + 1])
        chars[index] = ALPHABET[0]
    return None


def is_within(path: str, root_path: str) -> bool:
    """True when ``path`` is ``root_path`` itself or lies below it."""
    return path.startswith(root_path) and len(path) % STEP_WIDTH == 0
