"""`groove-mock serve` as a real process: it prints the URLs and demo credentials, stops
cleanly on SIGTERM and SIGINT (removing its ready file), announces the public URLs it is given,
keeps uvicorn's own lines out unless at debug, and fails in one line with exit code 2, before
listening, on a busy port, a bad scenario file, a ready file it cannot write or a JWT key that
is not one."""

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


# The "exposed" server requires a key like a server off loopback, but binds 127.0.0.1: tests
# never bind a public interface (the key generated off loopback: test_serve_banner_...).
EXPOSED_KEY = "serve-test-key-0123456789"
AUTH_BASE, API_BASE = "https://login.example.test", "https://api.example.test/groove"


class Launched:
    """Six `serve` processes started together (each costs a Python start-up, about a
    second): four that run (one announcing public URLs, one at debug), one on a busy port with
    a stale ready file, one with a bad scenario file."""

    def __init__(self, folder: Path):
        self.loopback_ready = folder / "loopback.json"
        self.exposed_ready = folder / "exposed.json"
        self.announced_ready = folder / "announced.json"
        self.debug_ready = folder / "debug.json"
        self.stale_ready = folder / "stale.json"
        self.stale_ready.write_text('{"urls": {}, "admin_key": null}')
        self.bad_scenario = folder / "scenario.json"
        self.bad_scenario.write_text('{"apps": [], "users": [{"id": "u"}]}')
        self.taken = socket.socket()
        self.taken.bind(("127.0.0.1", 0))
        self.taken.listen()
        self.busy_port = self.taken.getsockname()[1]
        self.loopback = _start("--port", "0", "--ready-file", str(self.loopback_ready))
        self.exposed = _start(
            "--port", "0", "--api-port", "0", "--admin-key", EXPOSED_KEY,
            "--ready-file", str(self.exposed_ready),
        )  # fmt: skip
        self.announced = _start(
            "--port", "0", "--auth-base-url", AUTH_BASE, "--api-base-url", API_BASE,
            "--ready-file", str(self.announced_ready),
        )  # fmt: skip
        self.debug = _start(
            "--port", "0", "--log-level", "debug", "--ready-file", str(self.debug_ready)
        )  # fmt: skip
        self.busy = _start("--port", str(self.busy_port), "--ready-file", str(self.stale_ready))
        self.broken = _start("--port", "0", "--scenario", str(self.bad_scenario))

    def close(self) -> None:
        processes = (
            self.loopback, self.exposed, self.announced, self.debug, self.busy, self.broken
        )  # fmt: skip
        for process in processes:
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
    assert "listens" not in out  # the URLs shown are where it listens: nothing to add
    assert document["listening"] == {key: urls[key] for key in ("auth", "api", "control")}
    assert "Traceback" not in err
    assert token not in out + err
    # uvicorn's "Started server process" and shutdown lines say what the banner says.
    assert "INFO" not in err
    assert not launched.loopback_ready.exists()  # never "ready" for the next run to read


def test_serve_banner_shows_the_key_generated_off_loopback():
    from mock_server import MockState, Settings
    from mock_server.cli._text import AUTH_ENDPOINTS, url_lines
    from mock_server.control import MockControl

    key = MockControl(MockState(Settings(host="0.0.0.0"))).admin_key
    assert key
    urls = {name: f"http://127.0.0.1:8080/{name}" for name in ("auth", "api", "control")}
    urls |= dict.fromkeys(AUTH_ENDPOINTS, "http://127.0.0.1:8080/x")
    assert any(f"admin key: {key}" in line for line in url_lines(urls, key))


def test_serve_with_a_key_prints_it_and_stops_on_sigint(launched: Launched, web: httpx.Client):
    process = launched.exposed
    document = _wait_for(launched.exposed_ready, process)
    assert launched.exposed_ready.stat().st_mode & 0o777 == 0o600  # it holds the admin key
    key = document["admin_key"]
    urls = document["urls"]
    assert key == EXPOSED_KEY
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
    assert not launched.exposed_ready.exists()


def test_serve_announces_the_public_urls_and_says_where_it_listens(
    launched: Launched, web: httpx.Client
):
    process = launched.announced
    document = _wait_for(launched.announced_ready, process)
    urls, listening = document["urls"], document["listening"]
    assert isinstance(urls, dict)
    assert isinstance(listening, dict)
    assert (urls["auth"], urls["api"]) == (AUTH_BASE, API_BASE)
    assert urls["token"] == f"{AUTH_BASE}/oauth20_token.srf"
    assert listening["auth"] == listening["api"]
    assert listening["auth"].startswith("http://127.0.0.1:")
    status = web.get(f"{listening['control']}/status").json()
    assert status["urls"] == {key: urls[key] for key in ("auth", "api", "control")}
    process.send_signal(signal.SIGTERM)
    out, err = process.communicate(timeout=10)
    assert process.returncode == 0
    assert f"authorization server  {AUTH_BASE}   " in out
    assert f"Groove API            {API_BASE}   " in out
    assert f"Groove API listens    {listening['api']}   (announced as {API_BASE})" in out
    assert f"auth server listens   {listening['auth']}   (announced as {AUTH_BASE})" in out
    assert "Traceback" not in err


def test_at_debug_uvicorns_own_lines_are_shown(launched: Launched):
    process = launched.debug
    _wait_for(launched.debug_ready, process)
    process.send_signal(signal.SIGTERM)
    _, err = process.communicate(timeout=10)
    assert process.returncode == 0
    assert "Started server process" in err
    assert "Finished server process" in err


def test_a_busy_port_is_one_line_and_exit_2_and_a_stale_ready_file_is_gone(launched: Launched):
    out, err = launched.busy.communicate(timeout=20)
    assert launched.busy.returncode == 2
    assert out == ""
    port = launched.busy_port
    assert err == (
        f"groove-mock serve: error: cannot listen on 127.0.0.1:{port}: address already in use\n"
    )
    assert not launched.stale_ready.exists()


def test_a_bad_scenario_is_one_line_and_exit_2(launched: Launched):
    out, err = launched.broken.communicate(timeout=20)
    assert launched.broken.returncode == 2
    assert out == ""
    scenario = launched.bad_scenario
    assert err == (
        f"groove-mock serve: error: {scenario}: users[0].name: must be a non-empty string\n"
    )
