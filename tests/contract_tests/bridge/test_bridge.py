"""The bridge: every way an adapter process can break it ends in a clear verdict, never a hang."""

from __future__ import annotations

import shlex
import sys
import time
from pathlib import Path

import pytest

from contract_tests._adapter import Environment
from contract_tests._runner import Status, run_rule
from contract_tests.bridge._process import group_alive
from contract_tests.bridge._process_adapter import BridgeError, ProcessAdapter, command_factory
from contract_tests.harness._hosting import SocketHost
from contract_tests.harness._session import SessionOptions
from contract_tests.rules import RULES

FAKE = Path(__file__).with_name("fake_adapter.py")
TIMEOUT = 1.0
SECRET = "fake+Secret/="


def command(mode: str) -> str:
    return f"{shlex.quote(sys.executable)} {shlex.quote(str(FAKE))} {mode}"


def environment() -> Environment:
    return Environment(
        "http://127.0.0.1:9", "http://127.0.0.1:9", "id", SECRET, "http://127.0.0.1:9/cb", (), "u"
    )


def start(mode: str, *, start_timeout: float = 30.0) -> ProcessAdapter:
    """An adapter with steps of TIMEOUT; a start under heavy load may be slow (a Python start)."""
    return ProcessAdapter(
        command(mode), environment(), timeout=TIMEOUT, start_timeout=start_timeout
    )


def broken_at_first_step(mode: str) -> tuple[ProcessAdapter, str]:
    adapter = start(mode)
    with pytest.raises(BridgeError) as raised:
        adapter.perform({"op": "get_app_token"})
    adapter.close()
    return adapter, str(raised.value)


def test_a_well_behaved_adapter_answers_steps_in_order_and_closes_cleanly() -> None:
    adapter = start("ok")
    assert adapter.capabilities == {"app-token"}
    assert adapter.perform({"op": "get_app_token"}) == {"ok": False, "detail": "ok"}
    assert adapter.perform({"op": "profile"}) == {"ok": False, "detail": "ok"}
    adapter.close()
    report = adapter.report()
    assert report.failure == ""
    assert "fake adapter (ok) starting" in report.log


@pytest.mark.parametrize(
    ("cmd", "reason"),
    [
        ("no-such-adapter-command-13 x.js", "cannot start 'no-such-adapter-command-13'"),
        ("", "the command is empty"),
        ("node 'unclosed", "cannot read the command"),
    ],
)
def test_a_command_that_does_not_start_is_one_line(cmd: str, reason: str) -> None:
    with pytest.raises(BridgeError, match=reason) as raised:
        ProcessAdapter(cmd, environment(), timeout=TIMEOUT, start_timeout=30)
    assert "\n" not in str(raised.value)


def test_an_adapter_that_dies_before_its_hello_is_named_with_its_stderr() -> None:
    with pytest.raises(BridgeError) as raised:
        start("crash-at-start")
    message = str(raised.value)
    assert "it exited with code 3 before answering the hello" in message
    assert "SyntaxError: Unexpected token '}'" in message


def test_an_adapter_that_never_says_hello_times_out_and_is_ended() -> None:
    started = time.monotonic()
    with pytest.raises(BridgeError, match=f"did not answer the hello within {TIMEOUT:g} s"):
        start("silent", start_timeout=0)
    assert time.monotonic() - started < 10  # no hang (a loaded machine is slow)


@pytest.mark.parametrize(
    ("mode", "reason"),
    [
        ("protocol-2", "it speaks protocol 2; this suite speaks 1"),
        (
            "typo-capability",
            r"its hello breaks the protocol: \$\.capabilities\[0\]: 'app_token' is not one of",
        ),
    ],
)
def test_a_hello_the_suite_cannot_accept_is_refused(mode: str, reason: str) -> None:
    with pytest.raises(BridgeError, match=reason):
        start(mode)


@pytest.mark.parametrize(
    ("mode", "reason"),
    [
        ("not-json", "line 2 of its output is not JSON: 'Fetching the app token...'"),
        ("wrong-id", "it answered step 2, but was asked step 1"),
        ("wrong-type", "it said hello a second time"),
        (
            "bad-outcome",
            "its outcome breaks the protocol: "
            "$.outcome.status: '200' is not of type 'integer', 'null'",
        ),
        ("exit-mid", "it exited with code 4 before answering step 1 (get_app_token)"),
    ],
)
def test_a_protocol_breach_fails_the_step_at_once_and_is_the_adapters_verdict(
    mode: str, reason: str
) -> None:
    adapter, raised = broken_at_first_step(mode)
    assert reason in raised  # the breach itself, not "no outcome for step 1 within 1 s"
    assert adapter.report().failure == raised
    with pytest.raises(BridgeError) as later:  # and every later step fails as fast
        adapter.perform({"op": "profile"})
    assert str(later.value) == raised


