"""groove-contract's pytest plugin (entry point `groove_contract`).

A top-level package of its own, whose name no user project takes: a project with its own
`contract_tests/` or `mock_server/` still loads the plugin and runs. Installed, it changes
nothing until a test uses one of its fixtures or a client is configured, and it imports nothing
heavy until then (our packages are imported on first use, refusing a user's package that
shadows them with one line naming both files: `_ours`):

- `groove_mock`: a fresh mock in process (httpx transport, no socket) for the test, with its
  `journal`, its `control` (a `mock_server.MockControl`: faults, clock, tokens) and more;
- `groove_server`: a fresh mock behind a real socket (uvicorn in a thread on 127.0.0.1, port
  0), the server started once per session (`groove_socket_host`) and a new mock swapped in
  for every test;
- `@pytest.mark.groove_mock(**settings)`: per-test mock settings (`strictness="strict"`...);
- `@pytest.mark.groove_allow_violations(*names)`: without it, a contract violation the mock
  recorded during the test fails the test (no names: allow every one). The failure is raised
  at the end of the test's call (`ContractViolation`), so `xfail` counts it;
- a failed test using a mock gets the mock's journal attached to its report;
- `--groove-client MODULE:FACTORY` (or ini `groove_client`, or `GROOVE_CLIENT`) adds one test
  per contract rule, under the client's module: `my_groove_adapter.py::GC-TOKEN-001`;
- `--groove-client-cmd COMMAND` (or ini `groove_client_cmd`, or `GROOVE_CLIENT_CMD`) does the
  same for an adapter process in any language (docs/bridge.md), under `groove-contract::`;
- `--groove-tls` (or ini `groove_tls`) serves the socket (the suite's and `groove_server`'s) over
  https with a CA made for the session: `groove_server.ca_file`, and SSL_CERT_FILE /
  REQUESTS_CA_BUNDLE / NODE_EXTRA_CA_CERTS / CURL_CA_BUNDLE set to it for the session's clients.
"""

from __future__ import annotations

import os
from collections.abc import Generator, Iterator
from pathlib import Path
from typing import TYPE_CHECKING, Any

import pytest

from ._ours import PackageClash, check_collected, import_ours

if TYPE_CHECKING:
    from contract_tests.harness._hosting import SocketHost
    from contract_tests.plugin._fixtures import GrooveMock
    from mock_server import JournalEntry

_MOCKS = pytest.StashKey[list["GrooveMock"]]()
ENV_CLIENT = "GROOVE_CLIENT"
ENV_CLIENT_CMD = "GROOVE_CLIENT_CMD"


class ContractViolation(AssertionError):
    """The mock recorded a contract violation that the test did not allow."""


