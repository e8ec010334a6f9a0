"""The Node.js example in examples/node, verified over the bridge: its client passes every
rule (over https, trusting the run's CA by NODE_EXTRA_CA_CERTS), and its client with the
groovesdk bug (a second Authorization value after renewal) fails GC-CRED-001 and nothing else.

`make test` installs Debian's nodejs when `node` is missing; a bare `pytest` skips these."""

from __future__ import annotations

import os
import shutil
from pathlib import Path

import pytest

from contract_tests._runner import Status, run_suite
from contract_tests.bridge._process_adapter import command_factory

NODE = shutil.which("node")
ADAPTER = Path(__file__).resolve().parents[2] / "examples" / "node" / "adapter.mjs"

pytestmark = pytest.mark.skipif(
    NODE is None and not os.environ.get("GROOVE_NEED_BRIDGE_TOOLS"),
    reason="node is not installed (make test installs it, and sets GROOVE_NEED_BRIDGE_TOOLS)",
)


def test_the_node_client_passes_every_rule_over_the_bridge_and_tls() -> None:
    command = f"node {ADAPTER}"
    report = run_suite(command_factory(command), client=command, tls=True)
    assert [r.message() for r in report.results if r.status is not Status.PASSED] == []
    assert report.transport == "tls"
    assert all(r.adapter_log == "" for r in report.results)  # nothing on stderr, no note


def test_the_node_client_with_a_second_authorization_value_fails_gc_cred_001_only() -> None:
    command = f"node {ADAPTER} ./broken-client.mjs"
    report = run_suite(command_factory(command), client=command, socket=True)
    failed = {r.rule.id for r in report.results if r.status in (Status.FAILED, Status.ERROR)}
    assert failed == {"GC-CRED-001"}
    cred = next(r for r in report.results if r.rule.id == "GC-CRED-001")
    assert "2 on journal entry" in cred.seen
    # The rules it could not be judged on were blocked by the same breach, not by the bridge.
    for result in report.results:
        if result.status is Status.BLOCKED:
            assert "GC-CRED-001" in result.reason or "400" in result.reason, result.message()
