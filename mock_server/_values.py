"""`DataValue`: equality, hash and repr for dataclasses, written once.

`@dataclass` generates `__eq__`, `__hash__` and `__repr__` for each class when the class is
made, compiling their source text at every import: about a fifth of a millisecond per class,
and `groove-mock serve` imports some twenty of them before its first answer. A dataclass made
with `eq=False, repr=False` on top of `DataValue` gets the same three from here: over the
fields `@dataclass` would use (those that compare, that hash, that show), with the same
results (tests/mock_server/test_values.py compares them with generated ones). A mutable
dataclass (not frozen) is made on `MutableValue`: the same, but unhashable, as `@dataclass`
makes it.

A frozen one is made with `@frozen_value`, which also spares the rest of what
`@dataclass(frozen=True, slots=True)` compiles: `__setattr__` and `__delattr__` (refusing any
change, as the generated ones do) are written once here, and `__init__` (the one `@dataclass`
would generate: same parameters, defaults, factories and `__post_init__`) is compiled on the
class's first instance, so a class that `groove-mock serve` never instantiates before its first
answer costs no compilation at all.
"""

from __future__ import annotations

import dataclasses
import operator
from collections.abc import Callable
from typing import Any, NoReturn, TypeVar, dataclass_transform

Values = Callable[[Any], tuple[Any, ...]]
_DESCRIBED: dict[type, tuple[Values, Values, tuple[str, ...]]] = {}
V = TypeVar("V", bound="DataValue")


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


@dataclass_transform(frozen_default=True, field_specifiers=(dataclasses.field,))
def frozen_value(cls: type[V]) -> type[V]:
    """`@dataclass(frozen=True, slots=True, eq=False, repr=False)` for a `DataValue` class: the
    same fields, `__init__`, refusals to change, copies and pickles, with less compiled at
    import (see the module). The class must have a docstring (`@dataclass` would otherwise
    make one from the signature of `__init__`, which is not there yet)."""
    if not issubclass(cls, DataValue) or not cls.__dict__.get("__doc__"):
        raise TypeError(f"{cls.__qualname__}: a frozen value is a DataValue with a docstring")
    made = dataclasses.dataclass(cls, init=False, repr=False, eq=False, slots=True)
    for declared in made.__dict__.get("__dataclass_fields__", {}).values():
        if declared.kw_only or "InitVar" in str(declared.type):
            raise TypeError(f"{cls.__qualname__}.{declared.name}: not supported by frozen_value")
    for name, method in _FROZEN_METHODS.items():
        setattr(made, name, method)
    return made


def _first_init(self: DataValue, *args: Any, **kwargs: Any) -> None:
    """Every frozen value's `__init__` until its class has its own, made here on the first
    instance (two threads making it at once make the same)."""
    cls = type(self)
    init = _init_of(cls)
    type.__setattr__(cls, "__init__", init)
    init(self, *args, **kwargs)


class _Factory:
    def __repr__(self) -> str:
        return "<factory>"


_HAS_FACTORY = _Factory()
"""The default of a parameter whose field has a default factory (shown as `<factory>`)."""


def _init_of(cls: type) -> Callable[..., None]:
    """The `__init__` that `@dataclass(frozen=True)` generates for `cls`, as its source text
    would be, with fields set through `object.__setattr__`. Compiled alone, in a namespace of
    its own holding the defaults and factories it names (the module's globals do not matter to
    it): a third less to compile than `@dataclass`'s wrapper function."""
    names: dict[str, Any] = {
        "__name__": cls.__module__,
        "_value_set": object.__setattr__,
        "_value_factory": _HAS_FACTORY,
    }
    params, body = ["self"], []
    fields = dataclasses.fields(cls)
    for f in fields:
        default, make = f"_value_default_{f.name}", f"_value_make_{f.name}"
        if f.default is not dataclasses.MISSING:
            names[default] = f.default
        if f.default_factory is not dataclasses.MISSING:
            names[make] = f.default_factory
        if f.init:
            if make in names:
                params.append(f"{f.name}=_value_factory")
                value = f"{make}() if {f.name} is _value_factory else {f.name}"
            else:
                params.append(f"{f.name}={default}" if default in names else f.name)
                value = f.name
        elif make in names or default in names:
            value = f"{make}()" if make in names else default
        else:
            continue
        body.append(f" _value_set(self, {f.name!r}, {value})")
    if hasattr(cls, "__post_init__"):
        body.append(" self.__post_init__()")
    source = f"def __init__({', '.join(params)}):\n" + "\n".join(body or [" pass"]) + "\n"
    exec(source, names)  # noqa: S102 - our own text, of names we made
    init: Callable[..., None] = names["__init__"]
    init.__qualname__ = f"{cls.__qualname__}.__init__"
    init.__annotations__ = {**{f.name: f.type for f in fields if f.init}, "return": None}
    return init


def _refuse_set(self: DataValue, name: str, value: Any) -> NoReturn:
    raise dataclasses.FrozenInstanceError(f"cannot assign to field {name!r}")


def _refuse_delete(self: DataValue, name: str) -> NoReturn:
    raise dataclasses.FrozenInstanceError(f"cannot delete field {name!r}")


def _state_of(self: DataValue) -> list[Any]:
    return [getattr(self, f.name) for f in dataclasses.fields(self)]  # type: ignore[arg-type]


def _set_state(self: DataValue, state: list[Any]) -> None:
    for f, value in zip(dataclasses.fields(self), state, strict=False):  # type: ignore[arg-type]
        object.__setattr__(self, f.name, value)


# What `@dataclass(frozen=True, slots=True)` adds besides comparison and repr (the state
# methods are those it gives a frozen class with slots, for copy and pickle).
_FROZEN_METHODS: dict[str, Callable[..., Any]] = {
    "__init__": _first_init,
    "__setattr__": _refuse_set,
    "__delattr__": _refuse_delete,
    "__getstate__": _state_of,
    "__setstate__": _set_state,
}
