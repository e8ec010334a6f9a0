"""Run rules against a client: one fresh mock and one fresh client per rule."""

from __future__ import annotations

import time
from collections.abc import Callable, Iterable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from enum import StrEnum
from typing import Any

from mock_server._journal import JournalEntry

from ._adapter import ClientFactory
from .checks import CHECKS, Skipped  # the package registers every check
from .harness._hosting import Host, InProcessHost, SocketHost
from .harness._session import Blocked, RuleFailed, Session, SessionOptions, StepRecord
from .rules import RULES, Level, Rule, rules_for_signal


class Status(StrEnum):
    PASSED = "passed"
    FAILED = "failed"
    SKIPPED = "skipped"
    BLOCKED = "blocked"
    """A precondition failed (sign-in, a first call): the rule could not be judged."""
    ERROR = "error"
    """The adapter or the suite broke (the factory raised, a bug): nothing was judged."""


@dataclass(slots=True)
class RuleResult:
    rule: Rule
    status: Status
    reason: str = ""
    expected: str = ""
    seen: str = ""
    requests: list[str] = field(default_factory=list)
    steps: list[StepRecord] = field(default_factory=list)
    journal: list[JournalEntry] = field(default_factory=list)
    seconds: float = 0.0
    adapter_log: str = ""
    """An adapter process's stderr (the bridge's); empty for a Python adapter."""

    @property
    def ok(self) -> bool:
        """Does this result let a run pass? A SHOULD never fails a run."""
        if self.rule.level is Level.SHOULD:
            return True
        return self.status in (Status.PASSED, Status.SKIPPED)

    def message(self) -> str:
        """What a person reads when the rule did not pass."""
        head = f"{self.rule.id} {self.status.value.upper()}: {self.rule.title}"
        if self.status is Status.FAILED:
            lines = [head, f"  expected: {self.expected}", f"  seen:     {self.seen}"]
            lines += self._adapter_breakages()
            if self.requests:
                lines.append("  requests:")
                lines += [f"    {line}" for line in self.requests]
            lines.append(f"  fix: {self.rule.fix}")
            return "\n".join(lines + self._stderr_tail())
        lines = [head, f"  {self.reason}"] if self.reason else [head]
        return "\n".join(lines + self._adapter_breakages() + self._stderr_tail())

    def _stderr_tail(self, count: int = 10) -> list[str]:
        tail = self.adapter_log.splitlines()[-count:]
        return ["  adapter stderr (its end):", *(f"    {line}" for line in tail)] if tail else []

    def _adapter_breakages(self) -> list[str]:
        """The steps in which the adapter raised or hung: often why nothing was seen."""
        broken = [s for s in self.steps if s.error and s.error not in self.reason]
        return [f"  adapter:  step {s.index} {s.step['op']} {s.error}" for s in broken[:3]]

    def to_json(self) -> dict[str, Any]:
        return {
            "id": self.rule.id,
            "level": self.rule.level.value,
            "title": self.rule.title,
            "source": self.rule.source,
            "capability": self.rule.capability.value if self.rule.capability else None,
            "status": self.status.value,
            "reason": self.reason,
            "expected": self.expected,
            "seen": self.seen,
            "requests": self.requests,
            "fix": self.rule.fix,
            "steps": [step.to_json() for step in self.steps],
            "seconds": round(self.seconds, 3),
            "adapter_stderr": self.adapter_log,
        }


@dataclass(slots=True)
class SuiteReport:
    client: str
    results: list[RuleResult]
    transport: str = "in-process"

    @property
    def ran(self) -> bool:
        """Did any rule run? A run in which every rule was skipped proves nothing."""
        return any(result.status is not Status.SKIPPED for result in self.results)

    @property
    def passed(self) -> bool:
        return self.ran and all(result.ok for result in self.results)

    @property
    def exit_code(self) -> int:
        """0 passed, 1 a rule failed (or was blocked, or broke), 2 no rule ran."""
        if self.passed:
            return 0
        return 1 if self.ran else 2

    def counts(self) -> dict[str, int]:
        counts = {status.value: 0 for status in Status}
        for result in self.results:
            counts[result.status.value] += 1
        return counts

    def to_json(self) -> dict[str, Any]:
        return {
            "client": self.client,
            "transport": self.transport,
            "passed": self.passed,
            "counts": self.counts(),
            "results": [result.to_json() for result in self.results],
        }


