"""Verdicts against the issue's targets, the tables, and the JSON file."""

from __future__ import annotations

import json

from bench._report import (
    FAIL,
    NO_TARGET,
    NOT_AVAILABLE,
    NOT_RUN,
    PASS,
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


def _load(**changes) -> LoadResult:
    row = LoadResult("lookup-app", "catalog lookup, app token", target=0.7, status="ok")
    row.rate, row.ratio, row.p50_ms, row.p99_ms = 7000.0, 0.7, 1.0, 3.0
    for name, value in changes.items():
        setattr(row, name, value)
    return row


def test_load_verdicts():
    assert _load().verdict == PASS
    assert _load(ratio=0.69).verdict == FAIL
    assert _load(unexpected=1).verdict == FAIL
    assert _load(target=None).verdict == NO_TARGET
    assert _load(status=NOT_AVAILABLE).verdict == NOT_RUN
    assert _load(status="error", note="500").verdict == FAIL


def test_the_lower_of_the_two_ratios_decides():
    assert _load(ratio=0.9, ratio_per_cpu_s=0.6).verdict == FAIL
    assert _load(ratio=0.6, ratio_per_cpu_s=0.9).verdict == FAIL
    assert _load(ratio=0.75, ratio_per_cpu_s=0.71).verdict == PASS
    assert _load(ratio=0.8, ratio_per_cpu_s=0.6).judged_ratio == 0.6


def test_a_starved_server_is_marked():
    assert _load(server_cpu_percent=60.0).contended
    assert not _load(server_cpu_percent=97.0).contended
    assert "60* / " in load_table(_report_with(_load(server_cpu_percent=60.0)))


def test_startup_verdict_is_the_ratio_to_the_bare_launch():
    assert StartupResult("ok", 199.0, 100.0).verdict == PASS
    assert StartupResult("ok", 200.0, 100.0).verdict == FAIL
    assert StartupResult().verdict == NOT_RUN
    assert StartupResult("timeout").verdict == FAIL


def test_in_process_verdict_holds_for_the_first_fixture_too():
    assert InProcessResult("ok", first_ms=30.0, median_ms=4.0).verdict == PASS
    assert InProcessResult("ok", first_ms=60.0, median_ms=4.0).verdict == FAIL


def test_memory_must_stay_small_and_flat():
    ok = MemoryResult("ok", 100_000, [], 50.0, 60.0, 61.5)
    assert ok.verdict == PASS
    assert MemoryResult("ok", 100_000, [], 50.0, 60.0, 63.0).verdict == FAIL  # grows
    assert MemoryResult("ok", 100_000, [], 50.0, 79.0, 80.5).verdict == FAIL  # too big
    assert MemoryResult().verdict == NOT_RUN


def _report_with(row: LoadResult) -> Report:
    report = _report()
    report.loads = [row]
    return report


def _report() -> Report:
    ceiling = LoadResult("ceiling", "ceiling: bare Starlette route", status="ok", rate=10000.0)
    ceiling.ratio = 1.0
    missing = LoadResult("refresh", "refresh token grant")
    return Report(
        {"date": "today"},
        ceiling,
        [_load(), missing],
        StartupResult("ok", 110.0, 100.0),
        InProcessResult("ok", 100.0, 20.0, 3.0, 200, 5),
        MemoryResult(),
        ContractResult(),
    )


def test_tables_show_numbers_and_not_available_rows():
    report = _report()
    loads = load_table(report)
    assert "| catalog lookup, app token" in loads
    assert "7,000 req/s" in loads
    assert ">= 0.7" in loads
    assert "not available yet" in loads
    assert len({len(line) for line in loads.splitlines()}) == 1  # aligned columns
    other = other_table(report)
    assert "110 ms (bare app 100 ms, 1.10x)" in other
    assert "first 20.0 ms, median 3.0 ms (answer 200)" in other


def test_json_carries_verdicts_and_ratios(tmp_path):
    report = _report()
    path = tmp_path / "deep" / "results.json"
    report.write_json(path)
    data = json.loads(path.read_text())
    assert data["loads"][0]["verdict"] == PASS
    assert data["loads"][1]["status"] == NOT_AVAILABLE
    assert data["startup"]["ratio"] == 1.1
    assert data["contract_suite"]["verdict"] == NOT_RUN
    assert not report.failed()
    report.loads[0].ratio = 0.1
    assert report.failed()


def test_rows_left_out_of_a_run_are_not_run_and_not_shown():
    report = _report()
    report.loads[0].status = SKIPPED
    report.in_process = InProcessResult(SKIPPED)
    report.memory = MemoryResult(SKIPPED)
    report.contract = ContractResult(SKIPPED)
    assert {report.loads[0].verdict, report.in_process.verdict} == {NOT_RUN}
    assert {report.memory.verdict, report.contract.verdict} == {NOT_RUN}
    assert "catalog lookup" not in load_table(report)
    assert "refresh token grant" in load_table(report)  # not available yet: still shown
    other = other_table(report)
    assert "launch of groove-mock serve" in other
    assert "in-process" not in other and "RSS" not in other and "contract" not in other
    assert not report.failed()
