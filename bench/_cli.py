"""`python -m bench`: run every row (or those `--only` names), print the tables, write the JSON."""

from __future__ import annotations

import argparse
import contextlib
import datetime
import os
import platform
import subprocess
import sys
import tempfile
from dataclasses import asdict
from importlib import metadata
from pathlib import Path

import httpx

from . import _mock as mock
from . import _wrk
from ._bare_app import PATH as BARE_PATH
from ._contract import measure_contract_suite
from ._loads import Load, Options, finish, prepare, run_round, soak
from ._lua import HttpRequest, cycle_script
from ._plan import Check, Plan
from ._report import (
    NOT_AVAILABLE,
    SKIPPED,
    ContractResult,
    InProcessResult,
    LoadResult,
    MemoryResult,
    Report,
    StartupResult,
    load_table,
    other_table,
)
from ._rows import LOAD_ROWS, LoadRow, mixed_plan
from ._select import ALL_ROWS, CEILING, CONTRACT, IN_PROCESS, LAUNCH, MEMORY, only_help, parse_only
from ._servers import Server, ServerError, free_port, raw_get
from ._startup import compile_sources, measure_in_process, measure_launches

DEFAULT_OUTPUT = Path(".bench/results.json")


def parse_args(argv: list[str] | None) -> Options:
    parser = argparse.ArgumentParser(
        prog="python -m bench",
        description="Throughput, latency, start-up and memory of the mock against a bare "
        "Starlette route (loopback only; every load bounded in count and time).",
    )
    parser.add_argument("--duration", type=float, default=3.0, help="seconds per row and round")
    parser.add_argument("--rounds", type=int, default=3, help="interleaved rounds (best kept)")
    parser.add_argument("--warmup", type=float, default=1.0, help="seconds of warm-up per row")
    parser.add_argument("--connections", type=int, default=16, help="wrk connections")
    parser.add_argument("--max-requests", type=int, default=2_000_000, help="cap per load run")
    parser.add_argument("--soak-requests", type=int, default=100_000, help="per soak round")
    parser.add_argument("--launches", type=int, default=5, help="launches per server")
    parser.add_argument("--repeats", type=int, default=20, help="in-process fixture repeats")
    parser.add_argument("--no-pin", action="store_true", help="do not pin server and wrk")
    parser.add_argument("--skip-soak", action="store_true", help="skip the memory soak")
    parser.add_argument("--quick", action="store_true", help="short smoke run (1 round of 1 s)")
    parser.add_argument("--only", type=parse_only, metavar="NAME[,NAME]", help=only_help())
    parser.add_argument(
        "--no-compile",
        action="store_true",
        help="start-up rows without byte-compiling mock_server and bench first (by default "
        "they are, as an install is: the bare app's libraries are)",
    )
    parser.add_argument(
        "--output",
        type=Path,
        help="JSON file (default .bench/results.json; with --only, .bench/results-NAMES.json)",
    )
    args = parser.parse_args(argv)
    quick = args.quick
    rows: tuple[str, ...] = args.only or ALL_ROWS
    if args.skip_soak:
        rows = tuple(name for name in rows if name != MEMORY)
    output = args.output or (
        Path(f".bench/results-{'-'.join(args.only)}.json") if args.only else DEFAULT_OUTPUT
    )
    return Options(
        duration_s=1.0 if quick else args.duration,
        rounds=1 if quick else args.rounds,
        warmup_s=1.0 if quick else args.warmup,
        connections=args.connections,
        max_requests=args.max_requests,
        soak_requests=10_000 if quick else args.soak_requests,
        # Each soak round is bounded in time too: long enough for 800 requests a second.
        soak_timeout_s=max(120.0, (10_000 if quick else args.soak_requests) / 800),
        launches=2 if quick else args.launches,
        in_process_repeats=5 if quick else args.repeats,
        server_cpu=None if args.no_pin or (os.cpu_count() or 1) < 2 else 0,
        loadgen_cpu=None if args.no_pin or (os.cpu_count() or 1) < 2 else 1,
        output=output,
        skip_soak=MEMORY not in rows,
        compile_sources=not args.no_compile,
        rows=rows,
    )


