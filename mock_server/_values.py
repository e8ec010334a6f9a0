"""`DataValue`: equality, hash and repr for dataclasses, written once.

`@dataclass` generates `__eq__`, `__hash__` and `__repr__` for each class when the class is
made, compiling their source text at every import: about a fifth of a millisecond per class,
and `groove-mock serve` imports some twenty of them before its first answer. A dataclass made
with `eq=False, repr=False` on top of `DataValue` gets the same three from here: over the
fields `@dataclass` would use (those that compare, that hash, that show), with the same
results (tests/mock_server/test_values.py compares them with generated ones). A mutable
dataclass (not frozen) is made on `MutableValue`: the same, but unhashable, as `@dataclass`
makes it.
"""

from __future__ import annotations

import dataclasses
import operator
from collections.abc import Callable
from typing import Any

Values = Callable[[Any], tuple[Any, ...]]
_DESCRIBED: dict[type, tuple[Values, Values, tuple[str, ...]]] = {}


class DataValue:
    """The base of a frozen dataclass made with `eq=False, repr=False` (see the module)."""

    __slots__ = ()

    def __eq__(self, other: object) -> bool:
        if other.__class__ is not self.__class__:
            return NotImplemented
        compared = _described(self)[0]
        return compared(self) == compared(other)

    def __hash__(self) -> int:
        return hash(_described(self)[1](self))

    def __repr__(self) -> str:
        shown = ", ".join(f"{name}={getattr(self, name)!r}" for name in _described(self)[2])
        return f"{self.__class__.__qualname__}({shown})"


def _described(item: DataValue) -> tuple[Values, Values, tuple[str, ...]]:
    """The fields of a dataclass that compare, that hash, and that show, as `@dataclass` reads
    them; the first two as functions giving their values as a tuple."""
    cls = item.__class__
    found = _DESCRIBED.get(cls)
    if found is None:
        fields = dataclasses.fields(item)  # type: ignore[arg-type]  # a dataclass instance
        compared = [f.name for f in fields if f.compare]
        hashed = [f.name for f in fields if (f.compare if f.hash is None else f.hash)]
        shown = tuple(f.name for f in fields if f.repr)
        found = _DESCRIBED[cls] = (_values(compared), _values(hashed), shown)
    return found


def _values(names: list[str]) -> Values:
    if not names:
        return lambda item: ()
    if len(names) == 1:
        name = names[0]
        return lambda item: (getattr(item, name),)
    getter: Values = operator.attrgetter(*names)
    return getter


class MutableValue(DataValue):
    """The base of a mutable dataclass made with `eq=False, repr=False`: it compares and shows
    as `DataValue` does, and cannot be hashed, as `@dataclass` makes a class that compares
    without being frozen."""

    __slots__ = ()
    __hash__ = None  # type: ignore[assignment]
