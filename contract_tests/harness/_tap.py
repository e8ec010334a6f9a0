"""The wire tap: a pure ASGI wrapper in front of the mock that the suite reads its evidence from.

The mock's journal says what the mock concluded (credentials, token kinds, violations); the tap
adds what the suite needs to judge request shapes: query and form fields (secrets replaced by
their fingerprint), the content type, each Authorization value's fingerprint, the token
fingerprints a token endpoint handed out, and the real arrival time (for Retry-After). It can
also answer a request itself with a queued fault, and it refuses requests beyond a per-step
budget so that a looping client cannot run forever. The app behind it can be swapped, so one
socket serves a fresh mock per rule.
"""

from __future__ import annotations

import json
import re
import threading
import time
from collections import deque
from dataclasses import dataclass, field
from typing import Any
from urllib.parse import parse_qsl

from starlette.responses import Response

from mock_server._journal import ENTRY_KEY, JournalEntry
from mock_server._responses import groove_error_response, oauth_error_response
from mock_server._tokens import fingerprint
from mock_server.auth._errors import OAUTH_ERRORS
from mock_server.groove._errors import GROOVE_ERRORS
from mock_server.types import ASGIApp, Message, Receive, Scope, Send

SECRET_FIELDS = frozenset(
    {
        "client_secret",
        "code",
        "refresh_token",
        "code_verifier",
        "access_token",
        "accesstoken",
        "client_assertion",
        "password",
    }
)
"""Field names whose values the tap never keeps (lower case): it keeps a fingerprint."""

NO_SCHEME = "(no scheme)"
_SCHEME = re.compile(r"[A-Za-z][A-Za-z0-9-]{0,19}")
"""What the tap keeps as an auth scheme (Bearer, Basic...): short, so no token passes as one."""
_TOKEN_PATHS = ("/accesstoken.srf", "/oauth20_token.srf")
_MAX_CAPTURE = 64 * 1024


def redact(name: str, value: str) -> str:
    if name.lower() in SECRET_FIELDS:
        return "fp:" + fingerprint(value) if value else ""
    return value[:2000]


def _authorization(value: str) -> str:
    """One Authorization value as `<scheme> fp:<fingerprint>`, never the token itself. A value
    whose first word does not look like a scheme (a bare token) is fingerprinted whole and shown
    as `(no scheme)`, so a client that forgets `Bearer ` does not put its token in a report."""
    scheme, _, token = value.strip().partition(" ")
    if not (token.strip() and _SCHEME.fullmatch(scheme)):
        return f"{NO_SCHEME} fp:{fingerprint(value.strip())}"
    return f"{scheme} fp:{fingerprint(token.strip())}"


def _fields(text: str) -> dict[str, list[str]]:
    fields: dict[str, list[str]] = {}
    for name, value in parse_qsl(text, keep_blank_values=True):
        fields.setdefault(name, []).append(redact(name, value))
    return fields


@dataclass(slots=True)
class WireRecord:
    """One request as the tap saw it, with no secret in clear."""

    seq: int
    step: int
    arrived: float
    method: str
    path: str
    query: dict[str, list[str]]
    content_type: str
    form: dict[str, list[str]]
    authorization: list[str]
    credentials: list[str] = field(default_factory=list)
    status: int = 0
    error_code: str | None = None
    retry_after: str | None = None
    issued: dict[str, str] = field(default_factory=dict)
    item_ids: list[str] = field(default_factory=list)
    continuations: list[str] = field(default_factory=list)
    injected: str | None = None
    journal_seq: int | None = None
    """The number the mock's journal gave this request (None: it never reached the mock):
    the one number a report shows for it, as the rules' checks quote journal entries."""
    violations: list[str] = field(default_factory=list)
    """What the mock's journal recorded against this request (the rules' server signals)."""
    wall: float = 0.0
    """Arrival on the wall clock, to judge a Retry-After given as an HTTP-date."""

    @property
    def side(self) -> str:
        return "api" if self.path.startswith(("/1/", "/3/")) else "auth"

    def one(self, source: dict[str, list[str]], name: str) -> str | None:
        values = source.get(name)
        return values[0] if values else None

    def summary(self) -> str:
        """One line for a failure report: `#7 POST /accesstoken.srf -> 400 invalid_grant`."""
        names = sorted(self.query)
        query = f"?{'&'.join(names)}" if names else ""
        outcome = f"{self.status}" + (f" {self.error_code}" if self.error_code else "")
        if self.injected:
            outcome += " (injected by the suite)"
        creds = f" [{len(self.authorization)} Authorization]" if self.authorization else ""
        number = f"#{self.journal_seq}" if self.journal_seq is not None else "(not journaled)"
        return f"{number} {self.method} {self.path}{query}{creds} -> {outcome}"

    def to_json(self) -> dict[str, Any]:
        return {
            "seq": self.seq,
            "journal_seq": self.journal_seq,
            "step": self.step,
            "method": self.method,
            "path": self.path,
            "query": self.query,
            "content_type": self.content_type,
            "form": self.form,
            "authorization": self.authorization,
            "credentials": self.credentials,
            "status": self.status,
            "error_code": self.error_code,
            "retry_after": self.retry_after,
            "issued": self.issued,
            "items": len(self.item_ids),
            "continuations": len(self.continuations),
            "injected": self.injected,
            "violations": self.violations,
        }