def _say(text: str) -> None:
    print(text, file=sys.stderr, flush=True)


def _mock_server(port: int, log_dir: Path, cpu: int | None) -> Server:
    command = mock.serve_command(port, via_cli=mock.cli_available())
    return Server("mock", command, port, cpu=cpu, log_path=log_dir / "mock.log")


def _wait_until_serving(server: Server) -> None:
    # Any answer will do: an unknown path gets the router's 404 even before the routes land.
    server.wait_for(raw_get("/bench-ready"), status=404, timeout_s=30.0)


def _ceiling_result() -> LoadResult:
    return LoadResult(CEILING, "ceiling: bare Starlette route")


def _skipped_loads() -> tuple[LoadResult, list[LoadResult]]:
    ceiling = _ceiling_result()
    ceiling.status = SKIPPED
    return ceiling, [
        LoadResult(row.key, row.label, row.unit, row.target, status=SKIPPED) for row in LOAD_ROWS
    ]


def measure_loads(wrk: str, options: Options, log_dir: Path) -> tuple[LoadResult, list[LoadResult]]:
    """The ceiling and the selected mock rows, in interleaved rounds on two live servers."""
    ceiling, skipped = _skipped_loads()
    if CEILING not in options.rows:
        return ceiling, skipped
    bare_port = free_port()
    bare = Server(
        "bare", mock.bare_command(bare_port), bare_port, options.server_cpu, log_dir / "bare.log"
    )
    with contextlib.ExitStack() as servers:
        servers.enter_context(bare)
        bare.wait_for(raw_get(BARE_PATH), timeout_s=30.0)
        check = Check(HttpRequest("GET", BARE_PATH), 200)
        plan = Plan(cycle_script([check.request], max_requests=options.max_requests), (check,))
        ceiling = _ceiling_result()
        ceiling.rss_idle_mb = bare.rss_mb()
        loads = [prepare(wrk, bare, ceiling, plan, options)]
        selected = [row for row in LOAD_ROWS if row.key in options.rows]
        if selected:
            started = _mock_server(free_port(), log_dir, options.server_cpu)
            server = servers.enter_context(started)
            loads += _prepare_mock_rows(wrk, server, selected, options)
        for number in range(1, options.rounds + 1):
            _say(f"  round {number} of {options.rounds}")
            for load in loads:
                run_round(wrk, load, options)
        ceiling = finish(loads[0], ceiling=None)
        measured = {load.result.key: finish(load, ceiling=ceiling) for load in loads[1:]}
        return ceiling, [measured.get(result.key, result) for result in skipped]


def _prepare_mock_rows(
    wrk: str, server: Server, rows: list[LoadRow], options: Options
) -> list[Load]:
    _wait_until_serving(server)
    idle_mb = server.rss_mb()
    with httpx.Client(base_url=f"http://127.0.0.1:{server.port}", timeout=10.0) as http:
        credentials = mock.obtain_credentials(http)
    _say(f"  app token: {credentials.app_token_source}")
    _say(f"  user token: {credentials.user_token_source}")
    loads = []
    for row in rows:
        result = LoadResult(row.key, row.label, row.unit, row.target, rss_idle_mb=idle_mb)
        row_plan = row.plan(credentials, options.max_requests)
        if isinstance(row_plan, str):
            result.status = row_plan
            loads.append(Load(result, server, Plan("", ())))
        else:
            loads.append(prepare(wrk, server, result, row_plan, options))
        _say(f"  {row.label}: {result.status} {result.note}".rstrip())
    return loads


