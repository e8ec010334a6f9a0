"""`groove-contract`: verify a Groove client against the contract, or list the rules.

Exit codes of `verify`: 0 every MUST rule passed (or was skipped for a missing capability),
1 a rule failed, was blocked or broke, 2 a usage or configuration error (one line on stderr,
never a traceback), among them a client module that cannot be imported, a capability name the
suite does not know, and a run in which every rule was skipped.
"""

from __future__ import annotations

import argparse
import json
import os
import sys
from collections.abc import Sequence
from contextlib import ExitStack
from importlib import metadata
from pathlib import Path
from typing import NoReturn, TextIO

from ._adapter import ClientFactory, ClientSpecError, load_factory
from ._runner import UnknownRule, run_suite, select_rules
from .harness._hosting import Host, InProcessHost, SocketHost, trusting
from .harness._session import DEFAULT_STEP_TIMEOUT, SessionOptions, probe_client
from .reports._formats import no_rule_ran, render_junit, render_table, write_json, write_junit
from .rules import RULES, render_markdown


class UsageError(Exception):
    """A one-line problem with the command line or the configuration (exit 2)."""


class _Parser(argparse.ArgumentParser):
    def error(self, message: str) -> NoReturn:
        raise UsageError(message)


STDOUT = Path("-")


def _version() -> str:
    try:
        return metadata.version("groove-contract")
    except metadata.PackageNotFoundError:  # run from a checkout that was never installed
        return "(not installed)"


def _parser() -> argparse.ArgumentParser:
    parser = _Parser(prog="groove-contract", description=__doc__.splitlines()[0])
    parser.add_argument("--version", action="version", version=f"%(prog)s {_version()}")
    commands = parser.add_subparsers(dest="command", required=True, parser_class=_Parser)
    verify = commands.add_parser("verify", help="run the contract suite against a client")
    client = verify.add_mutually_exclusive_group(required=True)
    client.add_argument(
        "--client",
        metavar="MODULE:FACTORY",
        help="factory that takes an Environment and returns a ClientAdapter",
    )
    client.add_argument(
        "--client-cmd",
        metavar="COMMAND",
        help="an adapter process in any language, started per rule, speaking JSON lines on "
        "stdin/stdout (docs/bridge.md), e.g. 'node my-adapter.js'; implies --socket",
    )
    verify.add_argument(
        "--rule",
        action="append",
        metavar="ID",
        help="run only rules whose ID starts with this (repeatable), e.g. GC-AUTH",
    )
    verify.add_argument(
        "--json", type=Path, metavar="PATH", help="write a JSON report (- for stdout)"
    )
    verify.add_argument("--junit", type=Path, metavar="PATH", help="write JUnit XML (- for stdout)")
    verify.add_argument(
        "--html", type=Path, metavar="PATH", help="write a self-contained HTML report"
    )
    verify.add_argument(
        "--socket",
        action="store_true",
        help="serve the mock on 127.0.0.1 (for clients not built on httpx)",
    )
    verify.add_argument(
        "--tls",
        action="store_true",
        help="serve the socket over https, with a CA made for the run (its bundle's path is "
        "printed, and set as SSL_CERT_FILE, REQUESTS_CA_BUNDLE and NODE_EXTRA_CA_CERTS for "
        "an adapter process); implies --socket",
    )
    verify.add_argument(
        "--step-timeout",
        type=float,
        default=DEFAULT_STEP_TIMEOUT,
        metavar="S",
        help="seconds per step",
    )
    verify.add_argument("--scenario", type=Path, metavar="PATH", help="scenario file")
    rules = commands.add_parser("rules", help="print the rule catalogue")
    rules.add_argument("--markdown", action="store_true", help="as docs/rules.md")
    return parser


def _load_client(args: argparse.Namespace, socket: bool) -> ClientFactory:
    """The factory, after building one client with it: a client that cannot be built, or that
    declares a capability the suite does not know, is a configuration error, not 26 results."""
    if args.client_cmd is not None:
        from .bridge._process_adapter import command_factory

        return _probed(
            args.client_cmd,
            command_factory(args.client_cmd, timeout=args.step_timeout),
            socket=True,
        )
    if os.getcwd() not in sys.path:
        # As `python -m` would: a client module in the current project is importable.
        sys.path.insert(0, os.getcwd())
    try:
        factory = load_factory(args.client)
    except ClientSpecError as exc:
        raise UsageError(f"--client: {exc}") from None
    return _probed(args.client, factory, socket=socket)


