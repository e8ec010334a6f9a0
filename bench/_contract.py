"""The contract suite's full run against the reference client, timed.

It runs only once both pieces exist: `contract_tests/reference_client.py` (driven through its
adapter, `contract_tests.reference_adapter:make_adapter`) and the `groove-contract verify`
command. It is timed as a user runs it: a fresh process, start to exit.
"""

from __future__ import annotations

import importlib.util
import subprocess
import sys
import time
from pathlib import Path

from ._report import NOT_AVAILABLE, ContractResult

TIMEOUT_S = 600.0


REFERENCE_CLIENT = "contract_tests.reference_adapter:make_adapter"


def _verify_command() -> list[str] | None:
    for module in ("contract_tests.reference_client", "contract_tests.reference_adapter"):
        if importlib.util.find_spec(module) is None:
            return None
    script = Path(sys.executable).with_name("groove-contract")
    if not script.exists():
        return None
    return [str(script), "verify", "--client", REFERENCE_CLIENT]


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
