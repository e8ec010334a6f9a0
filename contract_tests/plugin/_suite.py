"""The contract rules as pytest items, for `pytest --groove-client MODULE:FACTORY`.

The client is loaded and built once when the session starts, so that a module that cannot be
imported or an adapter with an unknown capability is a usage error, not 26 results. The rule
items hang under a file node of the client's module, so that they are collected and counted
like any test and a node id names one: `pytest my_groove_adapter.py::GC-TOKEN-001`. The plugin
imports this module only when a client is configured.
"""

from __future__ import annotations

import sys
from collections.abc import Iterator
from contextlib import ExitStack
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import pytest

from mock_server.cli._text import journal_line

from .._adapter import ClientFactory, ClientSpecError, load_factory
from .._runner import RuleResult, Status, SuiteReport, UnknownRule, run_rule, select_rules
from ..harness._hosting import Host, InProcessHost, SocketHost, trusting
from ..harness._session import DEFAULT_STEP_TIMEOUT, SessionOptions, probe_client
from ..reports._formats import no_rule_ran
from ..rules import Level, Rule

RULES_NODE = "groove-contract"
"""The name of the rules' node when the client's module has no file to hang them under."""


@dataclass(slots=True)
class ContractClient:
    """The configured client of this session, the host its rules run on, and their results."""

    spec: str
    factory: ClientFactory
    host: Host
    module_path: Path | None
    options: SessionOptions = field(default_factory=SessionOptions)
    results: list[RuleResult] = field(default_factory=list)
    trust: ExitStack = field(default_factory=ExitStack)
    """Puts the CA variables back when the session ends (`--groove-tls`)."""


CLIENT = pytest.StashKey[ContractClient]()


def configure(
    config: pytest.Config,
    spec: str,
    source: str,
    *,
    command: bool = False,
    socket: bool,
    tls: bool = False,
    step_timeout: float = DEFAULT_STEP_TIMEOUT,
) -> None:
    """Load the client and build it once; a problem is one line and pytest's usage error. A
    `command` is an adapter process (docs/bridge.md), always on a socket."""
    try:
        select_rules(config.getoption("--groove-rule"))
    except UnknownRule as exc:
        raise pytest.UsageError(f"groove-contract: --groove-rule: {exc}") from None
    if command:
        from ..bridge._process_adapter import command_factory

        factory = command_factory(spec, timeout=step_timeout)
        socket = True
    else:
        factory = _load(config, spec, source)
    host: Host = SocketHost(tls=tls) if socket or tls else InProcessHost()
    try:
        probe_client(spec, factory, host)
    except ClientSpecError as exc:
        host.close()
        raise pytest.UsageError(f"groove-contract: {exc}") from None
    module_path = None if command else _module_path(spec)
    options = SessionOptions(step_timeout=step_timeout)
    client = ContractClient(spec, factory, host, module_path, options)
    client.trust.enter_context(trusting(host.ca_file))
    config.stash[CLIENT] = client
    config.stash[TALLY] = tally = RuleTally()
    config.pluginmanager.register(tally, "groove_contract_tally")


def _load(config: pytest.Config, spec: str, source: str) -> ClientFactory:
    rootdir = str(config.rootpath)
    if rootdir not in sys.path:
        # A client module at the top of the project is importable, as the tests will be; at the
        # end, so that it shadows nothing installed.
        sys.path.append(rootdir)
    try:
        return load_factory(spec)
    except ClientSpecError as exc:
        raise pytest.UsageError(f"groove-contract: {source}: {exc}") from None


def unconfigure(config: pytest.Config) -> None:
    client = config.stash.get(CLIENT, None)
    if client is not None:
        client.trust.close()
        client.host.close()


def _module_path(spec: str) -> Path | None:
    module = sys.modules.get(spec.partition(":")[0])
    filename = getattr(module, "__file__", None)
    return Path(filename).resolve() if filename else None


def collect_file(file_path: Path, parent: pytest.Collector) -> RuleFile | None:
    """The rules, when pytest collects the client's module (named on the command line)."""
    client = parent.config.stash.get(CLIENT, None)
    if client is None or client.module_path is None or file_path.resolve() != client.module_path:
        return None
    rules: RuleFile = RuleFile.from_parent(
        parent, path=file_path, nodeid=_outside_nodeid(client, parent.config)
    )
    return rules


