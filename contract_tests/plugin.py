"""The pytest plugin (entry point `groove_contract`).

Installed, it changes nothing until a test uses one of its fixtures or a client is configured:

- `groove_mock`: a fresh mock in process (httpx transport, no socket) for the test;
- `groove_server`: a fresh mock behind a real socket (uvicorn in a thread on 127.0.0.1, port
  0), the server started once per session (`groove_socket_host`) and a new mock swapped in
  for every test;
- `@pytest.mark.groove_mock(**settings)`: per-test mock settings (`strictness="strict"`...);
- `@pytest.mark.groove_allow_violations(*names)`: without it, a contract violation the mock
  recorded during the test fails the test (no names: allow every one);
- a failed test using a mock gets the mock's journal attached to its report;
- `--groove-client MODULE:FACTORY` (or ini `groove_client`, or `GROOVE_CLIENT`) adds one test
  per contract rule (`groove-contract::GC-TOKEN-001`...) run against that client.
"""

from __future__ import annotations

import os
from collections.abc import Generator, Iterator
from typing import Any

import pytest

from mock_server._cli_text import journal_line

from ._adapter import ClientFactory, ClientSpecError, load_factory
from ._fixtures import GrooveMock
from ._hosting import Host, InProcessHost, SocketHost
from ._rules import RULES, Level, Rule
from ._runner import RuleResult, Status, run_rule, select_rules

_MOCKS = pytest.StashKey[list[GrooveMock]]()
_HOST = pytest.StashKey[Host]()
_FACTORY = pytest.StashKey[ClientFactory]()
ENV_CLIENT = "GROOVE_CLIENT"


def pytest_addoption(parser: pytest.Parser) -> None:
    group = parser.getgroup("groove-contract", "Groove client contract suite")
    group.addoption(
        "--groove-client",
        metavar="MODULE:FACTORY",
        help=f"run the contract suite against this client factory (or ini groove_client, "
        f"or ${ENV_CLIENT})",
    )
    group.addoption(
        "--groove-rule",
        action="append",
        metavar="ID",
        help="run only contract rules whose ID starts with this (repeatable)",
    )
    group.addoption(
        "--groove-socket",
        action="store_true",
        default=None,
        help="serve the suite's mock on a socket (clients not built on httpx)",
    )
    parser.addini("groove_client", "client factory MODULE:FACTORY for the contract suite")
    parser.addini("groove_socket", "serve the suite's mock on a socket", type="bool")


def pytest_configure(config: pytest.Config) -> None:
    config.addinivalue_line("markers", "groove_contract: a rule of the Groove client contract")
    config.addinivalue_line(
        "markers", "groove_mock(**settings): settings of the groove_mock/groove_server mock"
    )
    config.addinivalue_line(
        "markers",
        "groove_allow_violations(*names): do not fail the test on these contract violations "
        "recorded by the mock (all of them when no name is given)",
    )


def _client_spec(config: pytest.Config) -> str | None:
    spec = config.getoption("--groove-client") or config.getini("groove_client")
    return spec or os.environ.get(ENV_CLIENT) or None


def pytest_collection_modifyitems(
    session: pytest.Session, config: pytest.Config, items: list[pytest.Item]
) -> None:
    spec = _client_spec(config)
    if spec is None:
        return
    try:
        config.stash[_FACTORY] = load_factory(spec)
    except ClientSpecError as exc:
        raise pytest.UsageError(f"groove-contract: {exc}") from None
    rules = select_rules(config.getoption("--groove-rule"))
    items.extend(
        RuleItem.from_parent(session, name=f"groove-contract::{r.id}", rule=r) for r in rules
    )


def pytest_unconfigure(config: pytest.Config) -> None:
    host = config.stash.get(_HOST, None)
    if host is not None:
        host.close()


class RuleFailure(Exception):
    def __init__(self, result: RuleResult):
        super().__init__(result.message())
        self.result = result


