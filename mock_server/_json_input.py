"""Parsing JSON request bodies with bounds: nesting depth and the size of numbers.

Python's `json` module recurses once per nesting level (a body nested 1,000 deep raises
`RecursionError`) and turns any run of digits into an `int` (more than 4,300 digits raises
`ValueError` since Python 3.11). Both would be a 500; here each is a `JSONInputError` with a
one-line message, which each side renders in its own error shape. No body the mock reads needs
more than a few levels or numbers longer than a 64-bit integer.
"""

from __future__ import annotations

import json
import math
from typing import Any

MAX_JSON_DEPTH = 32
MAX_NUMBER_CHARS = 40

__all__ = ["MAX_JSON_DEPTH", "MAX_NUMBER_CHARS", "JSONInputError", "parse_json"]


class JSONInputError(ValueError):
    """A body that is not JSON, or is JSON beyond the bounds; `str()` is one line."""


def _integer(text: str) -> int:
    if len(text) > MAX_NUMBER_CHARS:
        raise JSONInputError(f"a number has more than {MAX_NUMBER_CHARS} characters")
    return int(text)


def _real(text: str) -> float:
    if len(text) > MAX_NUMBER_CHARS:
        raise JSONInputError(f"a number has more than {MAX_NUMBER_CHARS} characters")
    value = float(text)
    if not math.isfinite(value):
        raise JSONInputError(f"the number {text} is out of range")
    return value


def _constant(name: str) -> Any:
    raise JSONInputError(f"{name} is not a JSON number")


def _too_deep(value: Any) -> bool:
    """Whether `value` nests deeper than MAX_JSON_DEPTH, walked without recursion."""
    level: list[Any] = [value]
    for _ in range(MAX_JSON_DEPTH):
        inner: list[Any] = []
        for item in level:
            if isinstance(item, dict):
                inner.extend(item.values())
            elif isinstance(item, list):
                inner.extend(item)
        if not inner:
            return False
        level = inner
    return any(isinstance(item, dict | list) for item in level)


def parse_json(raw: bytes) -> Any:
    """The JSON value of a UTF-8 body, or `JSONInputError` saying what is wrong."""
    depth_problem = f"the JSON nests deeper than {MAX_JSON_DEPTH} levels"
    try:
        text = raw.decode("utf-8")
        value = json.loads(text, parse_int=_integer, parse_float=_real, parse_constant=_constant)
    except JSONInputError:
        raise
    except RecursionError:
        raise JSONInputError(depth_problem) from None
    except UnicodeDecodeError:
        raise JSONInputError("the body is not UTF-8") from None
    except ValueError as exc:
        first = str(exc).splitlines()[0] if str(exc) else type(exc).__name__
        raise JSONInputError(f"not JSON ({first})") from None
    if _too_deep(value):
        raise JSONInputError(depth_problem)
    return value
