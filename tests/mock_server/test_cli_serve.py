"""`groove-mock serve` as a real process: it prints the URLs and demo credentials, stops
cleanly on SIGTERM and SIGINT, and fails in one line with exit code 2 on a busy port or a bad
scenario file."""

from __future__ import annotations

import json
import os
import signal
import socket
import subprocess
import sys
import time
from collections.abc import Iterator
from pathlib import Path

import httpx
import pytest

SERVE = [sys.executable, "-c", "import sys; from mock_server.cli import main; sys.exit(main())"]


def _start(*args: str) -> subprocess.Popen[str]:
    return subprocess.Popen(
        [*SERVE, "serve", *args],
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
        env={**os.environ, "PYTHONUNBUFFERED": "1"},
    )


def _wait_for(path: Path, process: subprocess.Popen[str], timeout: float = 20) -> dict[str, object]:
    deadline = time.monotonic() + timeout
    while not path.exists():
        if process.poll() is not None:
            pytest.fail(f"serve exited early: {process.communicate()}")
        if time.monotonic() > deadline:
            process.kill()
            pytest.fail("serve did not get ready in time")
        time.sleep(0.05)
    document: dict[str, object] = json.loads(path.read_text())
    return document


class Launched:
    """Four `serve` processes started together (each costs a Python start-up, about a
    second): two that run, one on a busy port, one with a bad scenario file."""

    def __init__(self, folder: Path):
        self.loopback_ready = folder / "loopback.json"
        self.exposed_ready = folder / "exposed.json"
        self.bad_scenario = folder / "scenario.json"
        self.bad_scenario.write_text('{"apps": [], "users": [{"id": "u"}]}')
        self.taken = socket.socket()
        self.taken.bind(("127.0.0.1", 0))
        self.taken.listen()
        self.busy_port = self.taken.getsockname()[1]
        self.loopback = _start("--port", "0", "--ready-file", str(self.loopback_ready))
        self.exposed = _start(
            "--host", "0.0.0.0", "--port", "0", "--api-port", "0",
            "--ready-file", str(self.exposed_ready),
        )  # fmt: skip
        self.busy = _start("--port", str(self.busy_port))
        self.broken = _start("--port", "0", "--scenario", str(self.bad_scenario))

    def close(self) -> None:
        for process in (self.loopback, self.exposed, self.busy, self.broken):
            if process.poll() is None:
                process.kill()
                process.communicate()
        self.taken.close()


@pytest.fixture(scope="module")
def launched(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Launched]:
    processes = Launched(tmp_path_factory.mktemp("serve"))
    yield processes
    processes.close()


@pytest.fixture
def web() -> Iterator[httpx.Client]:
    with httpx.Client(timeout=5) as client:
        yield client


def test_serve_prints_urls_and_credentials_and_stops_on_sigterm(
    launched: Launched, web: httpx.Client
):
    process = launched.loopback
    document = _wait_for(launched.loopback_ready, process)
    urls = document["urls"]
    assert isinstance(urls, dict)
    assert document["admin_key"] is None
    assert web.get(f"{urls['control']}/health").json() == {"status": "ok"}
    token = web.post(f"{urls['control']}/tokens", json={"kind": "app"}).json()["token"]
    spotlight = web.get(
        f"{urls['api']}/1/content/music/spotlight", headers={"Authorization": f"Bearer {token}"}
    )
    assert spotlight.status_code == 200
    process.send_signal(signal.SIGTERM)
    out, err = process.communicate(timeout=10)
    assert process.returncode == 0
    assert f"authorization server  {urls['auth']}" in out
    assert f"Groove API            {urls['api']}" in out
    assert "open on loopback" in out
    assert "000000004C1B7E2A" in out
    assert "gr00ve+Demo/Secret=" in out
    assert "4a1f9c2e7b3d5068  Ada Paid" in out
    assert out.rstrip().endswith("groove-mock: stopped")
    assert "Traceback" not in err
    assert token not in out + err


def test_serve_off_loopback_prints_its_admin_key_and_stops_on_sigint(
    launched: Launched, web: httpx.Client
):
    process = launched.exposed
    document = _wait_for(launched.exposed_ready, process)
    assert launched.exposed_ready.stat().st_mode & 0o777 == 0o600  # it holds the admin key
    key = document["admin_key"]
    urls = document["urls"]
    assert isinstance(key, str)
    assert isinstance(urls, dict)
    assert urls["auth"] != urls["api"]
    assert web.get(f"{urls['control']}/status").status_code == 401
    status = web.get(f"{urls['control']}/status", headers={"X-Admin-Key": key})
    assert status.status_code == 200
    process.send_signal(signal.SIGINT)
    out, err = process.communicate(timeout=10)
    assert process.returncode == 0
    assert f"admin key: {key}" in out
    assert "Traceback" not in err


def test_a_busy_port_is_one_line_and_exit_2(launched: Launched):
    out, err = launched.busy.communicate(timeout=20)
    assert launched.busy.returncode == 2
    assert out == ""
    port = launched.busy_port
    assert err == f"groove-mock: error: cannot listen on 127.0.0.1:{port}: address already in use\n"


def test_a_bad_scenario_is_one_line_and_exit_2(launched: Launched):
    out, err = launched.broken.communicate(timeout=20)
    assert launched.broken.returncode == 2
    assert out == ""
    scenario = launched.bad_scenario
    assert err == f"groove-mock: error: {scenario}: users[0].name: must be a non-empty string\n"
