"""The bridge: a client in any language, as an adapter process speaking JSON lines.

`command_factory("node my-adapter.js")` is a `ClientFactory` like any other: for each rule it
starts the command (in a session of its own), says hello with the protocol version and the
rule's environment, reads the adapter's hello (its protocol version and capabilities), then
sends steps and reads outcomes, and at the end says close and ends the whole process group.

One process per rule, not one per run with a reset message: a client's state (cached tokens,
cookies, pooled connections, a half-done sign-in) cannot leak from one rule into the next, one
rule that wrecks the process leaves the others alone, and an adapter needs no reset code that
could itself be wrong. What it costs is a start per rule (tens of milliseconds for node).

Every way the process can fail ends in a verdict and never a hang: it does not start (a
configuration error before any rule), it does not say hello in time, it exits mid-run, writes a
line that is not JSON or breaks a message's schema, answers a step it was not asked, stops
reading its input (each is the rule's ERROR, with the reason and its stderr), a step takes too
long (a failed step, as for a Python adapter; a late answer is ignored), it leaves processes
behind when it exits (ERROR; the group is ended).
"""

from __future__ import annotations

import contextlib
import os
import threading
from concurrent.futures import Future
from dataclasses import dataclass
from functools import cache
from typing import Any

from .._adapter import ClientFactory, ClientSpecError, Environment, Outcome, Step, outcome_from
from ..harness._hosting import CA_VARIABLES
from ._process import AdapterProcess, StartError, StopReading
from ._protocol import (
    PROTOCOL_VERSION,
    MessageKind,
    ProtocolError,
    encode,
    parse_line,
    validate,
)

LINE_LIMIT = 1 << 20
"""The longest line the adapter may write (1 MiB): a runaway writer is an error, not memory."""
CLOSE_GRACE = 2.0
"""Seconds the adapter has to exit after the close message before its group is ended."""
ANSWER_GRACE = 1.0
"""A step's own deadline is the session's step timeout plus this: the session's verdict
("timed out after N s") comes first, and the abandoned wait ends soon after."""
STDERR_TAIL = 12
START_TIMEOUT = 10.0
"""The least time an adapter has to answer the hello: a start (a JVM, a cold npx) may take
longer than a step, and a loaded CI machine longer still."""


class BridgeError(ClientSpecError):
    """The adapter process broke the bridge; `str()` is one line (plus its stderr's end)."""


@dataclass(frozen=True, slots=True)
class AdapterReport:
    """What a rule's report says about the adapter process: how it broke the bridge (empty
    when it did not) and its stderr, with the bridge's own notes."""

    failure: str
    log: str


def command_factory(
    command: str, *, timeout: float = 10.0, start_timeout: float = START_TIMEOUT
) -> ClientFactory:
    """A `ClientFactory` starting `command` (an adapter process speaking the bridge protocol,
    docs/bridge.md) for each rule; `timeout` is the basis of each step's deadline, and the
    hello's is the longer of it and `start_timeout`. The mock must be on a socket:
    `run_suite(command_factory(cmd), socket=True)`."""

    def start_adapter(env: Environment) -> ProcessAdapter:
        return ProcessAdapter(command, env, timeout=timeout, start_timeout=start_timeout)

    return start_adapter


@cache
def suite_name() -> str:
    from importlib.metadata import PackageNotFoundError, version

    try:
        return f"groove-contract {version('groove-contract')}"
    except PackageNotFoundError:  # run from a source tree
        return "groove-contract"


def child_environment(env: Environment) -> dict[str, str]:
    variables = dict(os.environ)
    if env.ca_file is not None:
        variables.update(dict.fromkeys(CA_VARIABLES, env.ca_file))
    return variables