def add_rules(session: pytest.Session, items: list[pytest.Item]) -> None:
    """The rules of the configured client, unless the command line already named them; they
    are collected through the session so that pytest counts and reports them."""
    client = session.config.stash.get(CLIENT, None)
    if client is None or any(isinstance(item, RuleItem) for item in items):
        return
    anchor: pytest.Collector
    if client.module_path is None:
        anchor = RuleGroup.from_parent(session, name=RULES_NODE, nodeid=RULES_NODE)
    else:
        nodeid = _outside_nodeid(client, session.config)
        anchor = RuleFile.from_parent(session, path=client.module_path, nodeid=nodeid)
    items.extend(session.genitems(anchor))


def _outside_nodeid(client: ContractClient, config: pytest.Config) -> str | None:
    """pytest names a file node by its path from the rootdir; a client module outside the
    project (installed) is named as from its import root instead (`contract_tests/x.py`, not
    `../../…`). None: inside, pytest's own name."""
    path = client.module_path
    if path is None or path.is_relative_to(config.rootpath.resolve()):
        return None
    module = client.spec.partition(":")[0].replace(".", "/")
    return f"{module}/{path.name}" if path.name == "__init__.py" else f"{module}.py"


class RuleTally:
    """The status of every rule item reported in this process: under pytest-xdist the workers'
    reports reach the controller, which judges the whole run (a worker sees only its share)."""

    def __init__(self) -> None:
        self.statuses: list[str] = []

    def pytest_runtest_logreport(self, report: pytest.TestReport) -> None:
        properties = dict(report.user_properties)
        if report.when == "call" and "rule" in properties:
            self.statuses.append(str(properties["status"]))


TALLY = pytest.StashKey[RuleTally]()


def nothing_ran(config: pytest.Config) -> str | None:
    """Why the session must not pass when every rule it ran was skipped; None otherwise."""
    tally = config.stash.get(TALLY, None)
    if tally is None or not tally.statuses or hasattr(config, "workerinput"):
        return None  # an xdist worker leaves the verdict to the controller
    if any(status != Status.SKIPPED.value for status in tally.statuses):
        return None
    return no_rule_ran(len(tally.statuses), "pytest -rs lists the reasons")


def write_html_report(config: pytest.Config, path: Path) -> None:
    """`--groove-html`: the rules this session ran, as `verify --html` writes them."""
    from ..reports._html import write_html

    client = config.stash.get(CLIENT, None)
    if client is None or hasattr(config, "workerinput"):
        return  # an xdist worker holds only its share of the results
    if not client.results and config.stash.get(TALLY, RuleTally()).statuses:
        # The rules ran in xdist workers: their full results (timelines) stay there.
        print(
            "groove-contract: --groove-html is not written under pytest-xdist (-n): run the "
            "rules without -n, or use groove-contract verify --html",
            file=sys.stderr,
        )
        return
    transport = "socket" if isinstance(client.host, SocketHost) else "in-process"
    try:
        write_html(SuiteReport(client.spec, client.results, transport), path)
    except OSError as exc:
        print(f"groove-contract: error: --groove-html: {exc}", file=sys.stderr)


def _rule_items(parent: pytest.Collector) -> Iterator[RuleItem]:
    for rule in select_rules(parent.config.getoption("--groove-rule")):
        yield RuleItem.from_parent(parent, name=rule.id, rule=rule)


class RuleFile(pytest.File):
    """The rules of the client whose module this is."""

    def collect(self) -> list[RuleItem]:
        return list(_rule_items(self))


class RuleGroup(pytest.Collector):
    """The rules of a client whose module has no file (not addressable by a path)."""

    def collect(self) -> list[RuleItem]:
        return list(_rule_items(self))


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

    def runtest(self) -> None:
        client = self.config.stash[CLIENT]
        result = run_rule(self.rule, client.factory, client.host, client.options)
        client.results.append(result)
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

    def reportinfo(self) -> tuple[Path, int | None, str]:
        return (self.path, None, f"{self.rule.id} [{self.rule.level.value}]")
