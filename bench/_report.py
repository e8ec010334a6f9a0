"""What a benchmark run found, judged against our targets (docs/performance.md), as tables
and JSON."""

from __future__ import annotations

import json
from dataclasses import asdict, dataclass, field
from pathlib import Path
from typing import Any

NOT_AVAILABLE = "not available yet"
SKIPPED = "skipped"  # left out of this run (`--only`, `--skip-soak`): neither passed nor failed
PASS, FAIL, NO_TARGET, NOT_RUN = "PASS", "FAIL", "-", "n/a"

LAUNCH_RATIO_TARGET = 2.0
IN_PROCESS_TARGET_MS = 50.0
MEMORY_TARGET_MB = 80.0
FLAT_TOLERANCE_MB = 2.0


def _unmeasured(status: str) -> str:
    """The verdict of a row that did not give a result: n/a when there was nothing to measure
    (not available yet, or left out of the run), FAIL when the measurement itself failed."""
    return NOT_RUN if status in (NOT_AVAILABLE, SKIPPED) else FAIL


@dataclass(slots=True)
class LoadResult:
    """One throughput row. `rate` is requests/s, or complete flows/s for a flow row."""

    key: str
    label: str
    unit: str = "req/s"
    target: float | None = None
    status: str = NOT_AVAILABLE
    rate: float = 0.0
    requests: int = 0
    duration_s: float = 0.0
    ratio: float | None = None
    p50_ms: float = 0.0
    p99_ms: float = 0.0
    server_cpu_percent: float = 0.0
    loadgen_cpu_percent: float = 0.0
    rss_idle_mb: float = 0.0
    rss_after_mb: float = 0.0
    unexpected: int = 0
    rate_per_cpu_s: float = 0.0
    ratio_per_cpu_s: float | None = None
    rounds: list[float] = field(default_factory=list)
    note: str = ""

    @property
    def ran(self) -> bool:
        return self.status == "ok"

    @property
    def verdict(self) -> str:
        if not self.ran:
            return _unmeasured(self.status)
        if self.unexpected:
            return FAIL
        judged = self.judged_ratio
        if self.target is None or judged is None:
            return NO_TARGET
        return PASS if judged >= self.target else FAIL

    @property
    def judged_ratio(self) -> float | None:
        """The lower of the throughput ratio and the per-CPU-second ratio. On a busy machine a
        server may not get its whole core: the per-CPU ratio does not depend on that, the
        throughput ratio does. Judging on the lower one never passes a row by luck."""
        ratios = [r for r in (self.ratio, self.ratio_per_cpu_s) if r is not None]
        return min(ratios) if ratios else None

    @property
    def contended(self) -> bool:
        """The server had less than 90% of a core in its best round: other work ran."""
        return self.ran and self.server_cpu_percent < 90.0


@dataclass(slots=True)
class StartupResult:
    status: str = NOT_AVAILABLE
    mock_launch_ms: float = 0.0
    bare_launch_ms: float = 0.0
    mock_samples_ms: list[float] = field(default_factory=list)
    bare_samples_ms: list[float] = field(default_factory=list)

    @property
    def ratio(self) -> float | None:
        if self.status != "ok" or self.bare_launch_ms <= 0:
            return None
        return self.mock_launch_ms / self.bare_launch_ms

    @property
    def verdict(self) -> str:
        ratio = self.ratio
        if ratio is None:
            return _unmeasured(self.status)
        return PASS if ratio < LAUNCH_RATIO_TARGET else FAIL


@dataclass(slots=True)
class InProcessResult:
    status: str = NOT_AVAILABLE
    import_ms: float = 0.0
    first_ms: float = 0.0
    median_ms: float = 0.0
    answer_status: int = 0
    samples: int = 0

    @property
    def verdict(self) -> str:
        if self.status != "ok":
            return _unmeasured(self.status)
        return PASS if max(self.first_ms, self.median_ms) < IN_PROCESS_TARGET_MS else FAIL


@dataclass(slots=True)
class MemoryResult:
    status: str = NOT_AVAILABLE
    requests_per_step: int = 0
    kinds: list[str] = field(default_factory=list)
    rss_idle_mb: float = 0.0
    rss_first_mb: float = 0.0
    rss_second_mb: float = 0.0
    rate_first: float = 0.0
    rate_second: float = 0.0

    @property
    def growth_mb(self) -> float:
        return self.rss_second_mb - self.rss_first_mb

    @property
    def verdict(self) -> str:
        if self.status != "ok":
            return _unmeasured(self.status)
        small = self.rss_first_mb < MEMORY_TARGET_MB and self.rss_second_mb < MEMORY_TARGET_MB
        return PASS if small and self.growth_mb <= FLAT_TOLERANCE_MB else FAIL


@dataclass(slots=True)
class ContractResult:
    status: str = NOT_AVAILABLE
    seconds: float = 0.0
    exit_code: int | None = None
    summary: str = ""

    @property
    def verdict(self) -> str:
        if self.status in (NOT_AVAILABLE, SKIPPED):
            return NOT_RUN
        return PASS if self.status == "ok" else FAIL


