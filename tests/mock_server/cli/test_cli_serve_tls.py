"""`groove-mock serve --tls` as a real process: https, the CA bundle's path in the ready file
and the banner, its files gone when serve stops."""

from __future__ import annotations

import json
import os
import signal
import ssl
import subprocess
import sys
import time
from pathlib import Path

import httpx
import pytest

SERVE = [sys.executable, "-c", "import sys; from mock_server.cli import main; sys.exit(main())"]


def test_serve_tls_announces_its_ca_and_serves_https(tmp_path: Path) -> None:
    ready = tmp_path / "ready.json"
    process = subprocess.Popen(
        [*SERVE, "serve", "--tls", "--port", "0", "--ready-file", str(ready)],
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
        env={**os.environ, "PYTHONUNBUFFERED": "1"},
    )
    try:
        deadline = time.monotonic() + 20
        while not ready.exists():
            if process.poll() is not None or time.monotonic() > deadline:
                process.kill()
                pytest.fail(f"serve --tls did not get ready: {process.communicate()}")
            time.sleep(0.05)
        document = json.loads(ready.read_text())
        ca_file = document["ca_file"]
        assert Path(ca_file).is_file()
        assert document["urls"]["auth"].startswith("https://127.0.0.1:")
        context = ssl.create_default_context(cafile=ca_file)
        with httpx.Client(verify=context) as http:
            discovery = http.get(f"{document['urls']['auth']}/_mock/health")
            assert discovery.status_code == 200
    finally:
        process.send_signal(signal.SIGTERM)
        out, err = process.communicate(timeout=20)
    assert process.returncode == 0, err
    assert f"CA bundle: {ca_file}" in out
    assert f"NODE_EXTRA_CA_CERTS={ca_file}" in out
    assert f"REQUESTS_CA_BUNDLE={ca_file}" in out
    assert not Path(ca_file).exists()
