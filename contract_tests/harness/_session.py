"""One rule's run: a fresh mock behind the tap, a fresh client, and the helpers checks use.

A check drives the client with `do` (the result is judged) or `require` (a precondition: if it
fails the rule is *blocked*, not failed, so one broken step does not fail every rule), plays
the browser with `sign_in`, moves the mock clock, queues faults, and reads the evidence: the
tap's `WireRecord`s and the mock's journal.
"""

from __future__ import annotations

import tempfile
import threading
import time
from collections.abc import Iterable
from dataclasses import dataclass, field, replace
from typing import TYPE_CHECKING, Any, Protocol, runtime_checkable
from urllib.parse import parse_qs, urlsplit

from mock_server import create_app
from mock_server._journal import JournalEntry
from mock_server._scenario import Scenario

from .._adapter import (
    Capability,
    ClientAdapter,
    ClientFactory,
    ClientSpecError,
    Outcome,
    Step,
    adapter_shortfall,
    checked_capabilities,
    is_public_only,
)
from .._adapter import outcome_from as _checked
from ..rules import rules_for_signal
from ._browser import visit
from ._hosting import Host
from ._registration import NOT_APPLICABLE, build_environment, new_state
from ._tap import Fault, WireRecord

if TYPE_CHECKING:
    from ..bridge._process_adapter import AdapterReport


@runtime_checkable
class _Reporting(Protocol):
    """An adapter that reports on itself: the bridge's `ProcessAdapter`."""

    def close(self) -> None: ...

    def report(self) -> AdapterReport: ...


class Blocked(Exception):
    """A precondition of the rule failed (e.g. sign-in): the rule could not be judged."""


class RuleFailed(Exception):
    """The rule is broken: what was expected, what was seen, and the requests involved."""

    def __init__(self, expected: str, seen: str, records: Iterable[WireRecord] = ()):
        super().__init__(f"expected {expected}; saw {seen}")
        self.expected = expected
        self.seen = seen
        self.records = list(records)


@dataclass(slots=True)
class StepRecord:
    index: int
    step: Step
    outcome: Outcome
    seconds: float
    first_seq: int
    last_seq: int = 0
    error: str = ""
    """How the adapter broke in this step ("raised ValueError: …", "timed out after 10 s")."""

    def to_json(self) -> dict[str, Any]:
        return {
            "index": self.index,
            "step": dict(self.step),
            "outcome": dict(self.outcome),
            "seconds": round(self.seconds, 3),
            "requests": [self.first_seq + 1, self.last_seq],
        }


DEFAULT_STEP_TIMEOUT = 10.0
"""Seconds an adapter step may take: `verify --step-timeout` and `--groove-step-timeout`."""


@dataclass(slots=True)
class SessionOptions:
    step_timeout: float = DEFAULT_STEP_TIMEOUT
    settings: dict[str, Any] = field(default_factory=dict)
    scenario: Scenario | None = None