def measure_memory(wrk: str, options: Options, log_dir: Path) -> MemoryResult:
    port = free_port()
    with _mock_server(port, log_dir, options.server_cpu) as server:
        _wait_until_serving(server)
        with httpx.Client(base_url=f"http://127.0.0.1:{port}", timeout=10.0) as http:
            credentials = mock.obtain_credentials(http)
        return soak(wrk, server, mixed_plan(credentials, options.soak_requests), options)


def _meta(options: Options) -> dict[str, object]:
    commit = subprocess.run(
        ["git", "rev-parse", "--short", "HEAD"],  # noqa: S607 - git from PATH is intended
        capture_output=True,
        text=True,
        check=False,
    ).stdout.strip()
    versions = {name: metadata.version(name) for name in ("starlette", "uvicorn", "httptools")}
    return {
        "date": datetime.datetime.now(datetime.UTC).isoformat(timespec="seconds"),
        "git_commit": commit,
        "python": platform.python_version(),
        "cpus": os.cpu_count(),
        "versions": versions,
        "mock_launched_with": "groove-mock serve" if mock.cli_available() else "bench fallback",
        "command": " ".join(["python -m bench", *sys.argv[1:]]),
        "options": {name: str(value) for name, value in asdict(options).items()},
        "rows": list(options.rows),
    }


def _loads_and_memory(options: Options) -> tuple[LoadResult, list[LoadResult], MemoryResult]:
    """The rows that need wrk (installed only when one of them is selected)."""
    if CEILING not in options.rows and MEMORY not in options.rows:
        return (*_skipped_loads(), MemoryResult(status=SKIPPED))
    wrk = _wrk.ensure_wrk()
    with tempfile.TemporaryDirectory(prefix="groove-bench-logs-") as folder:
        log_dir = Path(folder)
        if CEILING in options.rows:
            _say("loads: the ceiling and the mock rows")
        ceiling, loads = measure_loads(wrk, options, log_dir)
        memory = MemoryResult(status=SKIPPED)
        if MEMORY in options.rows:
            _say("memory soak")
            memory = measure_memory(wrk, options, log_dir)
    return ceiling, loads, memory


def _compile(options: Options, meta: dict[str, object]) -> None:
    """Before the start-up rows: our sources byte-compiled, as installed (see compile_sources)."""
    if not options.compile_sources or not {LAUNCH, IN_PROCESS} & set(options.rows):
        meta["byte_compiled"] = []
        return
    meta["byte_compiled"] = compile_sources()
    _say("start-up: mock_server and bench byte-compiled first (--no-compile: as they are)")


def _startup(options: Options) -> StartupResult:
    if LAUNCH not in options.rows:
        return StartupResult(status=SKIPPED)
    _say("start-up: launch")
    try:
        return measure_launches(options.launches, cpu=options.server_cpu)
    except ServerError as exc:
        return StartupResult(status=str(exc))


def main(argv: list[str] | None = None) -> int:
    options = parse_args(argv)
    meta = _meta(options)
    ceiling, loads, memory = _loads_and_memory(options)
    _compile(options, meta)
    startup = _startup(options)
    in_process = InProcessResult(status=SKIPPED)
    if IN_PROCESS in options.rows:
        _say("start-up: in-process fixture")
        in_process = measure_in_process(options.in_process_repeats)
    contract = ContractResult(status=SKIPPED)
    if CONTRACT in options.rows:
        _say("contract suite")
        contract = measure_contract_suite()
    report = Report(meta, ceiling, loads, startup, in_process, memory, contract)
    if ceiling.status != SKIPPED:
        print(load_table(report))
        print(
            "ratio: to the ceiling's throughput; ratio per CPU-s: requests per second of server "
            "CPU, to the ceiling's. Verdicts use the lower of the two.\n"
            "* the server had < 90% of a core in its best round (other work on the machine)."
        )
        print()
    print(other_table(report))
    report.write_json(options.output)
    print(f"\nJSON: {options.output}")
    unavailable = [row.label for row in loads if row.status == NOT_AVAILABLE]
    if unavailable:
        print(f"not available yet: {', '.join(unavailable)}")
    return 1 if report.failed() else 0
