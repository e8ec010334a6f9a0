"""The contract suite's full run against the reference client, timed.

It runs only once both pieces exist: `contract_tests/reference_client.py` and the
`groove-contract verify` command (mock_server's sibling package, built separately).
"""

from __future__ import annotations

import importlib.util
import subprocess
import sys
import time
from pathlib import Path

from ._report import NOT_AVAILABLE, ContractResult

TIMEOUT_S = 600.0


def _verify_command() -> list[str] | None:
    if importlib.util.find_spec("contract_tests.reference_client") is None:
        return None
    if importlib.util.find_spec("contract_tests.cli") is None:
        return None
    script = Path(sys.executable).with_name("groove-contract")
    if not script.exists():
        return None
    return [str(script), "verify", "--client", "contract_tests.reference_client"]


def _has_verify(command: list[str]) -> bool:
    helped = subprocess.run(  # noqa: S603 - our own console script
        [command[0], "--help"], capture_output=True, text=True, check=False, timeout=60
    )
    return helped.returncode == 0 and "verify" in helped.stdout


def measure_contract_suite() -> ContractResult:
    command = _verify_command()
    if command is None or not _has_verify(command):
        return ContractResult(status=NOT_AVAILABLE)
    started = time.perf_counter()
    try:
        done = subprocess.run(  # noqa: S603 - our own console script
            command, capture_output=True, text=True, check=False, timeout=TIMEOUT_S
        )
    except subprocess.TimeoutExpired:
        return ContractResult(status=f"did not finish within {TIMEOUT_S:.0f} s")
    seconds = time.perf_counter() - started
    lines = [line for line in done.stdout.strip().splitlines() if line.strip()]
    summary = lines[-1][:100] if lines else ""
    status = "ok" if done.returncode == 0 else "failed"
    return ContractResult(status, seconds, done.returncode, summary)