class Session:
    def __init__(
        self,
        host: Host,
        factory: ClientFactory,
        *,
        public: bool = False,
        options: SessionOptions | None = None,
        settings: dict[str, Any] | None = None,
    ):
        options = options or SessionOptions()
        self._mock_settings = {"sign_in": "automatic", **options.settings, **(settings or {})}
        self._scenario = options.scenario
        self.host = host
        self.tap = host.tap
        self.step_timeout = options.step_timeout
        self.transcript: list[StepRecord] = []
        self.last_authorize_url = ""
        self._factory = factory
        self._client: ClientAdapter | None = None
        self._capabilities: frozenset[str] = frozenset()
        self.adapter_failure = ""
        """How an adapter process broke the bridge (`bridge/`), read when the session closes."""
        self.adapter_log = ""
        """The adapter process's stderr and the bridge's notes, for the report."""
        self._storage: tempfile.TemporaryDirectory[str] | None = None
        self._fresh_mock(public)

    def _fresh_mock(self, public: bool) -> None:
        self.state = new_state(self.host, self._scenario, **self._mock_settings)
        self.settings = self.state.settings
        self.state.clock.freeze()
        self.tap.swap(create_app(state=self.state))
        if self._storage is not None:
            self._storage.cleanup()
        self._storage = tempfile.TemporaryDirectory(prefix="groove-client-")
        self.env = build_environment(
            self.state, self.host, public=public, storage_dir=self._storage.name
        )

    # the client ---------------------------------------------------------------------------

    @property
    def client(self) -> ClientAdapter:
        if self._client is None:
            client = self._build()
            if is_public_only(self._capabilities) and not self.env.is_public_client:
                # A public-only client is judged as what it is: the public registration, on a
                # fresh mock, so nothing the first build sent counts.
                _run_with_timeout(client.close, self.step_timeout)
                self._fresh_mock(public=True)
                client = self._build()
            self._client = client
        return self._client

    def _build(self) -> ClientAdapter:
        client: object = self._factory(self.env)
        if not isinstance(client, ClientAdapter):
            raise ClientSpecError(
                f"the factory returned {type(client).__name__}, not a ClientAdapter: "
                f"{adapter_shortfall(client)}"
            )
        try:
            self._capabilities = checked_capabilities(client.capabilities)
        except BaseException:
            _run_with_timeout(lambda: client.close(), self.step_timeout)
            raise
        return client

    def has(self, capability: str) -> bool:
        """Can the client do this here? On the public registration a client has no secret, so
        no app token, and its public sign-in is its user sign-in."""
        _ = self.client
        if self.env.is_public_client:
            if capability == Capability.APP_TOKEN:
                return False
            if capability == Capability.USER_SIGN_IN:
                return Capability.PUBLIC_CLIENT in self._capabilities
        return capability in self._capabilities

    def why_not(self, capability: str) -> str:
        """Why a rule needing `capability` does not apply: a capability the client lacks, or
        one its registration cannot have."""
        if self.env.is_public_client and capability == Capability.APP_TOKEN:
            return f"{NOT_APPLICABLE}: it has no secret, so no app token (reference §3.1)"
        return f"the client lacks the {capability} capability"

    def close(self) -> None:
        """Close the client and delete its storage directory."""
        self._close_client()
        if self._storage is not None:
            self._storage.cleanup()

    def _close_client(self) -> None:
        if self._client is not None:
            client, self._client = self._client, None
            if isinstance(client, _Reporting):
                client.close()  # bounded by the bridge itself; its verdict needs it finished
                report = client.report()
                # A restarted client is a second process: the first breach and every log count.
                self.adapter_failure = self.adapter_failure or report.failure
                self.adapter_log = "\n".join(filter(None, (self.adapter_log, report.log)))
            else:
                _run_with_timeout(client.close, self.step_timeout)

    def do(self, step: Step) -> Outcome:
        """Run one step; an exception or a timeout is a failed outcome, never a crash."""
        client = self.client
        index = len(self.transcript) + 1
        self.tap.begin_step(index)
        record = StepRecord(index, step, {"ok": False}, 0.0, self.tap.last_seq)
        started = time.monotonic()
        result, error = _run_with_timeout(lambda: client.perform(step), self.step_timeout)
        record.seconds = time.monotonic() - started
        if error is not None:
            record.error = error
            outcome: Outcome = {"ok": False, "detail": error}
        elif not isinstance(result, dict):
            outcome = {"ok": False, "detail": f"the adapter returned {type(result).__name__}"}
        else:
            outcome = _checked(result)
        record.outcome = outcome
        record.last_seq = self.tap.last_seq
        self.transcript.append(record)
        return outcome

    def require(self, step: Step, what: str) -> Outcome:
        outcome = self.do(step)
        if not outcome.get("ok"):
            raise Blocked(f"{self._blame()}{what} failed: {_describe(outcome)}")
        return outcome

    def _blame(self) -> str:
        """`blocked by GC-…: ` when the mock marked a request of the last step with a rule's
        breach: that breach is why the step failed, and that rule is the one to fix."""
        step = self.transcript[-1].index
        ids = sorted(
            {
                rule.id
                for r in self.tap.since(0)
                if r.step == step
                for signal in r.violations
                for rule in rules_for_signal(signal)
            }
        )
        return f"blocked by {', '.join(ids)}: " if ids else ""

    def timed_out(self, outcome: Outcome) -> bool:
        return outcome.get("detail", "").startswith("timed out")

    # the browser --------------------------------------------------------------------------

    def authorize_url(self, *, offline_access: bool = False, require: bool = True) -> str:
        step: Step = {"op": "begin_sign_in", "offline_access": offline_access}
        outcome = self.require(step, "begin_sign_in") if require else self.do(step)
        url = outcome.get("data", {}).get("authorize_url")
        if not isinstance(url, str) or not url:
            raise Blocked("begin_sign_in returned no data.authorize_url")
        self.last_authorize_url = url
        return url

    def browse(
        self, url: str, *, user_id: str | None = None, decision: str = "accept"
    ) -> str | None:
        """Play the browser: follow the mock's redirects and answer its sign-in page as a
        person would (`user_id` picks the account, `decision` the button), until the browser
        leaves the mock; that URL (the callback), or None when the mock stops on an error."""
        with self.host.browser() as browser:
            return visit(
                browser,
                url,
                stop_at=self.env.redirect_uri,
                inside=self.host.base_url + "/",
                default_user_id=self.env.default_user_id,
                user_id=user_id,
                decision=decision,
            )

    def sign_in(self, *, offline_access: bool = False, user_id: str | None = None) -> str:
        """Begin, browse and finish a sign-in (as `user_id` when the client lets the browser
        choose); the callback URL. Any failure blocks the rule."""
        url = self.authorize_url(offline_access=offline_access)
        callback = self.browse(url, user_id=user_id)
        if callback is None or "code=" not in callback:
            raise Blocked(f"the mock gave no code for the authorize URL {_strip(url)}")
        self.require({"op": "finish_sign_in", "callback_url": callback}, "finish_sign_in")
        return callback

    # the mock -----------------------------------------------------------------------------

    def switch_user(self, user_id: str) -> None:
        """From now on the browser signs in as this user (another person on the same app)."""
        # Only the authorize endpoint reads the default user, and it is never replayed.
        self.state.scenario = replace(self.state.scenario, default_user_id=user_id)

    def advance(self, seconds: float) -> None:
        self.state.clock.advance(seconds)

    def inject(
        self,
        status: int,
        code: str,
        *,
        retry_after: str | None = None,
        times: int = 1,
        path_prefix: str = "/1/",
    ) -> None:
        """Answer the next `times` requests on `path_prefix` with this error instead of the
        mock (a Groove ErrorCode on the API, an OAuth error on a token endpoint)."""
        self.tap.inject(Fault(status, code, retry_after, times, path_prefix))

    def restart(self) -> None:
        """The client's program restarts: the adapter is closed and the factory builds a new
        one on the same environment and mock, with the same `env.storage_dir`."""
        self._close_client()
        _ = self.client

    def mark(self) -> int:
        return self.tap.last_seq

    def wire(self, since: int = 0, *, side: str | None = None) -> list[WireRecord]:
        return [r for r in self.tap.since(since) if side is None or r.side == side]

    def journal(self) -> list[JournalEntry]:
        return list(self.state.journal)

    def violations(self, names: Iterable[str]) -> list[JournalEntry]:
        wanted = set(names)
        return [e for e in self.state.journal if wanted.intersection(e.violations)]


