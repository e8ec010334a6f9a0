"""Queued faults: what the next N matching requests get instead of (or before) their answer.

A fault matches by HTTP method and a path pattern: a glob (`/1/content/*/lookup`, where `*`
crosses `/`) or, with a `re:` prefix, a regular expression that must match the whole path.
Both ignore case, as Groove paths do (reference §4). The control plane itself is never
faulted. The first queued fault that matches wins; each fires `times` times, then is gone.

What a fault does, in order: wait `delay` seconds; then either drop the connection, answer
with a body that is not JSON (`malformed`), answer with an error (`error` and/or `status`,
with `Retry-After`), or, when it asks for none of these, let the request through.

The queue of a mock state is `_fault_queue.FaultQueue`, which imports this module when the
first fault is queued.
"""

from __future__ import annotations

import fnmatch
import re
from collections.abc import Mapping
from dataclasses import asdict, dataclass
from typing import Any

from starlette.responses import Response

from .._journal import side_of
from ..auth._errors import OAUTH_ERRORS
from ..groove._errors import GROOVE_ERRORS
from . import _validate as check
from ._errors import ControlError
from ._fault_answers import error_answer, malformed_answer

FAULT_FIELDS = (
    "path",
    "method",
    "error",
    "status",
    "message",
    "retry_after",
    "delay",
    "drop",
    "malformed",
    "body",
    "times",
)
MAX_DELAY = 300.0
MAX_TIMES = 1_000_000


_METHOD = re.compile(r"[A-Za-z]+")


@dataclass(frozen=True, slots=True)
class Fault:
    """A queued fault as the control API shows it. `remaining` counts the firings left."""

    id: str
    path: str = "*"
    method: str = "*"
    error: str | None = None
    status: int | None = None
    message: str | None = None
    retry_after: int | None = None
    delay: float = 0.0
    drop: bool = False
    malformed: bool = False
    body: str | None = None
    times: int = 1
    remaining: int = 1

    def describe(self) -> str:
        """One line for the journal: `f3: delay 0.2s + 503 SERVICE_UNAVAILABLE`."""
        parts = [f"delay {self.delay:g}s"] if self.delay else []
        if self.drop:
            parts.append("drop")
        elif self.malformed:
            parts.append(f"malformed {self.status or 200}")
        elif self.error or self.status:
            status = self.status or _status_of(self.error)
            parts.append(" ".join(str(p) for p in (status, self.error) if p))
        return f"{self.id}: {' + '.join(parts) or 'pass'}"

    def to_json(self) -> dict[str, Any]:
        return asdict(self)

    @classmethod
    def from_json(cls, data: Mapping[str, Any]) -> Fault:
        known = {name: data[name] for name in (*FAULT_FIELDS, "id", "remaining") if name in data}
        return cls(**known)


def _status_of(error: str | None) -> int | None:
    cls = GROOVE_ERRORS.get(error or "") or OAUTH_ERRORS.get(error or "")
    return None if cls is None else cls.status_code


class _Armed:
    """A fault ready to fire: its pattern compiled and its answers built once, at queue time."""

    __slots__ = ("error_code", "fault", "methods", "pattern", "remaining", "responses")

    def __init__(self, fault: Fault, pattern: re.Pattern[str], methods: frozenset[str] | None):
        self.fault = fault
        self.pattern = pattern
        self.methods = methods
        self.remaining = fault.times
        self.responses: dict[str, tuple[Response, str | None]] = {}

    def matches(self, method: str, path: str) -> bool:
        return (self.methods is None or method in self.methods) and bool(
            self.pattern.fullmatch(path)
        )

    def answer(self, path: str) -> tuple[Response, str | None] | None:
        """The canned response and its error code for a request on `path`, if the fault
        answers at all (a drop or a delay-only fault does not)."""
        if not self.responses:
            return None
        return self.responses.get(side_of(path)) or self.responses["auth"]

    def snapshot(self) -> Fault:
        return Fault(**{**asdict(self.fault), "remaining": self.remaining})


def arm_fault(fault_id: str, spec: Mapping[str, Any]) -> _Armed:
    """A fault from its fields (only known ones: see `FaultQueue.add`), with its pattern and
    answers made; bad values raise ControlError."""
    path = check.text("path", spec.get("path", "*"))
    pattern = _compile_path(path)
    method, methods = _methods(spec.get("method", "*"))
    fault = Fault(
        id=fault_id,
        path=path,
        method=method,
        error=check.optional_text("error", spec.get("error")),
        status=check.optional_integer("status", spec.get("status"), low=200, high=599),
        message=check.optional_text("message", spec.get("message")),
        retry_after=check.optional_integer(
            "retry_after", spec.get("retry_after"), low=0, high=86400 * 365
        ),
        delay=check.number("delay", spec.get("delay", 0.0), low=0.0, high=MAX_DELAY),
        drop=check.boolean("drop", spec.get("drop", False)),
        malformed=check.boolean("malformed", spec.get("malformed", False)),
        body=_optional_body(spec.get("body")),
        times=check.integer("times", spec.get("times", 1), low=1, high=MAX_TIMES),
    )
    fault = Fault(**{**asdict(fault), "remaining": fault.times})
    armed = _Armed(fault, pattern, methods)
    _check_combination(fault)
    if fault.malformed:
        response = malformed_answer(fault)
        armed.responses = {"api": (response, None), "auth": (response, None)}
    elif fault.error or fault.status:
        armed.responses = {side: error_answer(fault, side) for side in ("api", "auth")}
    return armed


def _optional_body(value: Any) -> str | None:
    return None if value is None else check.text("body", value, allow_empty=True)


def _check_combination(fault: Fault) -> None:
    if fault.drop and (fault.error or fault.status or fault.malformed or fault.retry_after):
        raise ControlError("a dropped connection has no status, error, body or Retry-After")
    if fault.malformed and fault.error:
        raise ControlError("a malformed answer has no error code: give status and body instead")
    if fault.body is not None and not fault.malformed:
        raise ControlError("body is only for malformed answers")
    if fault.message is not None and not fault.error and not fault.status:
        raise ControlError("message needs an error answer (error or status)")
    if fault.retry_after is not None and not (fault.error or fault.status or fault.malformed):
        raise ControlError("retry_after needs an answer (error, status or malformed)")
    if fault.error and fault.error not in GROOVE_ERRORS and fault.error not in OAUTH_ERRORS:
        raise ControlError(
            f"unknown error {fault.error!r}: give a Groove ErrorCode (e.g. TOO_MANY_REQUESTS) "
            "or an OAuth error (e.g. invalid_grant)"
        )
    if fault.status is not None and fault.status < 400 and not fault.malformed and not fault.error:
        raise ControlError("a status-only fault needs a 4xx or 5xx status (or give error)")


def _compile_path(path: str) -> re.Pattern[str]:
    if path.startswith("re:"):
        try:
            return re.compile(path[3:], re.IGNORECASE)
        except re.error as exc:
            raise ControlError(f"path: bad regular expression ({exc})") from None
    if not path.startswith(("/", "*")):
        raise ControlError(f"path {path!r} must start with '/' or '*' (or 're:' for a regex)")
    return re.compile(fnmatch.translate(path), re.IGNORECASE)


def _methods(value: Any) -> tuple[str, frozenset[str] | None]:
    raw = check.text("method", value).strip()
    if raw == "*":
        return "*", None
    names = [name.strip().upper() for name in raw.split(",")]
    for name in names:
        if not _METHOD.fullmatch(name):
            raise ControlError(f"method {value!r}: give '*' or methods like GET or GET,POST")
    return ",".join(names), frozenset(names)