@dataclass(slots=True)
class Fault:
    """A response the tap gives instead of the mock, `times` times, on paths starting with
    `path_prefix`: the mock's own answer for that Groove ErrorCode (API paths) or OAuth error
    (the token endpoints, e.g. `path_prefix="/oauth20_token.srf"`), at `status`."""

    status: int
    error_code: str
    retry_after: str | None = None
    times: int = 1
    path_prefix: str = "/1/"

    def __post_init__(self) -> None:
        if self.error_code not in GROOVE_ERRORS and self.error_code not in OAUTH_ERRORS:
            raise ValueError(f"the tap injects Groove or OAuth errors, not {self.error_code!r}")

    def response(self) -> Response:
        if self.error_code in GROOVE_ERRORS:
            response = groove_error_response(GROOVE_ERRORS[self.error_code]())
        else:
            response = oauth_error_response(OAUTH_ERRORS[self.error_code]())
        response.status_code = self.status
        if self.retry_after is not None:
            response.headers["Retry-After"] = self.retry_after
        return response


_OVER_BUDGET = Fault(500, "INTERNAL_SERVER_ERROR")


class WireTap:
    """The ASGI app the suite exposes: records, injects faults, enforces a request budget."""

    def __init__(self, app: ASGIApp, *, budget: int = 60):
        self.app = app
        self.budget = budget
        self.records: list[WireRecord] = []
        self.step = 0
        self._step_requests = 0
        self._faults: deque[Fault] = deque()
        self._lock = threading.Lock()
        self._seq = 0

    # control ------------------------------------------------------------------------------

    def swap(self, app: ASGIApp) -> None:
        with self._lock:
            self.app = app
            self.records = []
            self._faults.clear()
            self.step = 0
            self._step_requests = 0

    def begin_step(self, step: int) -> None:
        with self._lock:
            self.step = step
            self._step_requests = 0

    def inject(self, fault: Fault) -> None:
        with self._lock:
            self._faults.append(fault)

    def clear_faults(self) -> None:
        with self._lock:
            self._faults.clear()

    def since(self, seq: int) -> list[WireRecord]:
        with self._lock:
            return [r for r in self.records if r.seq > seq]

    @property
    def last_seq(self) -> int:
        return self._seq

    # ASGI ---------------------------------------------------------------------------------

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http" or scope["path"].startswith("/_mock/"):
            await self.app(scope, receive, send)
            return
        body, receive = await _buffer(receive)
        record, fault, over_budget = self._open(scope, body)
        if over_budget:
            record.injected = "budget"
            await _respond(scope, receive, send, record, _OVER_BUDGET, "budget")
            return
        if fault is not None:
            await _respond(scope, receive, send, record, fault, fault.error_code)
            return
        captured = bytearray()

        async def send_and_record(message: Message) -> None:
            if message["type"] == "http.response.start":
                record.status = message["status"]
                entry = scope.get(ENTRY_KEY)  # the journal middleware's, on this same scope
                if isinstance(entry, JournalEntry):
                    record.journal_seq = entry.seq
                for name, value in message.get("headers", []):
                    if name.lower() == b"retry-after":
                        record.retry_after = value.decode("latin-1")
            elif message["type"] == "http.response.body" and len(captured) < _MAX_CAPTURE:
                captured.extend(message.get("body", b""))
                if not message.get("more_body", False):
                    _read_response(record, bytes(captured))
            await send(message)

        await self.app(scope, receive, send_and_record)
        entry = scope.get(ENTRY_KEY)  # once answered, every breach the mock saw is on it
        if isinstance(entry, JournalEntry):
            record.violations = list(entry.violations)

    def _open(self, scope: Scope, body: bytes) -> tuple[WireRecord, Fault | None, bool]:
        headers = scope.get("headers", [])
        content_type = ""
        authorization: list[str] = []
        for name, value in headers:
            if name == b"content-type":
                content_type = value.decode("latin-1")
            elif name == b"authorization":
                authorization += [
                    _authorization(part) for part in value.decode("latin-1").split(",")
                ]
        query = scope.get("query_string", b"").decode("latin-1")
        form: dict[str, list[str]] = {}
        if content_type.split(";")[0].strip().lower() == "application/x-www-form-urlencoded":
            form = _fields(body.decode("latin-1"))
        credentials = [a.rsplit(" ", 1)[-1] for a in authorization]
        for name, value in parse_qsl(query, keep_blank_values=True):
            if name.lower() in ("accesstoken", "access_token"):
                token = value.split(" ", 1)[-1] if name.lower() == "accesstoken" else value
                credentials.append("fp:" + fingerprint(token.strip()))
        with self._lock:
            self._seq += 1
            self._step_requests += 1
            record = WireRecord(
                seq=self._seq,
                step=self.step,
                arrived=time.monotonic(),
                wall=time.time(),
                method=scope["method"],
                path=scope["path"],
                query=_fields(query),
                content_type=content_type,
                form=form,
                authorization=authorization,
                credentials=credentials,
            )
            self.records.append(record)
            over_budget = self._step_requests > self.budget
            fault = None
            if not over_budget and self._faults:
                head = self._faults[0]
                if record.path.lower().startswith(head.path_prefix.lower()):
                    head.times -= 1
                    if head.times <= 0:
                        self._faults.popleft()
                    fault = head
        return record, fault, over_budget