def probe_client(spec: str, factory: ClientFactory, host: Host) -> None:
    """Build one client on `host` and close it: a factory that raises, returns no adapter or
    declares an unknown capability is a configuration error (one line), not a result per rule."""
    session = Session(host, factory)
    try:
        _ = session.client
    except ClientSpecError as exc:
        raise ClientSpecError(f"{spec}: {exc}") from None
    except Exception as exc:
        raise ClientSpecError(f"{spec} failed to build a client: {exc}") from None
    finally:
        session.close()


def _describe(outcome: Outcome) -> str:
    parts = [f"{k}={outcome.get(k)!r}" for k in ("status", "error_code", "detail") if k in outcome]
    return ", ".join(parts) or "ok=false"


def _strip(url: str) -> str:
    """A URL for a report: scheme, host, path and parameter names (values may be secrets)."""
    parts = urlsplit(url)
    names = "&".join(sorted(parse_qs(parts.query, keep_blank_values=True)))
    return f"{parts.scheme}://{parts.netloc}{parts.path}" + (f"?{names}" if names else "")


def _run_with_timeout(call: Any, timeout: float) -> tuple[Any, str | None]:
    """Run `call` in a daemon thread; (result, None), or (None, why) on exception or timeout.

    A thread per call, so that a client stuck in a sleep or a loop cannot hold the suite: it is
    abandoned (daemon) and the step is reported as timed out.
    """
    box: dict[str, Any] = {}

    def target() -> None:
        try:
            box["result"] = call()
        except BaseException as exc:  # the adapter's failure is data for the report
            box["error"] = f"raised {type(exc).__name__}: {exc}"

    worker = threading.Thread(target=target, name="groove-step", daemon=True)
    worker.start()
    worker.join(timeout)
    if worker.is_alive():
        return None, f"timed out after {timeout:g} s"
    return box.get("result"), box.get("error")