class ProcessAdapter:
    """One adapter process for one rule, as a `ClientAdapter`."""

    def __init__(
        self,
        command: str,
        env: Environment,
        *,
        timeout: float = 10.0,
        start_timeout: float = START_TIMEOUT,
    ) -> None:
        if env.transport is not None:
            raise BridgeError("an adapter process needs the mock on a socket (--socket)")
        self._secret = env.client_secret
        self._timeout = timeout
        self._hello_timeout = max(timeout, start_timeout)
        self._lock = threading.Lock()
        self._pending: dict[int, tuple[str, Future[dict[str, Any]]]] = {}
        self._expired: set[int] = set()
        self._hello: Future[dict[str, Any]] | None = Future()
        self._failure = ""
        self._notes: list[str] = []
        self._closing = False
        self._next_id = 0
        try:
            self._process = AdapterProcess(command, child_environment(env))
        except StartError as exc:
            raise BridgeError(str(exc)) from None
        self._reader = threading.Thread(
            target=self._read, name=f"groove-adapter:{self._process.pid}", daemon=True
        )
        self._reader.start()
        try:
            self.capabilities = self._greet(env)
        except BridgeError as exc:
            self._process.end_group()  # first: its stderr is then read to the end
            raise self._error(str(exc)) from None

    # the protocol ---------------------------------------------------------------------------

    def _greet(self, env: Environment) -> frozenset[str]:
        hello = {
            "type": "hello",
            "protocol": PROTOCOL_VERSION,
            "suite": suite_name(),
            "environment": env.to_json(),
        }
        future = self._hello
        assert future is not None
        self._send(encode("suite-hello", hello), "its hello")
        try:
            answer = future.result(self._hello_timeout)
        except TimeoutError:
            raise BridgeError(
                f"it did not answer the hello within {self._hello_timeout:g} s"
            ) from None
        if answer["protocol"] != PROTOCOL_VERSION:
            raise BridgeError(
                f"it speaks protocol {answer['protocol']}; this suite speaks {PROTOCOL_VERSION}"
            )
        return frozenset(answer["capabilities"])

    def perform(self, step: Step) -> Outcome:
        with self._lock:
            if self._failure:
                raise BridgeError(self._failure)
            self._next_id += 1
            number = self._next_id
            future: Future[dict[str, Any]] = Future()
            self._pending[number] = (step["op"], future)
        self._send(encode("step", {"type": "step", "id": number, "step": dict(step)}), "a step")
        try:
            answer = future.result(self._timeout + ANSWER_GRACE)
        except TimeoutError:
            with self._lock:
                self._pending.pop(number, None)
                self._expired.add(number)
            raise BridgeError(f"no outcome for step {number} within {self._timeout:g} s") from None
        return outcome_from(answer)

    def close(self) -> None:
        with self._lock:
            if self._closing:
                return
            self._closing = True
        with contextlib.suppress(StopReading):  # it may have exited: the group ends below
            self._process.write(encode("close", {"type": "close"}), CLOSE_GRACE)
        self._process.close_stdin()
        code = self._process.wait(CLOSE_GRACE)
        if code is None:
            self._notes.append(
                f"it did not exit within {CLOSE_GRACE:g} s of the close message; "
                "the bridge ended its process group"
            )
        left = self._process.end_group()
        if code is not None and left:
            self._set_failure(
                "it left processes running after it exited (the bridge ended its process group)"
            )
        elif code:
            self._notes.append(f"it exited with code {code} after the close message")
        self._reader.join(CLOSE_GRACE)

    def report(self) -> AdapterReport:
        lines = self._process.stderr_text().splitlines()
        lines += [f"[groove-contract] {note}" for note in self._notes]
        text = "\n".join(lines)
        if self._secret:
            text = text.replace(self._secret, "***")
        return AdapterReport(self._failure, text)

    # reading --------------------------------------------------------------------------------

    def _read(self) -> None:
        number = 0
        try:
            while True:
                raw = self._process.readline(LINE_LIMIT + 1)
                if not raw:
                    self._ended()
                    return
                number += 1
                if len(raw) > LINE_LIMIT:
                    raise ProtocolError(f"line {number} of its output is longer than 1 MiB")
                if raw.strip():
                    self._route(parse_line(raw, number))
        except ProtocolError as exc:
            self._fail(str(exc))
        except (OSError, ValueError):  # its stdout closed under us: the group was ended
            self._fail("its output was closed")

    def _route(self, message: dict[str, Any]) -> None:
        kind = message["type"]
        with self._lock:
            if kind == "hello":
                _checked("adapter-hello", message)
                hello, self._hello = self._hello, None
                if hello is None:
                    raise ProtocolError("it said hello a second time")
                hello.set_result(message)
            elif kind == "outcome":
                _checked("outcome", message)
                number = message["id"]
                if number in self._expired:
                    self._notes.append(f"the outcome of step {number} came after its timeout")
                    return
                waiting = self._pending.pop(number, None)
                if waiting is None:
                    raise ProtocolError(f"it answered step {number}, {self._asked()}")
                waiting[1].set_result(message["outcome"])
            else:
                expected = "'hello'" if self._hello is not None else "'outcome'"
                raise ProtocolError(
                    f"it sent a message of type {kind!r}; the suite expected {expected}"
                )

    def _asked(self) -> str:
        if self._hello is not None:
            return "before answering the hello"
        if not self._pending:
            return "but no step was waiting for an answer"
        return f"but was asked step {min(self._pending)}"

    def _ended(self) -> None:
        code = self._process.wait(CLOSE_GRACE)
        if self._closing:
            return
        how = f" with code {code}" if code is not None else ""
        with self._lock:
            if self._hello is not None:
                when = "before answering the hello"
            elif self._pending:
                number = min(self._pending)
                when = f"before answering step {number} ({self._pending[number][0]})"
            else:
                when = "between steps"
        self._fail(f"it exited{how} {when}")

    # failing --------------------------------------------------------------------------------

    def _send(self, line: bytes, what: str) -> None:
        try:
            self._process.write(line, self._timeout)
        except StopReading as exc:
            if self._process.wait(CLOSE_GRACE) is not None:
                self._reader.join(CLOSE_GRACE)  # it exited: its end of output says how
            self._fail(f"the suite could not send {what}: {exc}")
            raise BridgeError(self._failure) from None

    def _set_failure(self, reason: str) -> bool:
        with self._lock:
            if self._failure:
                return False
            self._failure = reason
            waiting = [future for _, future in self._pending.values()]
            self._pending.clear()
            if self._hello is not None:
                waiting.append(self._hello)
        for future in waiting:
            if not future.done():
                future.set_exception(BridgeError(reason))
        return True

    def _fail(self, reason: str) -> None:
        """The adapter broke the protocol: every waiting step fails now, and the process
        (with its group) is ended so that it cannot go on unjudged."""
        if self._set_failure(reason) and not self._closing:
            self._process.end_group()

    def _error(self, reason: str) -> BridgeError:
        tail = self.report().log.splitlines()[-STDERR_TAIL:]
        stderr = f" (its stderr: {' | '.join(tail)})" if tail else ""
        return BridgeError(f"{reason}{stderr}")


def _checked(kind: MessageKind, message: dict[str, Any]) -> None:
    try:
        validate(kind, message)
    except ProtocolError as exc:
        raise ProtocolError(
            f"its {kind.removeprefix('adapter-')} breaks the protocol: {exc}"
        ) from None
