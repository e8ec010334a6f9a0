"""The plugin under pytest-xdist (`-n 2`): every worker has its own mocks and its own socket
server, the rule items are spread over the workers, and the controller judges the whole run."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

SPEC = "tests.contract_tests.broken_spec:app_token_only"
REFERENCE = "contract_tests.reference_client:make_adapter"

WORKER_TESTS = """
import json
import os
from pathlib import Path

import httpx
import pytest


def record(kind, mock):
    line = {"worker": os.environ["PYTEST_XDIST_WORKER"], "kind": kind,
            "pid": os.getpid(), "state": id(mock.state), "base": mock.base_url}
    with open(Path(os.environ["RECORD"]), "a") as out:
        out.write(json.dumps(line) + "\\n")


@pytest.mark.parametrize("n", range(4))
def test_in_process(groove_mock, n):
    record("mock", groove_mock)
    token = groove_mock.control.app_token()
    with groove_mock.http() as http:
        r = http.get("/1/content/music/spotlight", headers={"Authorization": token.authorization})
    assert r.status_code == 200
    assert len(groove_mock.journal) == 1  # a fresh mock: nobody else's requests


@pytest.mark.parametrize("n", range(4))
def test_on_a_socket(groove_server, n):
    record("server", groove_server)
    r = httpx.get(groove_server.base_url + "/_mock/health")
    assert r.status_code == 200
    assert groove_server.journal == []
"""


def test_every_worker_has_its_own_mocks_and_server(
    pytester: pytest.Pytester, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    record = tmp_path / "record.jsonl"
    monkeypatch.setenv("RECORD", str(record))
    pytester.makepyfile(test_workers=WORKER_TESTS)
    result = pytester.runpytest_subprocess("-p", "no:cacheprovider", "-n", "2", "--dist", "load")
    result.assert_outcomes(passed=8)
    lines = [json.loads(line) for line in record.read_text().splitlines()]
    workers = {line["worker"] for line in lines}
    assert workers == {"gw0", "gw1"}
    assert len({(line["pid"], line["worker"]) for line in lines}) == 2
    mocks = [line for line in lines if line["kind"] == "mock"]
    assert len({(line["pid"], line["state"]) for line in mocks}) == len(mocks)  # one per test
    servers = {line["worker"]: set() for line in lines}
    for line in lines:
        if line["kind"] == "server":
            servers[line["worker"]].add(line["base"])
    # one socket server per worker (the session's), on a port of its own
    assert all(len(bases) <= 1 for bases in servers.values())
    every = [base for bases in servers.values() for base in bases]
    assert len(every) == len(set(every))


def test_rule_items_run_on_the_workers(pytester: pytest.Pytester) -> None:
    pytester.makepyfile("def test_plain():\n    pass\n")
    rules = ("--groove-rule", "GC-TOKEN", "--groove-rule", "GC-AUTH")
    result = pytester.runpytest_subprocess(
        "-p", "no:cacheprovider", "-n", "2", "--groove-client", SPEC, *rules, "-v"
    )
    assert result.ret == pytest.ExitCode.OK, result.stdout.str()
    result.assert_outcomes(passed=5, skipped=7)  # test_plain, GC-TOKEN-001..004; GC-AUTH skip
    result.stdout.fnmatch_lines(["*gw0*::GC-*", "*gw1*::GC-*"], consecutive=False)


def test_the_controller_judges_a_run_in_which_no_rule_ran(pytester: pytest.Pytester) -> None:
    """Each worker sees a share; only the whole run says whether any rule ran."""
    pytester.makepyfile("def test_plain():\n    pass\n")
    args = ("-p", "no:cacheprovider", "-n", "2", "--groove-client", SPEC)
    skipped = pytester.runpytest_subprocess(*args, "--groove-rule", "GC-AUTH")
    assert skipped.ret == pytest.ExitCode.USAGE_ERROR
    skipped.stdout.fnmatch_lines(["groove-contract: error: no rule ran: the 7 selected rules*"])
