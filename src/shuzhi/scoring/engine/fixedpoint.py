"""Exact fixed-point helpers: Decimal ↔ scaled integers, and integer division with a rounding mode.

Every number the engine reads has a bounded number of decimals (``types.SCORE_DECIMALS``,
``types.WEIGHT_DECIMALS``), so it is an exact integer once scaled. The integer division below
rounds exactly like ``Decimal.quantize`` with the same mode, for Python ints and numpy arrays.
"""

from __future__ import annotations

from decimal import ROUND_DOWN, ROUND_HALF_EVEN, ROUND_HALF_UP, Decimal
from typing import TypeVar, cast

import numpy as np
import numpy.typing as npt

from .types import MAGNITUDE, ScoringError

IntArray = npt.NDArray[np.int64]
T = TypeVar("T", int, IntArray)


def to_units(value: Decimal | int, decimals: int, what: str) -> int:
    """``value`` × 10^decimals as an exact int; ScoringError if it has more decimals."""
    number = Decimal(value)
    if not number.is_finite():
        raise ScoringError(f"{what}不是有效数字")
    scaled = number.scaleb(decimals)
    if scaled != scaled.to_integral_value():
        raise ScoringError(f"{what}最多保留 {decimals} 位小数（收到 {value}）")
    return int(scaled)


def check_magnitude(value: Decimal | int, what: str) -> None:
    """ScoringError unless ``value`` is a number within ±MAGNITUDE (far from any overflow)."""
    number = Decimal(value)
    if not number.is_finite():
        raise ScoringError(f"{what}不是有效数字")
    if abs(number) > MAGNITUDE:
        raise ScoringError(f"{what}超出可计算范围：绝对值不能超过 {MAGNITUDE:,}（收到 {number:f}）")


def from_units(units: int, decimals: int) -> Decimal:
    """The Decimal ``units`` × 10^-decimals (exact)."""
    return Decimal(int(units)).scaleb(-decimals)


def div_round(numerator: T, denominator: int | IntArray, mode: str) -> T:
    """``numerator / denominator`` (denominator > 0) rounded to an integer like Decimal does.

    ROUND_HALF_UP rounds halves away from zero, ROUND_HALF_EVEN to the even neighbour,
    ROUND_DOWN towards zero — the same results as ``Decimal.quantize`` in those modes.
    """
    if isinstance(numerator, int) and isinstance(denominator, int):
        quotient, remainder = divmod(abs(numerator), denominator)
        if mode == ROUND_HALF_UP:
            quotient += 2 * remainder >= denominator
        elif mode == ROUND_HALF_EVEN:
            twice = 2 * remainder
            quotient += twice > denominator or (twice == denominator and quotient % 2 == 1)
        elif mode != ROUND_DOWN:
            raise ScoringError(f"不支持的舍入方式：{mode}")
        return -quotient if numerator < 0 else quotient
    absolute = np.abs(numerator)
    quotient = absolute // denominator
    remainder = absolute - quotient * denominator
    if mode == ROUND_HALF_UP:
        quotient = quotient + (2 * remainder >= denominator)
    elif mode == ROUND_HALF_EVEN:
        twice = 2 * remainder
        quotient = quotient + (
            (twice > denominator) | ((twice == denominator) & (quotient % 2 == 1))
        )
    elif mode != ROUND_DOWN:
        raise ScoringError(f"不支持的舍入方式：{mode}")
    # numpy's stubs lose T through np.where; the value is an int or an int64 array like ``T``.
    return cast(T, np.where(numerator < 0, -quotient, quotient).astype(np.int64))


def ceil_div(numerator: int, denominator: int) -> int:
    return -((-numerator) // denominator)


def decimal_texts(units: IntArray, decimals: int) -> list[str]:
    """``str(from_units(u, decimals))`` for every ``u`` (decimals ≤ 6), without building a
    Decimal per value: a province round's results are written as text."""
    if decimals == 0:
        return [str(u) for u in units.tolist()]
    whole, part = np.divmod(np.abs(units), 10**decimals)
    signs = np.where(units < 0, "-", "").tolist()
    template = f"%s%d.%0{decimals}d"  # printf-style: twice as fast as an f-string here
    return [template % value for value in zip(signs, whole.tolist(), part.tolist(), strict=True)]