def run_rule(
    rule: Rule, factory: ClientFactory, host: Host, options: SessionOptions | None = None
) -> RuleResult:
    spec = CHECKS[rule.id]
    started = time.monotonic()
    session: Session | None = None
    result = RuleResult(rule, Status.PASSED)
    try:
        session = Session(
            host, factory, public=spec.public, options=options, settings=spec.settings
        )
        if rule.capability is not None and not session.has(rule.capability):
            raise Skipped(session.why_not(rule.capability))
        spec.run(session)
        _judge_signals(rule, session)
    except Skipped as exc:
        result.status, result.reason = Status.SKIPPED, str(exc)
    except Blocked as exc:
        result.status, result.reason = Status.BLOCKED, _blocked_reason(rule, session, exc)
    except RuleFailed as exc:
        result.status, result.expected, result.seen = Status.FAILED, exc.expected, exc.seen
        records = exc.records or (session.wire()[-8:] if session else [])
        result.requests = [r.summary() for r in records]
    except Exception as exc:  # the report names it; one broken rule must not stop the run
        result.status, result.reason = Status.ERROR, f"{type(exc).__name__}: {exc}"
    finally:
        if session is not None:
            result.steps = session.transcript
            result.journal = session.journal()
            session.close()
            _judge_adapter(result, session)
    result.seconds = time.monotonic() - started
    return result


def _judge_adapter(result: RuleResult, session: Session) -> None:
    """An adapter process that broke the bridge makes the rule an ERROR, whatever the check
    made of the steps it broke: nothing it did after can be judged."""
    result.adapter_log = session.adapter_log
    if session.adapter_failure and result.status is not Status.ERROR:
        result.status = Status.ERROR
        result.reason = f"the adapter process broke the bridge: {session.adapter_failure}"


def _blocked_reason(rule: Rule, session: Session | None, exc: Blocked) -> str:
    """Why the rule could not be judged, naming the rules whose breach the mock recorded in
    this run (the usual cause: the client broke another rule on the way)."""
    reason = str(exc)
    recorded = session.journal() if session is not None else []
    blockers = sorted(
        {
            other.id
            for entry in recorded
            for signal in entry.violations
            for other in rules_for_signal(signal)
            if other.id != rule.id and other.id not in reason
        }
    )
    return f"{reason} (blocked by {', '.join(blockers)})" if blockers else reason


def _judge_signals(rule: Rule, session: Session) -> None:
    """A check passed; the mock's own verdicts on the rule must agree."""
    hits = session.violations(rule.server_signals)
    if not hits:
        return
    seen = "; ".join(
        f"#{e.seq} {e.method} {e.path}: "
        + ", ".join(v for v in e.violations if v in rule.server_signals)
        for e in hits[:5]
    )
    raise RuleFailed("no breach recorded in the mock's journal", seen)


@contextmanager
def open_host(socket: bool = False, *, tls: bool = False) -> Iterator[Host]:
    """The run's host: in process, or on a socket (https with `tls`, which implies it)."""
    host: Host = SocketHost(tls=tls) if socket or tls else InProcessHost()
    try:
        yield host
    finally:
        host.close()


class UnknownRule(ValueError):
    """A rule selector that names no rule: running nothing would pass in silence."""


def select_rules(ids: Iterable[str] | None = None) -> list[Rule]:
    """The rules to run: all, or those whose ID starts with one of `ids` (`GC-AUTH`).

    Raises `UnknownRule` (one line, listing the rule IDs) when one of `ids` matches no rule."""
    if not ids:
        return list(RULES)
    wanted = [i.upper() for i in ids]
    for prefix in wanted:
        if not prefix or not any(rule.id.startswith(prefix) for rule in RULES):
            known = ", ".join(rule.id for rule in RULES)
            raise UnknownRule(
                f"unknown rule {prefix!r}: give a rule ID or the start of one, e.g. GC-AUTH "
                f"(known: {known})"
            )
    return [rule for rule in RULES if any(rule.id.startswith(w) for w in wanted)]


def run_suite(
    factory: ClientFactory,
    *,
    client: str = "",
    rules: Iterable[Rule] | None = None,
    socket: bool = False,
    tls: bool = False,
    options: SessionOptions | None = None,
    on_host: Callable[[Host], None] | None = None,
) -> SuiteReport:
    """Run the rules (all by default) against the client the factory builds; `tls` serves
    the mock on a socket over https (the environment's `ca_file` is the CA to trust)."""
    chosen = list(rules) if rules is not None else list(RULES)
    with open_host(socket, tls=tls) as host:
        if on_host is not None:
            on_host(host)
        results = [run_rule(rule, factory, host, options) for rule in chosen]
    transport = "tls" if tls else "socket" if socket else "in-process"
    return SuiteReport(client, results, transport)
