"""Running the load rows against live servers, and the memory soak.

Rows run in interleaved rounds (every row once, then every row again...) and each keeps its
best round. Other work on the machine can only slow a round down, and it then hits the ceiling
and the mock rows alike instead of skewing one ratio.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path

import httpx

from . import _wrk
from ._plan import Plan
from ._report import NOT_AVAILABLE, LoadResult, MemoryResult
from ._rows import run_checks
from ._select import ALL_ROWS
from ._servers import HOST, Server


@dataclass(frozen=True, slots=True)
class Options:
    """How hard and how long to load (see `python -m bench --help`)."""

    duration_s: float = 3.0
    rounds: int = 3
    warmup_s: float = 1.0
    connections: int = 16
    max_requests: int = 2_000_000
    soak_requests: int = 100_000
    soak_timeout_s: float = 120.0
    launches: int = 5
    in_process_repeats: int = 20
    server_cpu: int | None = 0
    loadgen_cpu: int | None = 1
    output: Path = Path(".bench/results.json")
    skip_soak: bool = False
    compile_sources: bool = True  # byte-compile our packages before the start-up rows
    rows: tuple[str, ...] = ALL_ROWS  # what this run measures (`--only`)


def base_url(server: Server) -> str:
    return f"http://{HOST}:{server.port}"


def check_plan(http: httpx.Client, plan: Plan) -> tuple[str, str]:
    """("ok", "") when one request of each kind gets its expected answer; else the row status
    ("not available yet" or "error") and what was seen."""
    problem = run_checks(http, plan.checks)
    if problem is None and plan.flow_check is not None:
        problem = plan.flow_check(http)
    if problem is None:
        return "ok", ""
    if problem.endswith(NOT_AVAILABLE):
        return NOT_AVAILABLE, problem
    return "error", problem


@dataclass(slots=True)
class Load:
    """A row under way: its plan, its server, and one wrk run per round."""

    result: LoadResult
    server: Server
    plan: Plan
    runs: list[tuple[_wrk.WrkResult, float]] = field(default_factory=list)


def prepare(wrk: str, server: Server, result: LoadResult, plan: Plan, options: Options) -> Load:
    """Check one request of each kind, then warm the server up on this row's requests."""
    load = Load(result, server, plan)
    with httpx.Client(base_url=base_url(server), timeout=10.0) as http:
        result.status, result.note = check_plan(http, plan)
    if result.ran:
        _run(wrk, load, options, options.warmup_s)
    return load


def _run(wrk: str, load: Load, options: Options, seconds: float) -> tuple[_wrk.WrkResult, float]:
    cpu_before = load.server.cpu_seconds()
    run = _wrk.run(
        wrk,
        base_url(load.server) + "/",
        load.plan.script,
        duration_s=seconds,
        connections=options.connections,
        cpu=options.loadgen_cpu,
    )
    return run, load.server.cpu_seconds() - cpu_before


def run_round(wrk: str, load: Load, options: Options) -> None:
    if load.result.ran:
        load.runs.append(_run(wrk, load, options, options.duration_s))
        # The server's RSS once this row has run: rows share a server, so it is cumulative.
        load.result.rss_after_mb = load.server.rss_mb()


def _rate(load: Load, run: _wrk.WrkResult) -> float:
    return run.flows_per_s if load.plan.counts_flows else run.rps


def finish(load: Load, *, ceiling: LoadResult | None) -> LoadResult:
    """Keep the best round: other work on the machine can only slow a round down."""
    result = load.result
    if not result.ran or not load.runs:
        return result
    run, server_cpu = max(load.runs, key=lambda pair: _rate(load, pair[0]))
    result.rounds = [round(_rate(load, r), 1) for r, _ in load.runs]
    result.requests = run.requests
    result.duration_s = run.duration_s
    result.rate = _rate(load, run)
    result.p50_ms, result.p99_ms = run.p50_ms, run.p99_ms
    result.server_cpu_percent = 100.0 * server_cpu / run.duration_s if run.duration_s else 0.0
    result.loadgen_cpu_percent = run.loadgen_cpu_percent
    result.rate_per_cpu_s = result.rate * run.duration_s / server_cpu if server_cpu else 0.0
    result.unexpected = sum(unexpected_answers(load.plan, r) for r, _ in load.runs)
    if ceiling is None:
        result.ratio = 1.0
    elif ceiling.ran and ceiling.rate:
        result.ratio = result.rate / ceiling.rate
        if ceiling.rate_per_cpu_s:
            result.ratio_per_cpu_s = result.rate_per_cpu_s / ceiling.rate_per_cpu_s
    if load.plan.counts_flows:
        result.note = f"{run.flows} sign-ins in {run.requests} requests"
    return result


def unexpected_answers(plan: Plan, run: _wrk.WrkResult) -> int:
    """Answers a run should not have had, and socket errors. wrk counts every answer of 400 or
    more as a status error; a mixed load's script counts 4xx and 5xx apart, and its 4xx must be
    its rejected requests: their share of the requests it sent, give or take one per connection
    (requests in flight at the end) and 1%."""
    if plan.rejected_share is None:
        rejected = run.errors.get("status", 0)
        wrong = run.requests - rejected if plan.all_rejected else rejected
        return wrong + run.socket_errors
    expected = (run.requests - run.codes) * plan.rejected_share
    tolerance = 16 + 0.01 * run.requests
    off = abs(run.rejected - expected)
    return run.failed + run.socket_errors + (round(off) if off > tolerance else 0)


def soak(wrk: str, server: Server, plan: Plan, options: Options) -> MemoryResult:
    """Two bounded rounds of `soak_requests` requests of the mixed load (`plan`, made with
    that bound); RSS idle and after each round."""
    memory = MemoryResult(requests_per_step=options.soak_requests)
    with httpx.Client(base_url=base_url(server), timeout=10.0) as http:
        status, note = check_plan(http, plan)
    if status != "ok":
        memory.status = f"{status}: {note}" if note else status
        return memory
    memory.kinds = ["the mixed load (reads, writes, grants, refreshes, rejections, sign-ins)"]
    script = plan.script
    memory.rss_idle_mb = server.rss_mb()
    rounds = []
    for _ in range(2):
        run = _wrk.run(
            wrk,
            base_url(server) + "/",
            script,
            duration_s=options.soak_timeout_s,
            connections=options.connections,
            cpu=options.loadgen_cpu,
        )
        rounds.append((server.rss_mb(), run.rps))
        wrong = unexpected_answers(plan, run)
        if wrong:
            memory.status = f"{wrong} unexpected answers"
            return memory
        if run.duration_s >= options.soak_timeout_s - 1:
            memory.status = f"only {run.requests} requests within {options.soak_timeout_s:.0f} s"
            return memory
    (memory.rss_first_mb, memory.rate_first), (memory.rss_second_mb, memory.rate_second) = rounds
    memory.status = "ok"
    return memory
