"""Running one load row against a live server, and the memory soak."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

import httpx

from . import _wrk
from ._lua import cycle_script
from ._report import NOT_AVAILABLE, LoadResult, MemoryResult
from ._rows import Check, Plan, run_checks
from ._servers import HOST, Server


@dataclass(frozen=True, slots=True)
class Options:
    """How hard and how long to load (see `python -m bench --help`)."""

    duration_s: float = 10.0
    warmup_s: float = 2.0
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


def measure(
    wrk: str,
    server: Server,
    result: LoadResult,
    plan: Plan,
    options: Options,
    *,
    ceiling_rate: float | None,
) -> LoadResult:
    """Check, warm up, then load; fills `result` in place and returns it."""
    with httpx.Client(base_url=base_url(server), timeout=10.0) as http:
        result.status, result.note = check_plan(http, plan)
    if not result.ran:
        return result
    url = base_url(server) + "/"
    result.rss_idle_mb = server.rss_mb()
    _wrk.run(
        wrk,
        url,
        plan.script,
        duration_s=options.warmup_s,
        connections=options.connections,
        cpu=options.loadgen_cpu,
    )
    cpu_before = server.cpu_seconds()
    run = _wrk.run(
        wrk,
        url,
        plan.script,
        duration_s=options.duration_s,
        connections=options.connections,
        cpu=options.loadgen_cpu,
    )
    server_cpu = server.cpu_seconds() - cpu_before
    result.rss_after_mb = server.rss_mb()
    result.requests = run.requests
    result.duration_s = run.duration_s
    result.rate = run.flows_per_s if plan.counts_flows else run.rps
    result.p50_ms, result.p99_ms = run.p50_ms, run.p99_ms
    result.server_cpu_percent = 100.0 * server_cpu / run.duration_s if run.duration_s else 0.0
    result.loadgen_cpu_percent = run.loadgen_cpu_percent
    rejected = run.errors.get("status", 0)
    wrong = run.requests - rejected if plan.all_rejected else rejected
    result.unexpected = wrong + run.socket_errors
    if ceiling_rate:
        result.ratio = result.rate / ceiling_rate
    if plan.counts_flows:
        result.note = f"{run.flows} sign-ins in {run.requests} requests"
    return result


def soak(wrk: str, server: Server, checks: list[Check], options: Options) -> MemoryResult:
    """Two bounded rounds of `soak_requests` mixed requests; RSS idle and after each round."""
    memory = MemoryResult(requests_per_step=options.soak_requests)
    with httpx.Client(base_url=base_url(server), timeout=10.0) as http:
        usable = [c for c in checks if run_checks(http, (c,)) is None]
    if not usable:
        memory.status = NOT_AVAILABLE
        return memory
    memory.kinds = [f"{c.request.method} {c.request.path.split('?')[0]}" for c in usable]
    script = cycle_script([c.request for c in usable], max_requests=options.soak_requests)
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
        if run.duration_s >= options.soak_timeout_s - 1:
            memory.status = f"only {run.requests} requests within {options.soak_timeout_s:.0f} s"
            return memory
    (memory.rss_first_mb, memory.rate_first), (memory.rss_second_mb, memory.rate_second) = rounds
    memory.status = "ok"
    return memory
