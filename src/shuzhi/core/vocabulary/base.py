"""``Vocabulary``: a string enum whose members carry their Chinese label.

Members are declared like Django's ``TextChoices`` (``GOOD = "good", "好"``) and offer the same
class attributes (``choices``, ``values``, ``labels``), so a model field or a form takes
``choices=Grade.choices`` straight from the pure enum, with no Django import here.
"""

from __future__ import annotations

from collections.abc import Iterable
from enum import EnumType, StrEnum
from typing import TYPE_CHECKING, Self, cast


class _VocabularyType(EnumType):
    # Django templates call any callable they meet; an enum class must stay a value there.
    do_not_call_in_templates = True

    def _members(cls) -> list[Vocabulary]:
        return cast("list[Vocabulary]", list(cls.__members__.values()))

    @property
    def choices(cls) -> list[tuple[str, str]]:
        """(value, label) pairs in declaration order, as model fields and forms want them."""
        return [(member.value, member.label) for member in cls._members()]

    @property
    def values(cls) -> list[str]:
        return [member.value for member in cls._members()]

    @property
    def labels(cls) -> list[str]:
        return [member.label for member in cls._members()]


def choices_of(members: Iterable[Vocabulary]) -> list[tuple[str, str]]:
    """(value, label) pairs of some members of a vocabulary, e.g. the sources entered by hand."""
    return [(member.value, member.label) for member in members]


class Vocabulary(StrEnum, metaclass=_VocabularyType):
    """A closed set of stored values, each with the one label every screen and file shows."""

    _value_: str
    label: str

    if TYPE_CHECKING:
        # What type checkers see: ``Grade("good")`` looks a member up by its stored value.
        def __new__(cls, value: str) -> Self: ...

    else:

        def __new__(cls, value: str, label: str) -> Self:
            member = str.__new__(cls, value)
            member._value_ = value
            member.label = label
            return member

    @classmethod
    def from_label(cls, label: str) -> Self:
        """The member shown as ``label`` (as a workbook cell holds it); ``ValueError`` if none."""
        for member in cls:
            if member.label == label:
                return member
        raise ValueError(f"{label!r} is not a label of {cls.__name__}")

    @classmethod
    def by_label(cls) -> dict[str, str]:
        """Label → stored value, for reading workbooks and other files written for people."""
        return {member.label: member.value for member in cls}
