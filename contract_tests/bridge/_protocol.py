"""The bridge protocol: JSON lines between the suite and an adapter process (docs/bridge.md).

Every message has a JSON Schema shipped in `contract_tests/bridge/schemas/`; the suite checks
what the adapter says against them (and what it says itself, in the tests), so the schemas are
the protocol's one definition. A message that breaks its schema is a `ProtocolError` naming the
field (`$.outcome.status: 'x' is not of type 'integer', 'null'`).
"""

from __future__ import annotations

import json
from functools import cache
from importlib import resources
from typing import Any, Literal

PROTOCOL_VERSION = 1
"""Bumped when a message changes in a way an adapter must know about; an adapter says the
version it speaks in its hello, and a different one is refused with both numbers named."""

MessageKind = Literal["suite-hello", "adapter-hello", "step", "outcome", "close"]
MESSAGE_KINDS: tuple[MessageKind, ...] = (
    "suite-hello",
    "adapter-hello",
    "step",
    "outcome",
    "close",
)

_SHOWN = 120
"""How much of an adapter's line a message quotes."""


class ProtocolError(Exception):
    """The adapter said something the protocol does not allow; `str()` is one line."""


@cache
def schema(kind: MessageKind) -> dict[str, Any]:
    """The JSON Schema of one message, as shipped in the package."""
    text = resources.files(__package__).joinpath(f"schemas/{kind}.schema.json").read_text("utf-8")
    loaded: dict[str, Any] = json.loads(text)
    return loaded


@cache
def _validator(kind: MessageKind) -> Any:
    from jsonschema import Draft202012Validator

    return Draft202012Validator(schema(kind))


def validate(kind: MessageKind, message: object) -> None:
    """Raise `ProtocolError` naming the first field of `message` that breaks its schema."""
    from jsonschema.exceptions import best_match

    error = best_match(_validator(kind).iter_errors(message))
    if error is None:
        return
    where = error.json_path
    if error.validator == "additionalProperties":
        unknown = sorted(set(error.instance) - set(error.schema.get("properties", {})))
        names = ", ".join(repr(name) for name in unknown)
        raise ProtocolError(f"{where}: unknown field {names} (see docs/bridge.md)")
    if error.validator == "required":
        raise ProtocolError(f"{where}: {error.message}")
    raise ProtocolError(f"{where}: {_shorten(error.message)}")


def parse_line(raw: bytes, number: int) -> dict[str, Any]:
    """One line of the adapter's output as a JSON object, or a `ProtocolError` quoting it."""
    try:
        message = json.loads(raw)
    except ValueError:
        text = raw.decode("utf-8", "replace").rstrip("\r\n")
        raise ProtocolError(
            f"line {number} of its output is not JSON: {_shorten(repr(text))} (write logs to "
            f"stderr, one JSON message per line to stdout)"
        ) from None
    if not isinstance(message, dict):
        raise ProtocolError(
            f"line {number} of its output is a JSON {type(message).__name__}, not an object"
        )
    if not isinstance(message.get("type"), str):
        raise ProtocolError(f"line {number} of its output has no string field 'type'")
    return message


def encode(kind: MessageKind, message: dict[str, Any]) -> bytes:
    """A message of the suite as one line. The suite holds itself to its own schemas."""
    validate(kind, message)
    return json.dumps(message, separators=(",", ":"), ensure_ascii=False).encode() + b"\n"


def _shorten(text: str) -> str:
    return text if len(text) <= _SHOWN else text[: _SHOWN - 1] + "…"
