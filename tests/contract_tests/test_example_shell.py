"""The bash example in examples/shell (curl and jq, no Python, no Node): the protocol is
language-neutral. Its app-token client passes every rule it can be judged on, over https (curl
trusts the run's CA through CURL_CA_BUNDLE), and the others are skipped for its capabilities.

`make test` installs curl and jq when they are missing; a bare `pytest` skips this."""

from __future__ import annotations

import os
import shutil
from pathlib import Path

import pytest

from contract_tests._runner import Status, run_suite
from contract_tests.bridge._process_adapter import command_factory

ADAPTER = Path(__file__).resolve().parents[2] / "examples" / "shell" / "adapter.sh"
MISSING = [tool for tool in ("bash", "curl", "jq") if shutil.which(tool) is None]

pytestmark = pytest.mark.skipif(
    bool(MISSING) and not os.environ.get("GROOVE_NEED_BRIDGE_TOOLS"),
    reason=f"{', '.join(MISSING)} not installed (make test installs them, and sets "
    "GROOVE_NEED_BRIDGE_TOOLS)",
)


def test_the_bash_client_passes_every_app_token_rule_over_tls() -> None:
    command = f"bash {ADAPTER}"
    report = run_suite(command_factory(command), client=command, tls=True)
    judged = {r.rule.id: r for r in report.results if r.status is not Status.SKIPPED}
    assert [r.message() for r in judged.values() if r.status is not Status.PASSED] == []
    assert {"GC-TOKEN-003", "GC-CRED-001", "GC-RETRY-001", "GC-RATE-001"} <= set(judged)
    skipped = [r for r in report.results if r.status is Status.SKIPPED]
    assert all("lacks" in r.reason or "capabilit" in r.reason for r in skipped), [
        r.reason for r in skipped
    ]
