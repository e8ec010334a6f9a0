"""Reading wrk's result, and (when wrk is installed) a real bounded run of a generated script."""

from __future__ import annotations

import json
import shutil
import sys
from pathlib import Path

import pytest

from bench import _wrk
from bench._lua import RESULT_MARKER, HttpRequest, cycle_script
from bench._servers import Server, free_port, raw_get

GOOD = {
    "duration_us": 2_000_000,
    "requests": 30_000,
    "bytes": 4_000_000,
    "errors": {"connect": 0, "read": 1, "write": 0, "status": 7, "timeout": 2},
    "latency_us": {"p50": 512.0, "p90": 900.5, "p99": 2500.0, "max": 9000.0, "mean": 600.0},
    "flows": 1200,
}


def _stdout(data: dict) -> str:
    text = "Running 2s test @ http://127.0.0.1:1/\n  1 threads and 16 connections\n"
    return text + RESULT_MARKER + json.dumps(data) + "\nRequests/sec: 15000.00\n"


def test_parse_output_reads_the_result_line():
    result = _wrk.parse_output(_stdout(GOOD))
    assert result.duration_s == 2.0
    assert result.requests == 30_000
    assert result.rps == 15_000
    assert result.flows_per_s == 600
    assert (result.p50_ms, result.p90_ms, result.p99_ms) == (0.512, 0.9005, 2.5)
    assert result.errors["status"] == 7
    assert result.socket_errors == 3  # read + timeout; status errors are not socket errors


def test_parse_output_takes_the_last_result_line():
    later = dict(GOOD, requests=99)
    assert _wrk.parse_output(_stdout(GOOD) + _stdout(later)).requests == 99


def test_no_result_line_is_an_error():
    with pytest.raises(_wrk.WrkError, match="no result line"):
        _wrk.parse_output("unable to connect to 127.0.0.1:1 Connection refused\n")


@pytest.mark.parametrize(
    "broken",
    [
        RESULT_MARKER + "{not json",
        RESULT_MARKER + json.dumps({k: v for k, v in GOOD.items() if k != "latency_us"}),
        RESULT_MARKER + json.dumps(dict(GOOD, requests="many")),
        RESULT_MARKER + json.dumps(dict(GOOD, errors=[1, 2])),
    ],
)
def test_an_unreadable_result_line_is_an_error(broken):
    with pytest.raises(_wrk.WrkError, match="unreadable"):
        _wrk.parse_output(broken)


def test_zero_duration_gives_zero_rates():
    result = _wrk.parse_output(_stdout(dict(GOOD, duration_us=0)))
    assert result.rps == result.flows_per_s == result.loadgen_cpu_percent == 0.0


@pytest.mark.skipif(shutil.which("wrk") is None, reason="wrk is not installed")
def test_a_real_run_stops_at_its_request_bound_long_before_its_duration():
    port = free_port()
    command = [sys.executable, "-m", "bench._bare_app", "--port", str(port), "--log-level", "error"]
    root = str(Path(__file__).resolve().parents[2])  # `bench` importable from any cwd
    with Server("bare", command, port, env={"PYTHONPATH": root}) as server:
        server.wait_for(raw_get("/bare"))
        script = cycle_script([HttpRequest("GET", "/bare")], max_requests=300)
        result = _wrk.run("wrk", f"http://127.0.0.1:{port}/", script, duration_s=20, connections=4)
    assert 290 <= result.requests <= 300
    assert result.duration_s < 10  # interrupted at the bound, not after the 20 s
    assert result.errors["status"] == 0
    assert result.p50_ms > 0
    assert result.loadgen_cpu_s > 0