def test_a_slow_step_times_out_and_its_late_answer_is_ignored() -> None:
    adapter = start("slow")
    with pytest.raises(BridgeError, match=f"no outcome for step 1 within {TIMEOUT:g} s"):
        adapter.perform({"op": "get_app_token"})
    # The answer to step 1 arrives while step 2 waits: it is not taken for step 2's.
    assert adapter.perform({"op": "profile"}) == {"ok": False, "detail": "slow"}
    adapter.close()
    report = adapter.report()
    assert report.failure == ""
    assert "the outcome of step 1 came after its timeout" in report.log


def test_an_adapter_that_stops_reading_its_input_cannot_block_the_suite() -> None:
    adapter = start("deaf")
    group = adapter._process.pid
    started = time.monotonic()
    huge: list[str] = ["music." + "A" * 1000] * 200  # more than a pipe holds
    with pytest.raises(BridgeError, match=f"it read none of its input for {TIMEOUT:g} s"):
        adapter.perform({"op": "lookup", "ids": huge})
    assert time.monotonic() - started < 10  # no hang (a loaded machine is slow)
    adapter.close()
    assert not group_alive(group)
    assert "the suite could not send a step" in adapter.report().failure


def test_processes_left_behind_are_ended_and_reported() -> None:
    adapter = start("children")
    group = adapter._process.pid
    assert group_alive(group)
    adapter.close()
    assert not group_alive(group)  # the child `sleep 60` too
    report = adapter.report()
    assert "left processes running after it exited" in report.failure
    assert SECRET not in report.log
    assert "***" in report.log


def test_an_adapter_that_ignores_close_is_ended_with_its_group() -> None:
    adapter = start("stuck-on-close")
    group = adapter._process.pid
    started = time.monotonic()
    adapter.close()
    assert time.monotonic() - started < 10  # no hang (a loaded machine is slow)
    assert not group_alive(group)
    assert "did not exit within 2 s of the close message" in adapter.report().log


def test_a_process_adapter_refuses_an_in_process_mock() -> None:
    from contract_tests.harness._hosting import InProcessHost
    from contract_tests.harness._registration import build_environment, new_state

    host = InProcessHost()
    try:
        env = build_environment(new_state(host, None), host)
        with pytest.raises(BridgeError, match="needs the mock on a socket"):
            ProcessAdapter(command("ok"), env)
    finally:
        host.close()


# verdicts in a rule's result -----------------------------------------------------------------

RULE = next(rule for rule in RULES if rule.id == "GC-TOKEN-001")


@pytest.fixture(scope="module")
def host():
    host = SocketHost()
    yield host
    host.close()


def test_a_breach_mid_rule_makes_the_rule_an_error_with_the_adapters_stderr(host) -> None:
    factory = command_factory(command("exit-mid"), timeout=TIMEOUT, start_timeout=30)
    result = run_rule(RULE, factory, host, SessionOptions(step_timeout=TIMEOUT))
    assert result.status is Status.ERROR
    assert result.reason == (
        "the adapter process broke the bridge: "
        "it exited with code 4 before answering step 1 (get_app_token)"
    )
    assert "TypeError: fetch failed" in result.adapter_log
    assert "TypeError: fetch failed" in result.message()
    assert result.to_json()["adapter_stderr"] == result.adapter_log


def test_an_adapter_that_cannot_start_in_a_rule_is_an_error(host) -> None:
    factory = command_factory(command("crash-at-start"), timeout=TIMEOUT, start_timeout=30)
    result = run_rule(RULE, factory, host, SessionOptions(step_timeout=TIMEOUT))
    assert result.status is Status.ERROR
    assert "before answering the hello" in result.reason


def test_a_timed_out_step_is_a_failed_step_not_a_broken_adapter(host) -> None:
    factory = command_factory(command("slow"), timeout=TIMEOUT, start_timeout=30)
    result = run_rule(RULE, factory, host, SessionOptions(step_timeout=TIMEOUT))
    assert result.status is not Status.ERROR
    assert result.steps[0].error == f"timed out after {TIMEOUT:g} s"