def pytest_addoption(parser: pytest.Parser) -> None:
    group = parser.getgroup("groove-contract", "Groove client contract suite")
    group.addoption(
        "--groove-client",
        metavar="MODULE:FACTORY",
        help=f"run the contract suite against this client factory (or ini groove_client, "
        f"or ${ENV_CLIENT})",
    )
    group.addoption(
        "--groove-client-cmd",
        metavar="COMMAND",
        help=f"run the contract suite against an adapter process speaking the bridge protocol, "
        f"e.g. 'node my-adapter.js' (or ini groove_client_cmd, or ${ENV_CLIENT_CMD})",
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
    group.addoption(
        "--groove-tls",
        action="store_true",
        default=None,
        help="serve the socket over https with a CA made for the session (implies a socket)",
    )
    group.addoption(
        "--groove-step-timeout",
        metavar="S",
        help="seconds each adapter step may take before the rule fails (default 10; "
        "or ini groove_step_timeout), as verify --step-timeout",
    )
    group.addoption(
        "--groove-html",
        metavar="PATH",
        help="write the contract suite's verdict as a self-contained HTML file",
    )
    parser.addini("groove_client", "client factory MODULE:FACTORY for the contract suite")
    parser.addini("groove_client_cmd", "adapter process COMMAND for the contract suite")
    parser.addini("groove_socket", "serve the suite's mock on a socket", type="bool")
    parser.addini("groove_step_timeout", "seconds each adapter step may take (default 10)")
    parser.addini(
        "groove_tls", "serve the socket over https (a CA made for the session)", type="bool"
    )


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


# the contract suite against a configured client ----------------------------------------------


def _client_spec(config: pytest.Config) -> tuple[str, str, bool] | None:
    """The configured client, where it was configured (for messages) and whether it is an
    adapter command: the command line first, then the ini file, then the environment; at one
    level, a factory and a command are one too many."""
    levels = (
        (
            (config.getoption("--groove-client"), "--groove-client"),
            (config.getoption("--groove-client-cmd"), "--groove-client-cmd"),
        ),
        (
            (config.getini("groove_client"), "groove_client (ini)"),
            (config.getini("groove_client_cmd"), "groove_client_cmd (ini)"),
        ),
        (
            (os.environ.get(ENV_CLIENT), f"${ENV_CLIENT}"),
            (os.environ.get(ENV_CLIENT_CMD), f"${ENV_CLIENT_CMD}"),
        ),
    )
    for level in levels:
        given = [(str(spec), source, i == 1) for i, (spec, source) in enumerate(level) if spec]
        if len(given) > 1:
            raise pytest.UsageError(
                f"groove-contract: {given[0][1]} and {given[1][1]} both name a client; give one"
            )
        if given:
            return given[0]
    return None


def _tls(config: pytest.Config) -> bool:
    tls = config.getoption("--groove-tls")
    return bool(config.getini("groove_tls")) if tls is None else bool(tls)


def _configured(config: pytest.Config) -> bool:
    """Is a client configured? Only then is the rule-items half (`plugin/_suite`) imported."""
    return _client_spec(config) is not None


def _suite(config: pytest.Config) -> Any:
    """The rule-items half of the plugin (`contract_tests.plugin._suite`), ours or a usage
    error naming the package that shadows it."""
    invoked = config.invocation_params.dir
    collected = [(invoked / arg.split("::")[0]).resolve() for arg in config.args]
    try:
        for name in ("contract_tests", "mock_server"):
            check_collected(name, config.rootpath, collected)
        return import_ours("contract_tests.plugin._suite")
    except PackageClash as clash:
        raise pytest.UsageError(str(clash)) from None


def _fixture_module(name: str) -> Any:
    """One of our modules for a fixture; a clash fails the test with one line."""
    try:
        return import_ours(name)
    except PackageClash as clash:
        refused = str(clash)
    pytest.fail(refused, pytrace=False)  # out of the except: no "during handling" chain


def pytest_sessionstart(session: pytest.Session) -> None:
    config = session.config
    configured = _client_spec(config)
    if configured is None:
        if config.getoption("--groove-rule"):  # selecting rules of no suite runs nothing
            raise pytest.UsageError(
                "groove-contract: --groove-rule needs a client: add --groove-client "
                f"MODULE:FACTORY (or ini groove_client, or ${ENV_CLIENT})"
            )
        return
    html = config.getoption("--groove-html")
    if html and not Path(html).parent.is_dir():
        folder = Path(html).parent
        raise pytest.UsageError(f"groove-contract: --groove-html: no directory {folder}")
    socket = config.getoption("--groove-socket")
    if socket is None:
        socket = bool(config.getini("groove_socket"))
    spec, source, command = configured
    suite = _suite(config)
    suite.configure(
        config,
        spec,
        source,
        command=command,
        socket=socket,
        tls=_tls(config),
        step_timeout=_step_timeout(config, suite.DEFAULT_STEP_TIMEOUT),
    )


def _step_timeout(config: pytest.Config, default: float) -> float:
    """--groove-step-timeout, else the ini's groove_step_timeout, else verify's default."""
    given, source = config.getoption("--groove-step-timeout"), "--groove-step-timeout"
    if given is None:
        given, source = config.getini("groove_step_timeout") or None, "groove_step_timeout (ini)"
    if given is None:
        return default
    try:
        seconds = float(given)
    except ValueError:
        seconds = float("nan")
    if not 0 < seconds < float("inf"):
        raise pytest.UsageError(
            f"groove-contract: {source}: {given!r} is not a number of seconds above 0 (e.g. 30)"
        )
    return seconds


def pytest_collect_file(file_path: Path, parent: pytest.Collector) -> pytest.Collector | None:
    if not _configured(parent.config):
        return None
    return _suite(parent.config).collect_file(file_path, parent)  # type: ignore[no-any-return]


@pytest.hookimpl(tryfirst=True)  # before -k, -m and --deselect look at the items
def pytest_collection_modifyitems(
    session: pytest.Session, config: pytest.Config, items: list[pytest.Item]
) -> None:
    if _configured(config):
        _suite(config).add_rules(session, items)


def _nothing_ran(config: pytest.Config) -> str | None:
    if not _configured(config):
        return None
    return _suite(config).nothing_ran(config)  # type: ignore[no-any-return]


def pytest_sessionfinish(session: pytest.Session, exitstatus: int) -> None:
    """A run in which every contract rule was skipped proves nothing: not a pass."""
    html = session.config.getoption("--groove-html")
    if html and _configured(session.config):
        _suite(session.config).write_html_report(session.config, Path(html))
    if session.exitstatus == pytest.ExitCode.OK and _nothing_ran(session.config) is not None:
        session.exitstatus = pytest.ExitCode.USAGE_ERROR


def pytest_terminal_summary(
    terminalreporter: pytest.TerminalReporter, config: pytest.Config
) -> None:
    reason = _nothing_ran(config)
    if reason is not None:
        terminalreporter.write_line(f"groove-contract: error: {reason}", red=True)


def pytest_unconfigure(config: pytest.Config) -> None:
    if _configured(config):
        _suite(config).unconfigure(config)


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
    fixtures = _fixture_module("contract_tests.plugin._fixtures")
    host = _fixture_module("contract_tests.harness._hosting").InProcessHost()
    try:
        mock = fixtures.GrooveMock(host, **_marker_settings(request))
        _track(request, mock)
        yield mock
    finally:
        host.close()


@pytest.fixture(scope="session")
def groove_socket_host(pytestconfig: pytest.Config) -> Iterator[SocketHost]:
    """The session's socket server (started on first use, stopped at the end); https with
    `--groove-tls`, its CA bundle in `ca_file` and in the usual variables for the session."""
    hosting = _fixture_module("contract_tests.harness._hosting")
    host = hosting.SocketHost(tls=_tls(pytestconfig))
    try:
        with hosting.trusting(host.ca_file):
            yield host
    finally:
        host.close()


@pytest.fixture
def groove_server(request: pytest.FixtureRequest, groove_socket_host: SocketHost) -> GrooveMock:
    """A fresh mock for this test behind the session's socket (`groove_server.base_url`)."""
    fixtures = _fixture_module("contract_tests.plugin._fixtures")
    mock: GrooveMock = fixtures.GrooveMock(groove_socket_host, **_marker_settings(request))
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


def _violations_text(breaches: list[JournalEntry]) -> str:
    lines = [
        "the mock recorded contract violations (allow them with "
        "@pytest.mark.groove_allow_violations(...)):"
    ]
    lines += [
        f"  #{e.seq} {e.method} {e.path} -> {e.status}: {', '.join(e.violations)}"
        for e in breaches[:20]
    ]
    return "\n".join(lines)


@pytest.hookimpl(wrapper=True)
def pytest_runtest_call(item: pytest.Item) -> Generator[None, object, object]:
    """A violation the test did not allow fails the call itself (not its report), so an
    `xfail` test that breaks a rule is XFAIL, not XPASS."""
    result = yield
    mocks = item.stash.get(_MOCKS, None)
    allowed = _allowed(item)
    if mocks and allowed is not None:
        known = _fixture_module("mock_server._known_names")
        for name in sorted(allowed):  # a misspelt allowance would allow nothing, unexplained
            unknown = known.unknown_name_message("violation", name)
            if unknown is not None:
                pytest.fail(f"groove_allow_violations: {unknown}", pytrace=False)
        breaches = [e for mock in mocks for e in mock.violations(allowed)]
        if breaches:
            raise ContractViolation(_violations_text(breaches))
    return result


@pytest.hookimpl(wrapper=True)
def pytest_runtest_makereport(
    item: pytest.Item, call: pytest.CallInfo[None]
) -> Generator[None, pytest.TestReport, pytest.TestReport]:
    report = yield
    mocks = item.stash.get(_MOCKS, None)
    if not mocks or call.when != "call" or not report.failed:
        return report
    if call.excinfo is not None and isinstance(call.excinfo.value, ContractViolation):
        report.longrepr = str(call.excinfo.value)  # the list says it all; no plugin traceback
    for index, mock in enumerate(mocks):
        title = "groove-contract journal" + (f" ({index + 1})" if len(mocks) > 1 else "")
        report.sections.append((title, mock.journal_text()))
    return report


__all__ = ["ContractViolation"]
