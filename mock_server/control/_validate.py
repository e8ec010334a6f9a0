"""Checks for values that come from JSON bodies, query strings or Python callers alike.

Every failure is a `ControlError` whose one-line message names the field, so a typo in a test
or a curl command reads as what it is, never as a 500.
"""

from __future__ import annotations

import math
from collections.abc import Collection, Mapping
from datetime import UTC, datetime
from typing import Any

from ._errors import ControlError


def reject_unknown(data: Mapping[str, Any], known: Collection[str], where: str) -> None:
    unknown = sorted(set(data) - set(known))
    if unknown:
        raise ControlError(
            f"{where}: unknown field {unknown[0]!r} (known: {', '.join(sorted(known))})"
        )


def text(name: str, value: Any, *, allow_empty: bool = False) -> str:
    if not isinstance(value, str) or (not allow_empty and not value.strip()):
        raise ControlError(f"{name} must be a non-empty string")
    return value


def optional_text(name: str, value: Any) -> str | None:
    return None if value is None else text(name, value)


def integer(name: str, value: Any, *, low: int, high: int) -> int:
    if isinstance(value, str):
        value = _parse(name, value, int)
    if isinstance(value, bool) or not isinstance(value, int):
        raise ControlError(f"{name} must be an integer")
    if not low <= value <= high:
        raise ControlError(f"{name} must be between {low} and {high}, not {value}")
    return value


def optional_integer(name: str, value: Any, *, low: int, high: int) -> int | None:
    return None if value is None else integer(name, value, low=low, high=high)


def number(name: str, value: Any, *, low: float, high: float) -> float:
    if isinstance(value, str):
        value = _parse(name, value, float)
    if isinstance(value, bool) or not isinstance(value, int | float):
        raise ControlError(f"{name} must be a number")
    if not math.isfinite(value) or not low <= value <= high:
        raise ControlError(f"{name} must be between {low:g} and {high:g}, not {value}")
    return float(value)


def boolean(name: str, value: Any) -> bool:
    if isinstance(value, str) and value.lower() in {"true", "false", "1", "0"}:
        return value.lower() in {"true", "1"}
    if not isinstance(value, bool):
        raise ControlError(f"{name} must be true or false")
    return value


def timestamp(name: str, value: Any) -> float:
    """A Unix time in seconds, or an ISO-8601 date-time (UTC when it names no zone)."""
    if isinstance(value, str) and not _looks_numeric(value):
        try:
            moment = datetime.fromisoformat(value.strip())
        except ValueError:
            raise ControlError(
                f"{name} must be a Unix time or an ISO-8601 date-time, not {value!r}"
            ) from None
        if moment.tzinfo is None:
            moment = moment.replace(tzinfo=UTC)
        return moment.timestamp()
    return number(name, value, low=0, high=253402300799)  # up to 9999-12-31T23:59:59Z


def scopes(name: str, value: Any) -> frozenset[str]:
    """Scopes as a list of strings or one space-separated string."""
    if isinstance(value, str):
        items: list[Any] = value.split()
    elif isinstance(value, list | tuple | set | frozenset):
        items = list(value)
    else:
        raise ControlError(f"{name} must be a list of scopes or a space-separated string")
    for item in items:
        if not isinstance(item, str) or not item or any(c.isspace() for c in item):
            raise ControlError(f"{name}: {item!r} is not a scope")
    return frozenset(items)


def iso(moment: float) -> str:
    return datetime.fromtimestamp(moment, UTC).isoformat(timespec="milliseconds")[:-6] + "Z"


def _looks_numeric(value: str) -> bool:
    try:
        float(value)
    except ValueError:
        return False
    return True


def _parse(name: str, value: str, kind: type[int] | type[float]) -> Any:
    try:
        return kind(value.strip())
    except ValueError:
        noun = "an integer" if kind is int else "a number"
        raise ControlError(f"{name} must be {noun}, not {value!r}") from None