class RuleItem(pytest.Item):
    """One contract rule run against the configured client."""

    def __init__(self, *, rule: Rule, **kwargs: Any):
        super().__init__(**kwargs)
        self.rule = rule
        self.add_marker(pytest.mark.groove_contract)

    def _host(self) -> Host:
        config = self.config
        if _HOST not in config.stash:
            socket = config.getoption("--groove-socket")
            if socket is None:
                socket = bool(config.getini("groove_socket"))
            config.stash[_HOST] = SocketHost() if socket else InProcessHost()
        return config.stash[_HOST]

    def runtest(self) -> None:
        result = run_rule(self.rule, self.config.stash[_FACTORY], self._host())
        self.user_properties.append(("rule", self.rule.id))
        self.user_properties.append(("status", result.status.value))
        if result.status is Status.SKIPPED:
            pytest.skip(f"{self.rule.id}: {result.reason}")
        if result.status is Status.PASSED:
            return
        if self.rule.level is Level.SHOULD:
            pytest.xfail(f"{self.rule.id} (SHOULD) not met: {result.seen or result.reason}")
        if result.journal:
            lines = [journal_line(entry) for entry in result.journal[-40:]]
            self.add_report_section("call", "groove-contract journal", "\n".join(lines))
        raise RuleFailure(result)

    def repr_failure(self, excinfo: pytest.ExceptionInfo[BaseException], style: Any = None) -> str:
        if isinstance(excinfo.value, RuleFailure):
            return str(excinfo.value)
        return str(super().repr_failure(excinfo))

    def reportinfo(self) -> tuple[str, int | None, str]:
        return ("groove-contract", None, f"{self.rule.id} [{self.rule.level.value}]")


# fixtures -----------------------------------------------------------------------------------


def _marker_settings(request: pytest.FixtureRequest) -> dict[str, Any]:
    settings: dict[str, Any] = {}
    for marker in reversed(list(request.node.iter_markers("groove_mock"))):
        settings.update(marker.kwargs)
    return settings


def _track(request: pytest.FixtureRequest, mock: GrooveMock) -> None:
    request.node.stash.setdefault(_MOCKS, []).append(mock)


@pytest.fixture
def groove_mock(request: pytest.FixtureRequest) -> Iterator[GrooveMock]:
    """A fresh mock in process: use `groove_mock.transport` with httpx, no socket."""
    host = InProcessHost()
    try:
        mock = GrooveMock(host, **_marker_settings(request))
        _track(request, mock)
        yield mock
    finally:
        host.close()


@pytest.fixture(scope="session")
def groove_socket_host() -> Iterator[SocketHost]:
    """The session's socket server (started on first use, stopped at the end)."""
    host = SocketHost()
    try:
        yield host
    finally:
        host.close()


@pytest.fixture
def groove_server(request: pytest.FixtureRequest, groove_socket_host: SocketHost) -> GrooveMock:
    """A fresh mock for this test behind the session's socket (`groove_server.base_url`)."""
    mock = GrooveMock(groove_socket_host, **_marker_settings(request))
    _track(request, mock)
    return mock


# reports ------------------------------------------------------------------------------------


def _allowed(item: pytest.Item) -> frozenset[str] | None:
    """The violation names the test allows; None when it allows every one."""
    names: set[str] = set()
    for marker in item.iter_markers("groove_allow_violations"):
        if not marker.args:
            return None
        names.update(str(name) for name in marker.args)
    return frozenset(names)


@pytest.hookimpl(hookwrapper=True)
def pytest_runtest_makereport(
    item: pytest.Item, call: pytest.CallInfo[None]
) -> Generator[None, Any, None]:
    outcome = yield
    mocks = item.stash.get(_MOCKS, None)
    if not mocks or call.when != "call":
        return
    report: pytest.TestReport = outcome.get_result()
    allowed = _allowed(item)
    if report.passed and allowed is not None:
        breaches = [e for mock in mocks for e in mock.violations(allowed)]
        if breaches:
            report.outcome = "failed"
            lines = [
                "the mock recorded contract violations (allow them with "
                "@pytest.mark.groove_allow_violations(...)):"
            ]
            lines += [
                f"  #{e.seq} {e.method} {e.path} -> {e.status}: {', '.join(e.violations)}"
                for e in breaches[:20]
            ]
            report.longrepr = "\n".join(lines)
    if report.failed:
        for index, mock in enumerate(mocks):
            title = "groove-contract journal" + (f" ({index + 1})" if len(mocks) > 1 else "")
            report.sections.append((title, mock.journal_text()))


__all__ = ["RULES", "GrooveMock", "RuleItem"]