def _probed(spec: str, factory: ClientFactory, *, socket: bool) -> ClientFactory:
    host: Host = SocketHost() if socket else InProcessHost()
    try:
        probe_client(spec, factory, host)
    except ClientSpecError as exc:
        raise UsageError(str(exc)) from None
    finally:
        host.close()
    return factory


def _options(args: argparse.Namespace) -> SessionOptions:
    if args.step_timeout <= 0:
        raise UsageError("--step-timeout must be positive")
    options = SessionOptions(step_timeout=args.step_timeout)
    if args.scenario is not None:
        from mock_server import ScenarioError, load_scenario

        try:
            options.scenario = load_scenario(args.scenario)
        except ScenarioError as exc:
            raise UsageError(str(exc)) from None
    return options


def _verify(args: argparse.Namespace) -> int:
    try:
        rules = select_rules(args.rule)
    except UnknownRule as exc:
        raise UsageError(f"--rule: {exc}") from None
    if args.json == STDOUT and args.junit == STDOUT:
        raise UsageError("--json - and --junit - cannot both write to stdout")
    for path in (args.json, args.junit, args.html):
        if path is not None and path != STDOUT and not path.parent.is_dir():
            raise UsageError(f"cannot write {path}: no directory {path.parent}")
    options = _options(args)
    socket = args.socket or args.tls or args.client_cmd is not None
    factory = _load_client(args, socket)
    to_stdout = [path for path in (args.json, args.junit) if path == STDOUT]
    # `--json -`: stdout carries the report alone, so what else is said goes to stderr
    said = sys.stderr if to_stdout else sys.stdout
    with ExitStack() as trust:

        def announce(host: Host) -> None:
            _announce_tls(host, said)
            trust.enter_context(trusting(host.ca_file))  # a Python client in this process

        report = run_suite(
            factory,
            client=args.client or args.client_cmd,
            rules=rules,
            socket=socket,
            tls=args.tls,
            options=options,
            on_host=announce if args.tls else None,
        )
    print(render_table(report), file=said)
    try:
        if args.json == STDOUT:
            sys.stdout.write(json.dumps(report.to_json(), indent=2) + "\n")
        elif args.json is not None:
            write_json(report, args.json)
        if args.junit == STDOUT:
            sys.stdout.write(render_junit(report))
        elif args.junit is not None:
            write_junit(report, args.junit)
        if args.html is not None:
            from .reports._html import write_html

            write_html(report, args.html)
    except OSError as exc:
        raise UsageError(f"cannot write the report: {exc}") from None
    if not report.ran:
        raise UsageError(no_rule_ran(len(report.results)))
    return report.exit_code


def _announce_tls(host: Host, out: TextIO) -> None:
    print(
        f"groove-contract: the mock serves {host.base_url} with a CA made for this run: "
        f"{host.ca_file}\n  trusted through SSL_CERT_FILE and REQUESTS_CA_BUNDLE (Python), "
        f"CURL_CA_BUNDLE (curl) and NODE_EXTRA_CA_CERTS (Node), which the run sets to it",
        file=out,
        flush=True,
    )


def _rules(args: argparse.Namespace) -> int:
    if args.markdown:
        print(render_markdown(), end="")
        return 0
    for rule in RULES:
        capability = rule.capability.value if rule.capability else "any"
        print(f"{rule.id:<15} {rule.level.value:<7} {capability:<18} {rule.title}")
    return 0


def main(argv: Sequence[str] | None = None) -> int:
    try:
        try:
            args = _parser().parse_args(argv)
        except SystemExit as done:  # --help and --version print, then exit 0
            return int(done.code or 0)
        if args.command == "verify":
            return _verify(args)
        return _rules(args)
    except UsageError as exc:
        print(f"groove-contract: error: {exc}", file=sys.stderr)
        return 2
    except KeyboardInterrupt:
        print("groove-contract: interrupted", file=sys.stderr)
        return 2


if __name__ == "__main__":
    sys.exit(main())
