"""Running wrk and reading what it measured.

wrk is the load generator of every throughput row: it is written in C, so on this two-core
machine one wrk thread on its own core drives a Python server well past what the server can
take (each row records wrk's own CPU use to show it). It comes from Debian's packages and is
installed on first use.
"""

from __future__ import annotations

import json
import os
import resource
import shutil
import signal
import subprocess
import tempfile
import threading
from dataclasses import dataclass, replace
from pathlib import Path

from ._lua import LIMIT_MARKER, RESULT_MARKER


class WrkError(RuntimeError):
    """wrk is missing and cannot be installed, failed, or printed no result."""


@dataclass(frozen=True, slots=True)
class WrkResult:
    """One wrk run, as its Lua `done()` reported it, plus wrk's own CPU time."""

    duration_s: float
    requests: int
    bytes: int
    errors: dict[str, int]
    p50_ms: float
    p90_ms: float
    p99_ms: float
    max_ms: float
    mean_ms: float
    flows: int = 0
    rejected: int = 0  # 4xx answers, counted by scripts that look at answers
    failed: int = 0  # 5xx answers, likewise
    codes: int = 0  # authorization codes obtained (each is then redeemed)
    loadgen_cpu_s: float = 0.0

    @property
    def rps(self) -> float:
        return self.requests / self.duration_s if self.duration_s > 0 else 0.0

    @property
    def flows_per_s(self) -> float:
        return self.flows / self.duration_s if self.duration_s > 0 else 0.0

    @property
    def socket_errors(self) -> int:
        return sum(count for name, count in self.errors.items() if name != "status")

    @property
    def loadgen_cpu_percent(self) -> float:
        return 100.0 * self.loadgen_cpu_s / self.duration_s if self.duration_s > 0 else 0.0


def parse_output(stdout: str) -> WrkResult:
    """The result from wrk's stdout (the `BENCH_JSON` line that our Lua `done()` prints)."""
    lines = [line for line in stdout.splitlines() if line.startswith(RESULT_MARKER)]
    if not lines:
        raise WrkError("wrk printed no result line (did the Lua script fail?)")
    try:
        data = json.loads(lines[-1][len(RESULT_MARKER) :])
        latency = data["latency_us"]
        return WrkResult(
            duration_s=float(data["duration_us"]) / 1e6,
            requests=int(data["requests"]),
            bytes=int(data["bytes"]),
            errors={str(name): int(count) for name, count in data["errors"].items()},
            p50_ms=float(latency["p50"]) / 1000,
            p90_ms=float(latency["p90"]) / 1000,
            p99_ms=float(latency["p99"]) / 1000,
            max_ms=float(latency["max"]) / 1000,
            mean_ms=float(latency["mean"]) / 1000,
            flows=int(data.get("flows", 0)),
            rejected=int(data.get("rejected", 0)),
            failed=int(data.get("failed", 0)),
            codes=int(data.get("codes", 0)),
        )
    except (ValueError, KeyError, TypeError, AttributeError) as exc:
        raise WrkError(f"unreadable wrk result line: {exc}") from None


def ensure_wrk() -> str:
    """The path of wrk, installing Debian's package when it is missing (we run as root)."""
    found = shutil.which("wrk")
    if found:
        return found
    apt = shutil.which("apt-get")
    if apt is None:
        raise WrkError("wrk is not installed and there is no apt-get to install it")
    env = {**os.environ, "DEBIAN_FRONTEND": "noninteractive"}
    install = [apt, "install", "-y", "-qq", "wrk"]
    # S603: apt-get found on PATH, with fixed arguments.
    first = subprocess.run(install, env=env, capture_output=True, check=False)  # noqa: S603
    if first.returncode != 0:
        # A fresh machine has no package lists yet: fetch them once, then try again.
        update = [apt, "update", "-qq"]
        subprocess.run(update, env=env, capture_output=True, check=False)  # noqa: S603
        done = subprocess.run(  # noqa: S603
            install, env=env, capture_output=True, text=True, check=False
        )
        if done.returncode != 0:
            raise WrkError(f"apt-get install wrk failed: {done.stderr.strip()[-300:]}")
    found = shutil.which("wrk")
    if found is None:
        raise WrkError("apt-get installed wrk, but it is not on PATH")
    return found


def run(
    wrk: str,
    url: str,
    script: str,
    *,
    duration_s: float,
    connections: int,
    cpu: int | None = None,
    timeout_s: float = 10.0,
) -> WrkResult:
    """One wrk run with one thread, bounded by `duration_s` and by the script's request count;
    `cpu` pins wrk to that core when given."""
    with tempfile.TemporaryDirectory(prefix="groove-bench-") as folder:
        script_path = Path(folder) / "load.lua"
        script_path.write_text(script, encoding="utf-8")
        command = [
            wrk,
            "--threads",
            "1",
            "--connections",
            str(connections),
            "--duration",
            f"{max(1, round(duration_s))}s",
            "--timeout",
            f"{max(1, round(timeout_s))}s",
            "--script",
            str(script_path),
            url,
        ]
        if cpu is not None and shutil.which("taskset"):
            command = ["taskset", "--cpu-list", str(cpu), *command]
        before = resource.getrusage(resource.RUSAGE_CHILDREN)
        returncode, stdout, stderr = _supervise(command, deadline_s=duration_s + timeout_s + 30)
        after = resource.getrusage(resource.RUSAGE_CHILDREN)
    if returncode != 0:
        raise WrkError(f"wrk exited with {returncode}: {stderr.strip()[-300:]}")
    result = parse_output(stdout)
    # The only child reaped during the run is wrk, so the children's CPU time grew by its own.
    used = (after.ru_utime - before.ru_utime) + (after.ru_stime - before.ru_stime)
    return replace(result, loadgen_cpu_s=used)


def _supervise(command: list[str], *, deadline_s: float) -> tuple[int, str, str]:
    """Run wrk; interrupt it as soon as the script says its request count is reached (wrk then
    reports at once, with the true duration), and kill it if it outlives `deadline_s`."""
    lines: list[str] = []
    with subprocess.Popen(  # noqa: S603 - wrk, found on PATH by ensure_wrk
        command, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True
    ) as process:
        killer = threading.Timer(deadline_s, process.kill)
        killer.start()
        try:
            assert process.stdout is not None and process.stderr is not None
            for line in process.stdout:
                lines.append(line)
                if line.strip() == LIMIT_MARKER:
                    process.send_signal(signal.SIGINT)
            stderr = process.stderr.read()
            returncode = process.wait()
        finally:
            killer.cancel()
    if returncode == -signal.SIGKILL:
        raise WrkError(f"wrk did not stop within {deadline_s:.0f} s")
    return returncode, "".join(lines), stderr