async def _buffer(receive: Receive) -> tuple[bytes, Receive]:
    """Read the whole request body, and give the app a receive that replays it."""
    chunks: list[bytes] = []
    more = True
    while more:
        message = await receive()
        if message["type"] != "http.request":
            break
        chunks.append(message.get("body", b""))
        more = message.get("more_body", False)
    body = b"".join(chunks)
    replayed = False

    async def replay() -> Message:
        nonlocal replayed
        if not replayed:
            replayed = True
            return {"type": "http.request", "body": body, "more_body": False}
        return await receive()

    return body, replay


async def _respond(
    scope: Scope, receive: Receive, send: Send, record: WireRecord, fault: Fault, code: str
) -> None:
    record.status = fault.status
    record.error_code = fault.error_code
    record.retry_after = fault.retry_after
    record.injected = record.injected or code
    await fault.response()(scope, receive, send)


def _read_response(record: WireRecord, body: bytes) -> None:
    try:
        data = json.loads(body)
    except (ValueError, UnicodeDecodeError):
        return
    if not isinstance(data, dict):
        return
    error = data.get("Error")
    if isinstance(error, dict) and isinstance(error.get("ErrorCode"), str):
        record.error_code = error["ErrorCode"]
    elif isinstance(data.get("error"), str):
        record.error_code = data["error"]
    for value in data.values():
        if isinstance(value, dict) and isinstance(value.get("Items"), list):
            record.item_ids += [
                item["Id"]
                for item in value["Items"]
                if isinstance(item, dict) and isinstance(item.get("Id"), str)
            ]
            token = value.get("ContinuationToken")
            if isinstance(token, str) and token:
                record.continuations.append(token)
    if record.path.lower() in _TOKEN_PATHS:
        for name in ("access_token", "refresh_token"):
            value = data.get(name)
            if isinstance(value, str) and value:
                record.issued[name] = "fp:" + fingerprint(value)