@dataclass(slots=True)
class Report:
    meta: dict[str, Any]
    ceiling: LoadResult
    loads: list[LoadResult]
    startup: StartupResult
    in_process: InProcessResult
    memory: MemoryResult
    contract: ContractResult

    def to_json(self) -> dict[str, Any]:
        def with_verdict(item: Any) -> dict[str, Any]:
            data = asdict(item)
            data["verdict"] = item.verdict
            for name in ("ratio", "growth_mb", "judged_ratio", "contended"):
                if hasattr(item, name):
                    data[name] = getattr(item, name)
            return data

        return {
            "meta": self.meta,
            "ceiling": with_verdict(self.ceiling),
            "loads": [with_verdict(row) for row in self.loads],
            "startup": with_verdict(self.startup),
            "in_process": with_verdict(self.in_process),
            "memory": with_verdict(self.memory),
            "contract_suite": with_verdict(self.contract),
        }

    def write_json(self, path: Path) -> None:
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(json.dumps(self.to_json(), indent=2) + "\n", encoding="utf-8")

    def failed(self) -> bool:
        verdicts = [row.verdict for row in self.loads] + [
            self.startup.verdict,
            self.in_process.verdict,
            self.memory.verdict,
            self.contract.verdict,
        ]
        return FAIL in verdicts


def _table(header: list[str], rows: list[list[str]]) -> str:
    widths = [max(len(cell) for cell in column) for column in zip(header, *rows, strict=True)]

    def line(cells: list[str]) -> str:
        return "| " + " | ".join(c.ljust(w) for c, w in zip(cells, widths, strict=True)) + " |"

    rule = "|" + "|".join("-" * (w + 2) for w in widths) + "|"
    return "\n".join([line(header), rule, *(line(row) for row in rows)])


def _load_cells(row: LoadResult) -> list[str]:
    if not row.ran:
        return [row.label, row.status, "", "", "", "", "", "", "", "", row.verdict]
    ratio = "" if row.ratio is None else f"{row.ratio:.2f}"
    per_cpu = "" if row.ratio_per_cpu_s is None else f"{row.ratio_per_cpu_s:.2f}"
    target = "" if row.target is None else f">= {row.target:g}"
    return [
        row.label,
        f"{row.rate:,.0f} {row.unit}",
        ratio,
        per_cpu,
        target,
        f"{row.p50_ms:.2f}",
        f"{row.p99_ms:.2f}",
        f"{row.server_cpu_percent:.0f}{'*' if row.contended else ''}"
        f" / {row.loadgen_cpu_percent:.0f}",
        f"{row.rss_idle_mb:.1f} -> {row.rss_after_mb:.1f}",
        f"{row.unexpected}",
        row.verdict,
    ]


def load_table(report: Report) -> str:
    header = [
        "load (wrk, 16 connections)",
        "throughput",
        "ratio",
        "ratio per CPU-s",
        "target",
        "p50 ms",
        "p99 ms",
        "CPU % server / wrk",
        "server RSS MB idle -> after row",
        "unexpected",
        "verdict",
    ]
    measured = [row for row in (report.ceiling, *report.loads) if row.status != SKIPPED]
    return _table(header, [_load_cells(row) for row in measured])


def other_table(report: Report) -> str:
    s, p, m, c = report.startup, report.in_process, report.memory, report.contract
    rows: list[list[str]] = []
    if s.status == "ok":
        launch = f"{s.mock_launch_ms:.0f} ms (bare app {s.bare_launch_ms:.0f} ms, {s.ratio:.2f}x)"
    else:
        launch = s.status
    rows.append(["launch of groove-mock serve to first 200", launch, "< 2x bare", s.verdict])
    if p.status == "ok":
        ready = f"first {p.first_ms:.1f} ms, median {p.median_ms:.1f} ms (answer {p.answer_status})"
    else:
        ready = p.status
    rows.append(["in-process fixture to first answer", ready, "< 50 ms", p.verdict])
    if m.status == "ok":
        n = f"{m.requests_per_step:,}"
        memory = (
            f"idle {m.rss_idle_mb:.1f} MB, after {n} {m.rss_first_mb:.1f} MB, "
            f"after 2x{n} {m.rss_second_mb:.1f} MB ({m.growth_mb:+.1f} MB)"
        )
    else:
        memory = m.status
    rows.append(["server RSS, mixed load", memory, "< 80 MB, flat", m.verdict])
    if c.status == NOT_AVAILABLE:
        suite = c.status
    else:
        suite = f"{c.seconds:.1f} s, exit {c.exit_code} {c.summary}".strip()
    rows.append(["contract suite vs reference client", suite, "passes", c.verdict])
    statuses = (s.status, p.status, m.status, c.status)
    measured = [row for row, status in zip(rows, statuses, strict=True) if status != SKIPPED]
    return _table(["measure", "result", "target", "verdict"], measured)
