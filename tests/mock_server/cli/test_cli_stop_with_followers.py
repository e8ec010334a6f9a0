"""SIGTERM to `groove-mock serve` with `journal --follow` attached: the follower's long poll
ends in an orderly end of stream (it says the mock stopped and exits 0), the server stops at
once (not when uvicorn's 2 s graceful-shutdown timeout cuts the poll short) and logs no
traceback."""

from __future__ import annotations

import json
import os
import select
import signal
import subprocess
import sys
import time
from pathlib import Path

import httpx

CLI = [sys.executable, "-c", "import sys; from mock_server.cli import main; sys.exit(main())"]
ENV = {**os.environ, "PYTHONUNBUFFERED": "1"}


def _popen(*args: str) -> subprocess.Popen[str]:
    return subprocess.Popen(
        [*CLI, *args], stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True, env=ENV
    )


def _read_line(process: subprocess.Popen[str], timeout: float) -> str:
    assert process.stdout is not None
    ready, _, _ = select.select([process.stdout], [], [], timeout)
    assert ready, "no line in time"
    return process.stdout.readline()


def test_sigterm_ends_the_followers_stream_and_stops_at_once(tmp_path: Path) -> None:
    ready = tmp_path / "mock.json"
    serve = _popen("serve", "--port", "0", "--ready-file", str(ready))
    followers: list[subprocess.Popen[str]] = []
    try:
        deadline = time.monotonic() + 30
        while not ready.exists():
            assert serve.poll() is None, serve.communicate()
            assert time.monotonic() < deadline, "serve did not get ready"
            time.sleep(0.05)
        url = json.loads(ready.read_text())["listening"]["auth"]
        followers = [_popen("journal", "--follow", "--url", url) for _ in range(2)]
        httpx.get(url + "/1/content/music/spotlight", timeout=10)
        for follower in followers:  # each has shown the request: it is in its long poll now
            assert "/1/content/music/spotlight" in _read_line(follower, 30)
        time.sleep(0.3)

        started = time.monotonic()
        serve.send_signal(signal.SIGTERM)
        out, err = serve.communicate(timeout=30)
        stopped_in = time.monotonic() - started
        ends = [follower.communicate(timeout=30) for follower in followers]
    finally:
        for process in (serve, *followers):
            if process.poll() is None:
                process.kill()
                process.communicate()

    assert serve.returncode == 0, err
    assert "Traceback" not in out + err
    assert err == ""
    assert out.rstrip().endswith("groove-mock: stopped")
    # No timed assertion (speed is measured in `make bench`, and this machine may be loaded):
    # the old stop let uvicorn's 2 s graceful-shutdown timeout cut the poll short, which the
    # traceback and the follower's exit 2 (HTTP 500) above and below would show.
    assert stopped_in < 30
    for follower, (follower_out, follower_err) in zip(followers, ends, strict=True):
        assert follower.returncode == 0, follower_err
        assert follower_err == ""
        assert follower_out.strip().endswith(f"groove-mock: the mock at {url} has stopped")
